/**
 * Inbound mail, each figure beside its baseline in the same run:
 *  1. mails per second accepted by our SMTP server (each one committed to raw_mail before the
 *     250) next to a bare `smtp-server` that discards the data;
 *  2. parse + classify per second (our parseMail: mailparser, HTML allowlist, text of HTML, charset
 *     repair, then classifyMail and the new-text extraction) next to bare mailparser `simpleParser`,
 *     over the fixtures and the mail corpus.
 *  3. end to end: a burst of BENCH_BURST (1,000) mails over SMTP into an app with its background
 *     processing on: mails/s from the first send to the last mail processed into a case, beside
 *     the SMTP accept rate of the same burst, and the pg-boss jobs left behind for inbound mail.
 * Goals: ratio ≥ 0.5 and ≥ 0.7; end to end ≥ 0.5 × accept and no job left per mail. The burst runs
 *  twice: unpaced (SMTP accepts as fast as it can: processing's own capacity) and as configured
 *  (acceptance paced to processing once a burst runs ahead, InflowPacer), with the wait from 250 to case.
 * Run: `npm run bench:mail-inbound`.
 * Env: BENCH_SECONDS (6), BENCH_CONCURRENCY (20), BENCH_BURST (1000), DATABASE_URL (else a
 * throw-away embedded PostgreSQL).
 * 20 connections is what a busy sending relay opens (Postfix's default_destination_concurrency_limit).
 * Each pair is measured in alternating one-second slices, so a neighbour's load on this machine
 * weighs on both sides alike.
 * Exits 1 when a mail was refused, the database does not hold exactly the mails answered 250, or
 * a burst mail was not processed into exactly one case message.
 */
import { NestExpressApplication } from '@nestjs/platform-express';
import { simpleParser } from 'mailparser';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app';
import { createLogger } from '../src/common/logging/logger';
import { loadConfig } from '../src/config/config';
import { createDataSource } from '../src/database/data-source';
import { createBenchDatabase } from './database';
import { InboundSmtpServer } from '../src/mail/inbound/inbound-smtp.server';
import { classifyMail, mailFacts } from '../src/mail/inbound/mail-classifier';
import { extractNewText } from '../src/mail/inbound/new-text';
import { parseMail } from '../src/mail/inbound/parsed-mail';

const SECONDS = Number(process.env.BENCH_SECONDS || 6);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 20);
const BURST = Number(process.env.BENCH_BURST || 1000);
const FIXTURES = path.join(__dirname, '..', 'test', 'fixtures', 'mail');

const cleanups: (() => Promise<unknown>)[] = [];
async function cleanUp(): Promise<void> {
  while (cleanups.length) await cleanups.pop()!().catch((e) => console.error(`cleanup: ${String(e)}`));
}
process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));

/** A fresh migrated, seeded database (shared bench set-up), dropped at the end. */
async function benchDatabase(): Promise<string> {
  const db = await createBenchDatabase();
  cleanups.push(() => db.drop());
  return db.url;
}

/** A typical help-seeker mail of about 2 KB; unique Message-ID per send. */
function mail(seq: number, from = 'anna@example.nl'): string {
  const text =
    'Ik heb schulden bij drie bedrijven en durf de post niet meer open te maken. Waar moet ik beginnen? '.repeat(18);
  return [
    `From: Anna de Vries <${from}>`,
    'To: hulp@luister.example',
    'Subject: Vraag over schulden',
    `Message-ID: <bench-${process.pid}-${seq}@example.nl>`,
    'Date: Tue, 24 Nov 2026 10:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '',
  ].join('\r\n');
}

interface Rate {
  ok: number;
  errors: number;
  seconds: number;
  perSecond: number;
}

function zero(): Rate {
  return { ok: 0, errors: 0, seconds: 0, perSecond: 0 };
}

function add(total: Rate, r: Rate): void {
  total.ok += r.ok;
  total.errors += r.errors;
  total.seconds += r.seconds;
  total.perSecond = total.ok / total.seconds;
}

type Transport = ReturnType<typeof nodemailer.createTransport>;

/** CONCURRENCY pooled SMTP connections, kept open across slices (as a relay keeps them). */
function transportTo(port: number): Transport {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: CONCURRENCY,
    maxMessages: Infinity,
  });
}

let seq = 0;

/** Closed loop: CONCURRENCY senders, each sending its next mail when the last is answered. */
async function smtpLoad(transport: Transport, seconds: number): Promise<Rate> {
  let ok = 0;
  let errors = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      try {
        await transport.sendMail({
          envelope: { from: 'anna@example.nl', to: ['hulp@luister.example'] },
          raw: mail(seq++),
        });
        ok++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - start) / 1000;
  return { ok, errors, seconds: elapsed, perSecond: ok / elapsed };
}

async function bareSmtpServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: 25 * 1024 * 1024,
    onData(stream, _session, cb) {
      stream.on('data', () => undefined);
      stream.on('end', () => cb());
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as net.AddressInfo).port,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Sequential loop over the fixture set for `seconds`. */
async function parseLoad(fixtures: Buffer[], seconds: number, op: (raw: Buffer) => Promise<unknown>): Promise<Rate> {
  let ok = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  while (performance.now() < deadline) {
    await op(fixtures[ok % fixtures.length]);
    ok++;
  }
  const elapsed = (performance.now() - start) / 1000;
  return { ok, errors: 0, seconds: elapsed, perSecond: ok / elapsed };
}

async function ourParseAndClassify(raw: Buffer): Promise<void> {
  const m = await parseMail(raw);
  // mailFacts runs the new-text extraction once (the classifier reads the writer's own text);
  // the processor runs it again for a message, so it is counted twice here as well.
  const c = classifyMail(
    mailFacts(m, {
      envelopeFrom: m.fromAddress ?? '',
      isOwnAddress: (a) => a.endsWith('@luister.example'),
      mailDomain: 'luister.example',
      seenBefore: false,
    }),
  );
  if (c.class === 'message') extractNewText(m.text);
}

function line(name: string, r: Rate): string {
  return `  ${name.padEnd(44)} ${r.perSecond.toFixed(0).padStart(7)} /s  (${r.ok} in ${r.seconds.toFixed(1)} s${r.errors ? `, ${r.errors} errors` : ''})`;
}

async function main(): Promise<void> {
  console.log(
    `Inbound mail bench: ${SECONDS} s per side in 1 s slices, ${CONCURRENCY} SMTP connections, Node ${process.version}, ${os.cpus().length} CPUs`,
  );
  const url = await benchDatabase();
  const ds: DataSource = createDataSource(url, { poolSize: 10 });
  await ds.initialize();
  cleanups.push(() => ds.destroy());
  const config = {
    ...loadConfig({ NODE_ENV: 'production' }),
    databaseUrl: url,
    port: 0,
    smtpPort: 0,
    jobs: { enabled: false },
    logLevel: 'silent',
  };
  const app: NestExpressApplication = await createApp(config, ds, createLogger('silent'));
  await app.init();
  cleanups.push(() => app.close());
  const ourPort = app.get(InboundSmtpServer).port;
  const bare = await bareSmtpServer();
  cleanups.push(() => bare.close());

  // Warm-up both (JIT, connections, plan caches), then measure each; results of warm-up discarded.
  const toBare = transportTo(bare.port);
  const toOurs = transportTo(ourPort);
  cleanups.push(async () => {
    toBare.close();
    toOurs.close();
  });
  await smtpLoad(toBare, 1);
  await smtpLoad(toOurs, 1);
  const [{ n: warm }] = await ds.query(`SELECT count(*)::int AS n FROM raw_mail`);
  const bareRate = zero();
  const ourRate = zero();
  for (let i = 0; i < SECONDS; i++) {
    add(bareRate, await smtpLoad(toBare, 1));
    add(ourRate, await smtpLoad(toOurs, 1));
  }
  const [{ n: stored }] = await ds.query(`SELECT count(*)::int AS n FROM raw_mail`);

  // The hand-made fixtures and the corpus (test/fixtures/mail/corpus: 217 mails from many clients,
  // languages and MTAs), so the figure is about the mail we expect, not one kind of it.
  const corpus = ['tuned', 'held-out'].flatMap((set) =>
    fs.readdirSync(path.join(FIXTURES, 'corpus', set)).map((f) => path.join(FIXTURES, 'corpus', set, f)),
  );
  const fixtures = [
    ...fs
      .readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.eml') && !f.startsWith('malformed-garbage'))
      .map((f) => path.join(FIXTURES, f)),
    ...corpus,
  ].map((f) => fs.readFileSync(f));
  await parseLoad(fixtures, 1, (raw) => simpleParser(raw));
  await parseLoad(fixtures, 1, ourParseAndClassify);
  const bareParse = zero();
  const ourParse = zero();
  for (let i = 0; i < SECONDS; i++) {
    add(bareParse, await parseLoad(fixtures, 1, (raw) => simpleParser(raw)));
    add(ourParse, await parseLoad(fixtures, 1, ourParseAndClassify));
  }

  const smtpRatio = ourRate.perSecond / bareRate.perSecond;
  const parseRatio = ourParse.perSecond / bareParse.perSecond;
  console.log('\nSMTP accept (mails/s, ~2 KB each)');
  console.log(line('bare smtp-server, data discarded', bareRate));
  console.log(line('Luister, committed to raw_mail before 250', ourRate));
  console.log(`  ratio ${smtpRatio.toFixed(2)} (goal ≥ 0.5) ${smtpRatio >= 0.5 ? 'met' : 'NOT met'}`);
  console.log(`\nParse (+ classify) over ${fixtures.length} fixtures (mails/s)`);
  console.log(line('bare mailparser simpleParser', bareParse));
  console.log(line('Luister parse + sanitise + classify + new text', ourParse));
  console.log(`  ratio ${parseRatio.toFixed(2)} (goal ≥ 0.7) ${parseRatio >= 0.7 ? 'met' : 'NOT met'}`);

  const consistent = ourRate.errors === 0 && stored - warm === ourRate.ok;
  console.log(
    `\nCheck: ${ourRate.ok} answered 250, ${stored - warm} rows stored, ${ourRate.errors} refused → ${consistent ? 'consistent' : 'INCONSISTENT'}`,
  );

  // The mails above were only accepted (no background processing in that app): out of the way.
  await ds.query(`DELETE FROM raw_mail`);
  // Unpaced first: what processing alone achieves beside an SMTP server that accepts as fast as
  // it can; then as configured (acceptance paced to processing, InflowPacer), the goal's figure.
  const unpacedOk = await endToEnd(
    url,
    { ...config, inboundMail: { ...config.inboundMail, inflowDelayMs: 0 } },
    'unpaced',
  );
  const e2eOk = await endToEnd(url, config, 'paced (as configured)');
  await cleanUp();
  process.exit(consistent && unpacedOk && e2eOk ? 0 : 1);
}

/**
 * A burst of BURST mails into an app that processes mail as it runs in production (background
 * processing on, its own pool): the SMTP accept rate of the burst, and mails/s from the first
 * send until the last of them is a processed case message.
 */
async function endToEnd(url: string, base: ReturnType<typeof loadConfig>, label: string): Promise<boolean> {
  const ds = createDataSource(url, { poolSize: 10 });
  await ds.initialize();
  const app: NestExpressApplication = await createApp({ ...base, jobs: { enabled: true } }, ds, createLogger('silent'));
  await app.init();
  const transport = transportTo(app.get(InboundSmtpServer).port);
  const close = async () => {
    transport.close();
    await app.close();
    await ds.destroy();
  };
  cleanups.push(close);
  // Warm-up: connections, JIT and plans on the processing path too; waited for, then set aside.
  await burst(transport, 40);
  await untilProcessed(ds, await waitingIds(ds), 120_000);
  const [{ n: jobsBefore }] = await ds.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'mail-inbound'`);

  const startedAt = Date.now();
  const start = performance.now();
  const { ids, errors } = await burst(transport, BURST);
  const acceptSeconds = (performance.now() - start) / 1000;
  const done = await untilProcessed(ds, ids, 600_000);
  const e2eSeconds = (done.lastProcessedAt.getTime() - startedAt) / 1000;
  const [check] = await ds.query(
    `SELECT count(*) FILTER (WHERE r.status = 'processed' AND r.class = 'message')::int AS processed,
            count(DISTINCT r.case_id)::int AS cases,
            (SELECT count(*)::int FROM mail_message mm WHERE mm.raw_mail_id = ANY($1::uuid[])) AS messages,
            max(r.attempts)::int AS max_attempts
       FROM raw_mail r WHERE r.id = ANY($1::uuid[])`,
    [ids],
  );
  const jobs: { state: string; n: number }[] = await ds.query(
    `SELECT state, count(*)::int AS n FROM pgboss.job WHERE name = 'mail-inbound' GROUP BY state ORDER BY state`,
  );
  const jobsAfter = jobs.reduce((sum, j) => sum + j.n, 0);
  const [{ n: allJobs }] = await ds.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE created_on >= $1`, [
    new Date(startedAt),
  ]);

  // How long each mail waited from its 250 (committed) to its case: what a burst costs the mail behind it.
  const [wait] = await ds.query(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY s) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY s) AS p95, max(s) AS max
       FROM (SELECT extract(epoch FROM processed_at - received_at) AS s FROM raw_mail WHERE id = ANY($1::uuid[])) t`,
    [ids],
  );
  const accept = ids.length / acceptSeconds;
  const e2e = ids.length / e2eSeconds;
  const ratio = e2e / accept;
  console.log(
    `\nEnd to end, ${label}: a burst of ${BURST} mails over ${CONCURRENCY} SMTP connections, processing on (mails/s)`,
  );
  console.log(
    line('SMTP accept of the burst (250 after commit)', {
      ok: ids.length,
      errors,
      seconds: acceptSeconds,
      perSecond: accept,
    }),
  );
  console.log(
    line('first send → last mail processed into a case', {
      ok: done.processed,
      errors: 0,
      seconds: e2eSeconds,
      perSecond: e2e,
    }),
  );
  console.log(`  ratio ${ratio.toFixed(2)} (goal ≥ 0.5) ${ratio >= 0.5 ? 'met' : 'NOT met'}`);
  console.log(
    `  wait from 250 to case: p50 ${Number(wait.p50).toFixed(2)} s, p95 ${Number(wait.p95).toFixed(2)} s, max ${Number(wait.max).toFixed(2)} s`,
  );
  console.log(
    `  pg-boss jobs for inbound mail after the burst: ${jobsAfter - jobsBefore} (goal 0)${jobs.length ? ` [${jobs.map((j) => `${j.state} ${j.n}`).join(', ')}]` : ''}; jobs of any queue created during it: ${allJobs}`,
  );
  const ok =
    errors === 0 &&
    check.processed === ids.length &&
    check.cases === ids.length &&
    check.messages === ids.length &&
    check.max_attempts === 1;
  console.log(
    `  Check: ${ids.length} answered 250, ${check.processed} processed as messages, ${check.cases} cases, ${check.messages} case messages, at most ${check.max_attempts} processing per mail → ${ok ? 'consistent' : 'INCONSISTENT'}`,
  );
  cleanups.splice(cleanups.indexOf(close), 1);
  await close();
  return ok;
}

/** Sends `count` mails over the pooled connections as fast as they are answered; the raw mail ids of the 250s. */
async function burst(transport: Transport, count: number): Promise<{ ids: string[]; errors: number }> {
  const ids: string[] = [];
  let errors = 0;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      // A sender each, as a burst to a helpline comes from many people (mails from one address
      // are processed one after the other: its acknowledgement throttle is checked under a lock).
      const n = seq++;
      const from = `schrijver${n}@example.nl`;
      try {
        const info = await transport.sendMail({
          envelope: { from, to: ['hulp@luister.example'] },
          raw: mail(n, from),
        });
        const id = /Queued as ([0-9a-f-]{36})/.exec(String(info.response))?.[1];
        if (id) ids.push(id);
        else errors++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { ids, errors };
}

async function waitingIds(ds: DataSource): Promise<string[]> {
  return (await ds.query(`SELECT id FROM raw_mail WHERE status = 'stored'`)).map((r: { id: string }) => r.id);
}

/** Polls until every one of `ids` is processed or quarantined; the moment the last one was. */
async function untilProcessed(
  ds: DataSource,
  ids: string[],
  timeoutMs: number,
): Promise<{ processed: number; lastProcessedAt: Date }> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const [r] = await ds.query(
      `SELECT count(*) FILTER (WHERE status = 'processed')::int AS processed,
              count(*) FILTER (WHERE status = 'stored')::int AS waiting, max(processed_at) AS last
         FROM raw_mail WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    if (r.waiting === 0) return { processed: r.processed, lastProcessedAt: r.last ?? new Date() };
    if (Date.now() > end)
      throw new Error(`${r.waiting} of ${ids.length} mails still unprocessed after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

main().catch(async (e) => {
  console.error('bench failed:', e);
  await cleanUp();
  process.exit(1);
});
