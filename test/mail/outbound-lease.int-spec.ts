import { DataSource } from 'typeorm';
import { CasesService } from '../../src/cases/cases.service';
import { loadConfig } from '../../src/config/config';
import { OutboxSender } from '../../src/mail/outbound/outbox.sender';
import { OutboxService } from '../../src/mail/outbound/outbox.service';
import { startTestApp, TestApp } from '../support/app';
import { Sink, startSink } from './outbound-sink';

jest.setTimeout(60_000);

/** The sender claims with a lease and holds no row lock or transaction while it talks SMTP. */
describe('outbox claims', () => {
  let t: TestApp;
  let sink: Sink;
  let ds: DataSource;

  beforeAll(async () => {
    // Each answer is held back, so a send is in flight long enough to look at the database meanwhile.
    sink = await startSink({ delayMs: 1_500 });
    const base = loadConfig({ NODE_ENV: 'test' }).outboundMail;
    t = await startTestApp({ outboundMail: { ...base, relayUrl: sink.url, retryBaseSeconds: 0, sweepSeconds: 0 } });
    ds = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  const enqueue = () =>
    ds.transaction(async (m) => {
      const c = await t.app.get(CasesService).createCase(m, {
        channel: 'email',
        helpSeeker: { nickname: 'Bo', language: 'nl', email: 'bo@example.nl' },
        firstMessage: { text: 'vraag' },
      });
      const q = await t.app.get(OutboxService).enqueue(m, {
        caseId: c.caseId,
        kind: 'reply',
        automatic: false,
        language: 'nl',
        to: 'bo@example.nl',
        subject: 'Antwoord',
        text: 'antwoord',
      });
      return q.messageId;
    });

  it('sends with no lock or open transaction held; a second sender meanwhile takes nothing', async () => {
    await enqueue();
    const sender = t.app.get(OutboxSender);
    const sending = sender.sendBatch();
    await new Promise((r) => setTimeout(r, 500));
    // While the mail talks SMTP: the row can be locked by anyone, no session sits in a transaction…
    await ds.transaction(async (m) => {
      const locked = await m.query(`SELECT id FROM outbox WHERE status = 'pending' FOR UPDATE NOWAIT`);
      expect(locked).toHaveLength(1);
    });
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
    );
    expect(n).toBe(0);
    // …and the claim keeps a second sender off the mail.
    expect(await sender.sendBatch()).toEqual({ sent: 0, kept: 0, retrying: 0, failed: 0 });
    expect(await sending).toEqual({ sent: 1, kept: 0, retrying: 0, failed: 0 });
    const [row] = await ds.query(`SELECT status, claim, attempts FROM outbox`);
    expect(row).toEqual({ status: 'sent', claim: null, attempts: 1 });
  });

  it('a sender whose claim was taken over marks nothing', async () => {
    await ds.query(`DELETE FROM outbox`);
    await enqueue();
    const sending = t.app.get(OutboxSender).sendBatch();
    await new Promise((r) => setTimeout(r, 500));
    // As if the lease had lapsed and another sender had claimed the row.
    await ds.query(`UPDATE outbox SET claim = gen_random_uuid()`);
    expect(await sending).toEqual({ sent: 0, kept: 0, retrying: 0, failed: 0 });
    const [row] = await ds.query(`SELECT status FROM outbox`);
    expect(row.status).toBe('pending');
  });

  it('gives up a mail claimed maxAttempts times without an outcome (a crash loop), never resending it', async () => {
    await ds.query(`DELETE FROM outbox`);
    await enqueue();
    const before = sink.received.length;
    await ds.query(`UPDATE outbox SET attempts = $1`, [t.config.outboundMail.maxAttempts]);
    expect(await t.app.get(OutboxSender).sendBatch()).toEqual({ sent: 0, kept: 0, retrying: 0, failed: 1 });
    expect(sink.received.length).toBe(before);
    const [row] = await ds.query(`SELECT status, last_error FROM outbox`);
    expect(row).toEqual({ status: 'failed', last_error: expect.stringContaining('abandoned') });
  });
});
