import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { InboundSmtpServer } from '../../src/mail/inbound/inbound-smtp.server';
import { startTestApp, TestApp } from '../support/app';
import { rawMailIdOf } from './support/mail-world';
import { simpleMail } from './support/smtp';
import { eventually } from '../support/eventually';

const BURST = 300;
const CONNECTIONS = 10;
const MAX_CLAIMS = 3;

const until = <T>(probe: () => Promise<T | undefined>, what: string, ms = 180_000) => eventually(what, probe, ms, 200);

/**
 * Mail processing keeps up with mail acceptance (issue 21 item 3): stored mail is claimed in
 * batches straight from raw_mail, not queued as a job per mail (and again by a sweeper), so a
 * burst leaves no jobs behind and every mail is processed once. A run that dies leaves its
 * claim to lapse; a mail that no run finishes is quarantined, not dropped.
 */
describe('inbound mail bursts and claims', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      jobs: { enabled: true },
      // Nest's log() is pino debug: the "mail processed" lines are counted below.
      logLevel: 'debug',
      inboundMail: {
        maxBytes: 1024 * 1024,
        allowedClients: [],
        sweepIntervalSeconds: 1,
        claimSeconds: 30,
        maxClaims: MAX_CLAIMS,
      },
    });
  }, 60_000);
  afterAll(() => t?.close());

  const rows = (sql: string, params: unknown[] = []) => t.db.ds.query(sql, params);

  it(`processes a burst of ${BURST} mails over SMTP once each and leaves no job behind`, async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: t.app.get(InboundSmtpServer).port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: CONNECTIONS,
      maxMessages: Infinity,
    });
    const ids: string[] = [];
    try {
      let next = 0;
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          while (next < BURST) {
            const n = next++;
            const from = `burst${n}@example.nl`;
            const info = await transport.sendMail({
              envelope: { from, to: ['hulp@luister.example'] },
              raw: simpleMail({ from, text: `Vraag nummer ${n} uit de stapel.`, messageId: `<burst-${n}@example.nl>` }),
            });
            ids.push(rawMailIdOf(String(info.response)));
          }
        }),
      );
    } finally {
      transport.close();
    }
    expect(new Set(ids).size).toBe(BURST);

    await until(async () => {
      const [r] = await rows(
        `SELECT count(*)::int AS n FROM raw_mail WHERE id = ANY($1::uuid[]) AND status = 'stored'`,
        [ids],
      );
      return r.n === 0 ? true : undefined;
    }, 'the burst processed');

    const [r] = await rows(
      `SELECT count(*) FILTER (WHERE status = 'processed' AND class = 'message')::int AS processed,
              count(*) FILTER (WHERE attempts = 1 AND claims = 1)::int AS once,
              count(DISTINCT case_id)::int AS cases
         FROM raw_mail WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const [messages] = await rows(`SELECT count(*)::int AS n FROM mail_message WHERE raw_mail_id = ANY($1::uuid[])`, [
      ids,
    ]);
    // No job per mail, and none left by a sweeper: the queue of the old design stays empty.
    const [jobs] = await rows(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'mail-inbound'`);
    const processedLogged = t.logLines
      .filter((l) => l.includes('"mail processed"') && l.includes('"status":"processed"'))
      .map((l) => /"rawMailId":"([0-9a-f-]{36})"/.exec(l)?.[1])
      .filter((id): id is string => !!id && ids.includes(id));
    console.log(JSON.stringify({ burst: BURST, ...r, messages: messages.n, inboundJobs: jobs.n }));

    expect(r).toEqual({ processed: BURST, once: BURST, cases: BURST });
    expect(messages.n).toBe(BURST);
    expect(jobs.n).toBe(0);
    expect(processedLogged.length).toBe(BURST);
    expect(new Set(processedLogged).size).toBe(BURST);
  }, 240_000);

  /** A stored mail as a run left it: claimed until `claimedFor` seconds from now (negative: lapsed). */
  async function claimedMail(claims: number, claimedFor: number): Promise<{ id: string; claimedUntil: Date }> {
    const id = randomUUID();
    const bytes = Buffer.from(simpleMail({ from: `claim-${id}@example.nl`, text: 'Mijn vraag bleef halverwege.' }));
    const [row] = await rows(
      `INSERT INTO raw_mail (id, mail_from, rcpt_to, size, sha256, bytes, claims, claimed_until)
       VALUES ($1, $2, $3, $4, sha256($5), $5, $6, now() + make_interval(secs => $7)) RETURNING claimed_until`,
      [id, `claim-${id}@example.nl`, ['hulp@luister.example'], bytes.length, bytes, claims, claimedFor],
    );
    return { id, claimedUntil: row.claimed_until };
  }

  it('leaves a mail claimed by a run that died alone until its claim lapses, then processes it', async () => {
    const { id, claimedUntil } = await claimedMail(1, 3);
    const row = await until(async () => {
      const [r] = await rows(`SELECT status, class, claims, attempts, processed_at FROM raw_mail WHERE id = $1`, [id]);
      return r.status === 'stored' ? undefined : r;
    }, 'the lapsed claim taken');
    expect(row).toMatchObject({ status: 'processed', class: 'message', claims: 2, attempts: 1 });
    // Not taken while the dead run's claim held (sweeps ran every second meanwhile).
    expect(row.processed_at.getTime()).toBeGreaterThanOrEqual(claimedUntil.getTime());
  }, 60_000);

  it('quarantines a mail that runs took again and again without finishing, and keeps it', async () => {
    const { id } = await claimedMail(MAX_CLAIMS, -1);
    const row = await until(async () => {
      const [r] = await rows(`SELECT status, error, claims, length(bytes) AS size FROM raw_mail WHERE id = $1`, [id]);
      return r.status === 'stored' ? undefined : r;
    }, 'the quarantine');
    expect(row.status).toBe('quarantined');
    expect(row.error).toMatch(/^ProcessingAbandoned: taken by 3 runs/);
    expect(row.claims).toBe(MAX_CLAIMS + 1);
    expect(row.size).toBeGreaterThan(0);
  }, 60_000);
});
