import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The app as `npm start` runs it (src/main.ts), in a process of its own, for tests that hurt it or its database. */
export class AppProcess {
  private out = '';

  private constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (b: Buffer) => (this.out += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (this.out += b.toString()));
  }

  /** Starts it with `env` and waits for "Luister is running" (throws with its output if that never comes). */
  static async start(env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<AppProcess> {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'src', 'main.ts')],
      {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const app = new AppProcess(child);
    const deadline = Date.now() + timeoutMs;
    while (!app.out.includes('Luister is running') && child.exitCode === null && Date.now() < deadline)
      await sleep(200);
    if (!app.out.includes('Luister is running')) {
      child.kill('SIGKILL');
      throw new Error(`the app did not start:\n${app.out.slice(-2000)}`);
    }
    return app;
  }

  /** Everything it printed so far. */
  get output(): string {
    return this.out;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGTERM, then SIGKILL if it has not stopped within 20 s. */
  async stop(): Promise<void> {
    if (!this.running) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await Promise.race([exited, sleep(20_000)]);
    if (this.running) this.child.kill('SIGKILL');
  }
}
