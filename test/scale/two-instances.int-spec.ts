import { fork } from 'node:child_process';
import path from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp } from '../../src/app';
import { createLogger } from '../../src/common/logging/logger';
import { AppConfig, loadConfig } from '../../src/config/config';
import { createDataSource } from '../../src/database/data-source';
import { JobsService } from '../../src/jobs/jobs.service';
import { InboundSmtpServer } from '../../src/mail/inbound/inbound-smtp.server';
import { ScanResult, SLA_SCAN_QUEUE, SlaWarningService } from '../../src/cases/sla-warning.service';
import { Sink, startSink } from '../mail/outbound-sink';
import { rawMailIdOf } from '../mail/support/mail-world';
import { sendRaw, simpleMail } from '../mail/support/smtp';
import { createTestDatabase, TestDatabase } from '../support/database';
import { eventually } from '../support/eventually';

/**
 * Two instances of the app, as two servers behind a load balancer would run them: one in this
 * process, one in a child process, each with its own connection pool, HTTP server, SMTP server
 * and background jobs (pg-boss workers, inbound sweeper, outbox sender), sharing only the
 * database. Traffic goes to both at once; afterwards everything must have happened exactly once.
 */
interface Instance {
  http: string;
  smtpPort: number;
  /** Every log line the instance wrote (pino JSON). */
  logLines: string[];
  scan(now: Date): Promise<ScanResult>;
  close(): Promise<void>;
}

const WEB_QUESTIONS = 20;
const FOLLOW_UPS = 10;
const MAILS = 30;

const until = (probe: () => Promise<boolean>, what: string, ms = 60_000) => eventually(what, probe, ms, 250);

async function startHere(config: AppConfig, url: string): Promise<Instance & { jobs: JobsService }> {
  const ds = createDataSource(url, { poolSize: 5 });
  await ds.initialize();
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  const app = await createApp(config, ds, createLogger('debug', sink));
  await app.init();
  await app.listen(0, '127.0.0.1');
  const addr = app.getHttpServer().address() as import('node:net').AddressInfo;
  return {
    http: `http://127.0.0.1:${addr.port}`,
    smtpPort: app.get(InboundSmtpServer).port,
    logLines,
    jobs: app.get(JobsService),
    scan: (now) => app.get(SlaWarningService).scan(now, 7),
    close: async () => {
      await app.close();
      await ds.destroy();
    },
  };
}

/** The same app in a process of its own (see instance-child.ts); talks over IPC. */
async function startChild(config: AppConfig): Promise<Instance> {
  const child = fork(path.join(__dirname, 'instance-child.ts'), [], {
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    env: { ...process.env, LUISTER_CHILD_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const logLines: string[] = [];
  let partial = '';
  child.stdout!.on('data', (c: Buffer) => {
    const lines = (partial + c.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    logLines.push(...lines.filter(Boolean));
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<{ http: string; smtpPort: number }>((resolve, reject) => {
    child.on('message', (m: { ready?: { http: string; smtpPort: number } }) => m.ready && resolve(m.ready));
    child.once('exit', (code) => reject(new Error(`instance child exited (${code}) before it was ready: ${stderr}`)));
  });
  return {
    ...ready,
    logLines,
    scan: (now) =>
      new Promise((resolve, reject) => {
        const on = (m: { scanned?: ScanResult; error?: string }) => {
          if (!m.scanned && !m.error) return;
          child.off('message', on);
          if (m.error) reject(new Error(m.error));
          else resolve(m.scanned!);
        };
        child.on('message', on);
        child.send({ scan: now.toISOString() });
      }),
    close: async () => {
      if (child.exitCode === null) child.send({ stop: true });
      // A clean stop takes a few seconds (pg-boss lets running jobs finish); never hang the suite.
      const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(kill);
    },
  };
}

describe('two instances on one database', () => {
  let db: TestDatabase;
  let relay: Sink;
  let config: AppConfig;
  const instances: Instance[] = [];
  let here: Instance & { jobs: JobsService };
  const count = async (sql: string, params: unknown[] = []) => (await db.ds.query(sql, params))[0].n as number;

  beforeAll(async () => {
    db = await createTestDatabase();
    relay = await startSink();
    const base = loadConfig({ NODE_ENV: 'test' });
    config = {
      ...base,
      databaseUrl: db.url,
      port: 0,
      smtpPort: 0,
      rateLimits: {
        ...base.rateLimits,
        questions: { points: 1000, windowSeconds: 600 },
        caseLinkFailures: { points: 1000, windowSeconds: 600 },
        caseLinkPrefixFailures: { points: 1000, windowSeconds: 600 },
      },
      // Nest's log() is pino debug: the "mail processed" lines are counted over both instances.
      logLevel: 'debug',
      jobs: { enabled: true },
      // Both sweepers run every second, so they race each other and the per-mail jobs.
      inboundMail: { ...base.inboundMail, allowedClients: [], sweepIntervalSeconds: 1 },
      outboundMail: {
        ...base.outboundMail,
        relayUrl: relay.url,
        publicUrl: 'https://luister.test',
        retryBaseSeconds: 0,
        sweepSeconds: 1,
      },
    };
    // One after the other: pg-boss creates its schema on first start.
    here = await startHere(config, db.url);
    instances.push(here);
    instances.push(await startChild(config));
  }, 120_000);

  afterAll(async () => {
    for (const i of instances) await i.close();
    await relay?.close();
    await db?.drop();
  }, 60_000);

  it('stores and processes every web question and e-mail once, sends every acknowledgement once and warns once', async () => {
    const on = (n: number) => instances[n % 2];
    const domain = config.mailDomain;

    // Web questions and e-mails to both instances, all at once.
    const web = Array.from({ length: WEB_QUESTIONS }, (_, n) =>
      request(on(n).http)
        .post('/api/v1/questions')
        .send({ nickname: `Web${n}`, text: `Webvraag nummer ${n}.`, language: 'nl' }),
    );
    const mails = Array.from({ length: MAILS }, (_, n) =>
      // A sender each: acknowledgements are throttled per address.
      sendRaw(
        on(n).smtpPort,
        simpleMail({
          from: `schrijver${n}@example.nl`,
          to: `hulp@${domain}`,
          text: `Mailvraag nummer ${n}.`,
          messageId: `<schaal-${n}@example.nl>`,
        }),
        {
          from: `schrijver${n}@example.nl`,
          to: [`hulp@${domain}`],
        },
      ),
    );
    const [webRes, mailRes] = await Promise.all([Promise.all(web), Promise.all(mails)]);
    for (const r of webRes) expect(r.status).toBe(201);
    expect(mailRes.filter((r) => !r.ok)).toEqual([]);
    const rawIds = mailRes.map((r) => rawMailIdOf(r.response));
    expect(new Set(rawIds).size).toBe(MAILS);

    // Follow-ups on web cases, each through the other instance than the one that took the question.
    const followUps = await Promise.all(
      webRes.slice(0, FOLLOW_UPS).map((r, n) =>
        request(on(n + 1).http)
          .post('/api/v1/case/messages')
          .set('Authorization', `Bearer ${r.body.token}`)
          .send({ text: `Nog een vraag ${n}.` }),
      ),
    );
    for (const r of followUps) expect(r.status).toBe(201);

    // Background jobs on both instances do the rest: mail processed, acknowledgements sent.
    await until(
      async () => (await count(`SELECT count(*)::int AS n FROM raw_mail WHERE status = 'stored'`)) === 0,
      'all mail processed',
    );
    await until(
      async () =>
        (await count(`SELECT count(*)::int AS n FROM outbox WHERE status = 'pending'`)) === 0 &&
        relay.received.length >= MAILS,
      'the outbox drained',
    );

    // Inbound mail: stored once, processed once (one attempt, one "processed" outcome over both logs), one case and message each.
    const stored = await count(`SELECT count(*)::int AS n FROM raw_mail`);
    const processed = await count(
      `SELECT count(*)::int AS n FROM raw_mail WHERE status = 'processed' AND class = 'message' AND attempts = 1 AND id = ANY($1::uuid[])`,
      [rawIds],
    );
    // Read together: Nest's static Logger writes through the last app created in a process.
    const processedLogged = instances
      .flatMap((i) => i.logLines)
      .filter((l) => l.includes('"mail processed"') && l.includes('"status":"processed"'))
      .map((l) => /"rawMailId":"([0-9a-f-]{36})"/.exec(l)?.[1]);
    const mailCases = await count(`SELECT count(DISTINCT case_id)::int AS n FROM raw_mail WHERE id = ANY($1::uuid[])`, [
      rawIds,
    ]);
    const mailMessages = await count(
      `SELECT count(*)::int AS n FROM mail_message WHERE raw_mail_id = ANY($1::uuid[])`,
      [rawIds],
    );
    const emailCaseMessages = await count(
      `SELECT count(*)::int AS n FROM message m JOIN cases c ON c.id = m.case_id WHERE c.channel = 'email'`,
    );

    // Web: one case per question, one message per question and follow-up.
    const webCases = await count(
      `SELECT count(*)::int AS n FROM cases WHERE channel = 'web' AND case_ref = ANY($1::text[])`,
      [webRes.map((r) => r.body.caseRef)],
    );
    const webMessages = await count(
      `SELECT count(*)::int AS n FROM message m JOIN cases c ON c.id = m.case_id WHERE c.case_ref = ANY($1::text[])`,
      [webRes.map((r) => r.body.caseRef)],
    );

    // Outbound: one acknowledgement per e-mail case, each delivered to the relay once.
    const acks = await count(
      `SELECT count(*)::int AS n FROM outbox WHERE kind = 'acknowledgement' AND status = 'sent' AND attempts = 1`,
    );
    const outboxRows = await count(`SELECT count(*)::int AS n FROM outbox`);
    // A snapshot: the SLA scan below may mail staff through the same relay.
    const acksReceived = [...relay.received];
    const delivered = acksReceived.map((m) => m.messageId);
    const distinctDelivered = new Set(delivered).size;
    const sentEvents = await count(`SELECT count(*)::int AS n FROM case_event WHERE type = 'email.sent'`);

    // SLA: bring every open case's warning moment forward (due still ahead), then let both
    // instances scan at once, by hand and through their job queues.
    // (TypeORM answers an UPDATE … RETURNING with [rows, affected].)
    const [bumped] = await db.ds.query(
      `UPDATE cases SET sla_check_at = now() - interval '1 minute'
          WHERE sla_check_at IS NOT NULL AND sla_started_at IS NOT NULL AND COALESCE(first_reply_due_at, next_reply_due_at) > now() + interval '1 hour'
        RETURNING id`,
    );
    const warnable = (bumped as { id: string }[]).map((r) => r.id);
    const [scans] = await Promise.all([
      Promise.all(instances.map((i) => i.scan(new Date()))),
      here.jobs.send(SLA_SCAN_QUEUE, {}),
    ]);
    await until(
      async () =>
        (await count(
          `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`,
          [SLA_SCAN_QUEUE],
        )) === 0,
      'the SLA scan jobs',
    );
    const warningNotices = await count(
      `SELECT count(*)::int AS n FROM sla_notice WHERE kind = 'warning' AND case_id = ANY($1::uuid[])`,
      [warnable],
    );
    const warningEvents = await count(
      `SELECT count(*)::int AS n FROM case_event WHERE type = 'sla.warning' AND case_id = ANY($1::uuid[])`,
      [warnable],
    );
    const warnedCases = await count(
      `SELECT count(DISTINCT case_id)::int AS n FROM case_event WHERE type = 'sla.warning' AND case_id = ANY($1::uuid[])`,
      [warnable],
    );

    const duplicates = {
      rawMail: stored - MAILS,
      processing: processedLogged.length - new Set(processedLogged).size,
      deliveries: delivered.length - distinctDelivered,
      slaWarnings: warningEvents - warnedCases,
    };
    console.log(
      JSON.stringify({
        sent: { webQuestions: WEB_QUESTIONS, followUps: FOLLOW_UPS, mails: MAILS },
        stored: { rawMail: stored, mailMessages, webCases, webMessages, mailCases, emailCaseMessages },
        processed: {
          rawMail: processed,
          processedLogLines: processedLogged.length,
          byInstance: instances.map(
            (i) =>
              i.logLines.filter((l) => l.includes('"mail processed"') && l.includes('"status":"processed"')).length,
          ),
        },
        outbound: {
          outboxRows,
          acknowledgementsSent: acks,
          relayDeliveries: delivered.length,
          distinctMessageIds: distinctDelivered,
          sentEvents,
        },
        sla: {
          cases: warnable.length,
          notices: warningNotices,
          events: warningEvents,
          warnedByDirectScan: scans.map((r) => r.warnings),
        },
        duplicates,
      }),
    );

    expect(stored).toBe(MAILS);
    expect(processed).toBe(MAILS);
    expect(processedLogged.sort()).toEqual([...rawIds].sort());
    expect(mailCases).toBe(MAILS);
    expect(mailMessages).toBe(MAILS);
    expect(emailCaseMessages).toBe(MAILS);
    expect(webCases).toBe(WEB_QUESTIONS);
    expect(webMessages).toBe(WEB_QUESTIONS + FOLLOW_UPS);

    expect(outboxRows).toBe(MAILS);
    expect(acks).toBe(MAILS);
    expect(delivered.length).toBe(MAILS);
    expect(distinctDelivered).toBe(MAILS);
    expect(acksReceived.every((m) => m.answer === 250)).toBe(true);
    expect(sentEvents).toBe(MAILS);
    expect(new Set(acksReceived.map((m) => m.envelopeTo.join()))).toEqual(
      new Set(Array.from({ length: MAILS }, (_, n) => `schrijver${n}@example.nl`)),
    );

    expect(warnable.length).toBe(WEB_QUESTIONS + MAILS);
    expect(warningNotices).toBe(warnable.length);
    expect(warningEvents).toBe(warnable.length);
    expect(duplicates).toEqual({ rawMail: 0, processing: 0, deliveries: 0, slaWarnings: 0 });
    // Whatever else reached the relay meanwhile (staff mail about the warnings) came once too.
    const all = relay.received.map((m) => m.messageId);
    expect(new Set(all).size).toBe(all.length);

    // Neither instance logged a help-seeker's address.
    for (const i of instances) expect(i.logLines.join('\n')).not.toContain('@example.nl');
  });
});
