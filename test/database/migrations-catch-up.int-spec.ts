import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { Client } from 'pg';
import { DataSource, MigrationInterface } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { createDataSource } from '../../src/database/data-source';
import { schemaSnapshot } from '../support/schema-snapshot';

/**
 * Four landed migrations were edited after they had run on some databases. Such a database, once
 * migrated forward, must have exactly the schema of a database created today.
 */
const BEFORE_DIR = path.join(__dirname, '..', 'fixtures', 'migrations-before');
// The first landed text of each migration that was edited later (from git history).
const EDITED = ['1732450100000-staff-inbox', '1732450300000-sla', '1732450500000-privacy', '1732450800000-dashboard'];

type MigrationClass = new () => MigrationInterface;

function landedBeforeEdits(): MigrationClass[] {
  const old = new Map<string, MigrationClass>();
  for (const file of EDITED) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cls = Object.values(require(path.join(BEFORE_DIR, file)))[0] as MigrationClass;
    old.set(new cls().name ?? cls.name, cls);
  }
  // The eleven migrations that had landed by then, with the four in their first text.
  return MIGRATIONS.filter((m) => Number(/\d{13}$/.exec(m.name)?.[0]) < 1733000000000).map(
    (m) => old.get(new m().name ?? m.name) ?? m,
  );
}

async function withDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const adminUrl = process.env.LUISTER_TEST_ADMIN_URL!;
  const name = `luister_mig_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  try {
    return await fn(u.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function migrate(url: string, migrations: MigrationClass[]): Promise<string[]> {
  const ds: DataSource = createDataSource(url, { poolSize: 2 });
  // The same data source as the app's, with a chosen list of migrations.
  ds.setOptions({ migrations });
  await ds.initialize();
  try {
    return (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

describe('a database migrated before the edits, migrated forward', () => {
  jest.setTimeout(120_000);

  it('has exactly the schema of a fresh database', async () => {
    const fresh = await withDatabase(async (url) => {
      await migrate(url, MIGRATIONS);
      return schemaSnapshot(url);
    });
    const upgraded = await withDatabase(async (url) => {
      const before = landedBeforeEdits();
      expect(await migrate(url, before)).toHaveLength(11);
      const beforeSchema = await schemaSnapshot(url);
      // It really is the old shape: the catch-up has something to do.
      expect(beforeSchema).not.toEqual(fresh);
      // Only what is new runs; the edited four are never run again.
      const ran = await migrate(url, MIGRATIONS);
      expect(ran).toContain('CatchUpEditedMigrations1733000000000');
      expect(ran.filter((n) => Number(/\d{13}$/.exec(n)?.[0]) < 1733000000000)).toEqual([]);
      return schemaSnapshot(url);
    });
    expect(upgraded).toEqual(fresh);
  });
});
