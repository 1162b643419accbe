import { Client } from 'pg';
import { InboundSmtpServer } from '../../src/mail/inbound/inbound-smtp.server';
import { startTestApp, TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { rawMailIdOf } from './support/mail-world';
import { sendRaw, simpleMail } from './support/smtp';

const BURST = 3;
const DELAY_MS = 1500;

/**
 * Acceptance paced to processing (issue 21 item 3, InflowPacer): SMTP accepts a burst at once,
 * then, while processing has not caught up, each further mail's 250 waits for it (at most
 * SMTP_INFLOW_DELAY_MS) and is then accepted anyway; once processing catches up, mail is taken
 * at once again. Processing is held up here for real: a session holds a lock that every new
 * case's insert waits for.
 */
describe('inbound mail: acceptance paced to processing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      jobs: { enabled: true },
      inboundMail: {
        maxBytes: 1024 * 1024,
        allowedClients: [],
        sweepIntervalSeconds: 1,
        inflowBurst: BURST,
        inflowDelayMs: DELAY_MS,
      },
    });
  }, 60_000);
  afterAll(() => t?.close());

  /** Sends one mail; its id and how long the 250 took. */
  async function send(n: number): Promise<{ id: string; ms: number }> {
    const from = `tempo${n}@example.nl`;
    const started = Date.now();
    const r = await sendRaw(
      t.app.get(InboundSmtpServer).port,
      simpleMail({ from, text: `Vraag ${n}: ik weet niet meer hoe ik mijn huur moet betalen.` }),
      { from, to: ['hulp@luister.example'] },
    );
    expect(r.ok).toBe(true);
    return { id: rawMailIdOf(r.response), ms: Date.now() - started };
  }

  it('takes a burst at once, makes later mail wait while processing is stuck, and takes mail at once again when it catches up', async () => {
    const blocker = new Client({ connectionString: t.db.url });
    await blocker.connect();
    const sent: { id: string; ms: number }[] = [];
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE cases IN SHARE ROW EXCLUSIVE MODE');
      for (let n = 0; n < BURST + 2; n++) sent.push(await send(n));
      // Processing is stuck behind the lock: nothing became a case.
      const [{ n: cases }] = await t.db.ds.query(`SELECT count(*)::int AS n FROM cases WHERE channel = 'email'`);
      expect(cases).toBe(0);
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
    }
    // The burst went through at once; the mails after it waited the longest delay, then were
    // stored and answered 250 all the same.
    for (const s of sent.slice(0, BURST)) expect(s.ms).toBeLessThan(DELAY_MS - 100);
    for (const s of sent.slice(BURST)) expect(s.ms).toBeGreaterThanOrEqual(DELAY_MS - 20);

    await eventually(
      'every paced mail processed into a case',
      async () => {
        const [r] = await t.db.ds.query(
          `SELECT count(*) FILTER (WHERE status = 'processed' AND case_id IS NOT NULL)::int AS n FROM raw_mail WHERE id = ANY($1::uuid[])`,
          [sent.map((s) => s.id)],
        );
        return r.n === sent.length ? true : undefined;
      },
      60_000,
      100,
    );
    // Processing gave the places back: the next mail is taken at once.
    const after = await send(99);
    expect(after.ms).toBeLessThan(DELAY_MS - 100);
  }, 90_000);
});
