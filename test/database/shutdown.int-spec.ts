import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

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

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => resolve(false));
  });

/**
 * The service as `npm start` runs it (embedded PostgreSQL, jobs on), stopped the way a process
 * manager stops it: SIGTERM to the main process. The app must stop before its database, so no
 * job or request loses its connection on the way down.
 */
describe('graceful shutdown with the embedded database', () => {
  let dir: string;
  let child: ChildProcess | undefined;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luister-shutdown-'));
  });
  afterAll(() => {
    child?.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stops the app, then the database, on SIGTERM: exit 0 and no error logged', async () => {
    const [port, smtpPort, pgPort] = [await freePort(), await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      SMTP_PORT: String(smtpPort),
      EMBEDDED_PG_PORT: String(pgPort),
      LUISTER_DATA_DIR: dir,
      LUISTER_DEMO: '0',
      LOG_LEVEL: 'info',
    };
    delete env.DATABASE_URL;
    child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'src', 'main.ts')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));

    const deadline = Date.now() + 90_000;
    while (!out.includes('Luister is running') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(out).toContain('Luister is running');
    // Let the boot jobs (dashboard roll-up, SLA scan) get going, so connections are in use.
    await new Promise((r) => setTimeout(r, 1500));

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const errors = out.split('\n').filter((l) => /"level":(50|60)/.test(l));
    expect(errors).toEqual([]);
    expect(out).toContain('"msg":"shutting down"');
    expect(await listening(pgPort)).toBe(false);
    expect(await listening(port)).toBe(false);
  }, 120_000);
});
