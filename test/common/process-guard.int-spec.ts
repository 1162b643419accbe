import { ChildProcess, spawn } from 'node:child_process';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { createTestDatabase, TestDatabase } from '../support/database';

const ROOT = path.join(__dirname, '..', '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

function health(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', timeout: 5000, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
  });
}

/**
 * The process guard of main.ts: a rejection nobody handles and a lost database connection's
 * 'error' event with no listener are logged (without their message) and the app serves on.
 * Without the guard Node ends the process on either.
 */
describe('process guard', () => {
  let db: TestDatabase;
  let child: ChildProcess | undefined;
  let out = '';
  let port: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    const [p, smtpPort] = [await freePort(), await freePort()];
    port = p;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: db.url,
      PORT: String(port),
      SMTP_PORT: String(smtpPort),
      LUISTER_DEMO: '0',
      LUISTER_JOBS: '0',
      LOG_LEVEL: 'info',
    };
    child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        path.join(ROOT, 'test', 'support', 'fault-preload.js'),
        path.join(ROOT, 'src', 'main.ts'),
      ],
      { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    const deadline = Date.now() + 120_000;
    while (!out.includes('Luister is running') && child.exitCode === null && Date.now() < deadline) await sleep(200);
    expect(out).toContain('Luister is running');
  }, 150_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await db?.drop();
  }, 30_000);

  it('logs an unhandled rejection and a lost connection without their text, and keeps serving', async () => {
    expect(await health(port)).toBe(200);
    child!.kill('SIGUSR2');
    const deadline = Date.now() + 10_000;
    while (!out.includes('fault-preload: done') && child!.exitCode === null && Date.now() < deadline) await sleep(100);
    await sleep(300);
    expect(child!.exitCode).toBeNull();
    expect(await health(port)).toBe(200);
    const lines = out.split('\n').filter((l) => l.includes('"component":"process"'));
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual([
      'unhandled promise rejection; serving on',
      'uncaught database connection error; serving on',
    ]);
    expect(JSON.parse(lines[0]).err).toMatchObject({ type: 'Error', code: 'ECONNREFUSED' });
    expect(out).not.toContain('Zonnebloem');
  }, 30_000);
});
