import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { createDataSource, runMigrations } from '../../src/database/data-source';
import { seedDemoData } from '../../src/database/seed';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/**
 * One PostgreSQL for the whole run (DATABASE_URL's server, else a throw-away embedded one) and a
 * migrated, seeded template database; each test file clones it (CREATE DATABASE … TEMPLATE).
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luister-test-pg-'));
    fs.chmodSync(dataDir, 0o755);
    const db = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres' });
    (globalThis as Record<string, unknown>).__LUISTER_EMBEDDED__ = { stop: db.stop, dataDir };
    adminUrl = db.url;
    process.env.LUISTER_TEST_EMBEDDED = '1';
  }
  const template = `luister_tpl_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();

  const ds = createDataSource(withDatabase(adminUrl, template), { poolSize: 2 });
  await ds.initialize();
  await runMigrations(ds);
  await seedDemoData(ds);
  await ds.destroy();

  process.env.LUISTER_TEST_ADMIN_URL = adminUrl;
  process.env.LUISTER_TEST_TEMPLATE = template;
}
