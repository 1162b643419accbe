import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

export interface PgProcess {
  url: string;
  stop(): Promise<void>;
}

/** A dedicated embedded PostgreSQL in a child process, so a test can really stop and restart it. */
export async function startPgProcess(dataDir: string, port: number): Promise<PgProcess> {
  const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, 'pg-child.js'), dataDir, String(port)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready (\S+)\n/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) =>
      reject(new Error(`embedded PostgreSQL child exited (${code}): ${stderr.slice(0, 500)}`)),
    );
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin!.write('stop\n');
      }),
  };
}
