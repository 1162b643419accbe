import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { CasesService } from '../../src/cases/cases.service';
import { loadConfig } from '../../src/config/config';
import { OutboxSender } from '../../src/mail/outbound/outbox.sender';
import { OutboxService } from '../../src/mail/outbound/outbox.service';
import { startTestApp, TestApp } from '../support/app';
import { Sink, startSink } from './outbound-sink';

jest.setTimeout(90_000);

const MAILS = 50;

function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() > end) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

describe('a sender killed mid-batch loses no mail', () => {
  let t: TestApp;
  let sink: Sink;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    // Each answer is held back, so a batch is still in flight when the sender dies.
    sink = await startSink({ delayMs: 150 });
    const base = loadConfig({ NODE_ENV: 'test' }).outboundMail;
    // A short lease, so the restarted sender may take what the killed one had claimed within the test.
    t = await startTestApp({
      outboundMail: { ...base, relayUrl: sink.url, retryBaseSeconds: 0, sweepSeconds: 0, claimSeconds: 2 },
    });
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await t?.close();
    await sink?.close();
  });

  it('sends every mail after SIGKILL and a restart; a mail sent twice carries the same Message-ID', async () => {
    const ds = t.app.get(DataSource);
    const outbox = t.app.get(OutboxService);
    const messageIds = await ds.transaction(async (m) => {
      const c = await t.app.get(CasesService).createCase(m, {
        channel: 'email',
        helpSeeker: { nickname: 'Anna', language: 'nl', email: 'anna@example.nl' },
        firstMessage: { text: 'vraag' },
      });
      const ids: string[] = [];
      for (let i = 0; i < MAILS; i++) {
        const q = await outbox.enqueue(m, {
          caseId: c.caseId,
          kind: 'reply',
          automatic: false,
          language: 'nl',
          to: 'anna@example.nl',
          subject: 'Antwoord',
          text: `antwoord ${i}`,
        });
        ids.push(q.messageId);
      }
      return ids;
    });

    // A sender in its own process, killed without warning while its first batch is in flight.
    child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'outbound-sender-child.ts'), t.db.url, sink.url],
      {
        cwd: path.join(__dirname, '..', '..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<void>((resolve) => child!.once('exit', () => resolve()));
    await until(() => sink.received.length >= 3 || child!.exitCode !== null, 'the child to start sending');
    if (child.exitCode !== null) throw new Error(`the sender child exited early (${child.exitCode}): ${stderr}`);
    child.kill('SIGKILL');
    await exited;
    // Let the sink finish answering what had reached it.
    await new Promise((r) => setTimeout(r, 400));

    const beforeRestart = new Set(sink.accepted().map((m) => m.messageId));
    expect(beforeRestart.size).toBeGreaterThan(0);
    const [{ pending }] = await ds.query(`SELECT count(*)::int AS pending FROM outbox WHERE status = 'pending'`);
    expect(pending).toBeGreaterThan(0);
    // The crash window: handed to the relay, not yet marked — the row is still due.
    const unmarked = await ds.query(
      `SELECT count(*)::int AS n FROM outbox WHERE status = 'pending' AND message_id = ANY($1)`,
      [[...beforeRestart]],
    );
    expect(unmarked[0].n).toBeGreaterThan(0);

    // The killed sender's claim holds its rows until the lease lapses; then the restarted sender finishes the job.
    const [{ held }] = await ds.query(
      `SELECT count(*)::int AS held FROM outbox WHERE status = 'pending' AND claim IS NOT NULL`,
    );
    expect(held).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 2_100));
    await t.app.get(OutboxSender).drain();

    const rows: { message_id: string; status: string }[] = await ds.query(`SELECT message_id, status FROM outbox`);
    expect(rows).toHaveLength(MAILS);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);

    const delivered = new Map<string, number>();
    for (const m of sink.accepted()) delivered.set(m.messageId, (delivered.get(m.messageId) ?? 0) + 1);
    // Every mail arrived; nothing arrived that we did not queue.
    expect([...delivered.keys()].sort()).toEqual([...messageIds].sort());
    // A duplicate only for a mail the killed sender had already handed over, at most once more.
    for (const [id, n] of delivered) {
      expect(n).toBeLessThanOrEqual(2);
      if (n === 2) expect(beforeRestart.has(id)).toBe(true);
    }
    expect([...delivered.values()].some((n) => n === 2)).toBe(true);
  });
});
