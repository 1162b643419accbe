import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { createDataSource, runMigrations } from '../src/database/data-source';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { seedDemoData } from '../src/database/seed';

export interface BenchDatabase {
  url: string;
  /** Where it runs, for the report. */
  label: string;
  drop(): Promise<void>;
}

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

async function admin(url: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * A fresh, migrated and seeded database for one bench run: on DATABASE_URL's server if set,
 * else in a throw-away embedded PostgreSQL (temp dir, free port), as test/support/global-setup does.
 */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  let adminUrl = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let dataDir: string | undefined;
  if (!adminUrl) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luister-bench-pg-'));
    // The postgres system user (we may be root) must be able to enter the directory.
    fs.chmodSync(dataDir, 0o755);
    const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres' });
    adminUrl = pg.url;
    stopEmbedded = pg.stop;
  }
  const name = `luister_bench_${process.pid}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const cleanupServer = async () => {
    await stopEmbedded?.().catch(() => undefined);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin(adminUrl, `CREATE DATABASE ${name}`);
    const ds = createDataSource(url.toString(), { poolSize: 2 });
    await ds.initialize();
    try {
      await runMigrations(ds);
      await seedDemoData(ds);
    } finally {
      await ds.destroy();
    }
  } catch (e) {
    await cleanupServer();
    throw e;
  }
  return {
    url: url.toString(),
    label: stopEmbedded ? 'embedded PostgreSQL (temp dir)' : `DATABASE_URL server, database ${name}`,
    drop: async () => {
      // FORCE: a pool that did not close cleanly must not keep the database alive.
      await admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((e) =>
        console.error(`could not drop ${name}: ${String(e)}`),
      );
      await cleanupServer();
    },
  };
}

/**
 * The database a heavy bench measures: a database an earlier run kept, named by the environment
 * variable `reuseVariable` (on DATABASE_URL's server), so generation can run on a busy machine and
 * measuring on a quiet one; else a fresh one.
 */
export async function keptOrNewBenchDatabase(reuseVariable: string): Promise<BenchDatabase & { reused: boolean }> {
  const reuse = process.env[reuseVariable];
  if (!reuse || !process.env.DATABASE_URL) return { ...(await createBenchDatabase()), reused: false };
  const u = new URL(process.env.DATABASE_URL);
  u.pathname = `/${reuse}`;
  return {
    url: u.toString(),
    label: `DATABASE_URL server, kept database ${reuse}`,
    drop: async () => undefined,
    reused: true,
  };
}
