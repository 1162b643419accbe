/**
 * Outbound mail: mails per second the outbox sender (claim FOR UPDATE SKIP LOCKED, reply token,
 * send, mark, case event, commit) delivers into a local SMTP relay, next to bare nodemailer
 * sending the same mails to the same relay with as many in flight as one sender batch.
 * Rounds alternate between the two, so a neighbour's load on this machine weighs on both alike.
 * Run: `npx ts-node --transpile-only bench/mail-outbound.bench.ts`.
 * Env: BENCH_MAILS (1000 per round), BENCH_ROUNDS (2), DATABASE_URL (else a throw-away embedded PostgreSQL).
 * Exits 1 when the relay did not receive exactly the mails queued.
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import nodemailer, { SendMailOptions } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { AppSecrets } from '../src/common/app-secrets.service';
import { loadConfig } from '../src/config/config';
import { createDataSource } from '../src/database/data-source';
import { createBenchDatabase } from './database';
import { OutboxSender } from '../src/mail/outbound/outbox.sender';
import { JobsService } from '../src/jobs/jobs.service';
import { SlaService } from '../src/sla/sla.service';
import { OutboxService } from '../src/mail/outbound/outbox.service';

const MAILS = Number(process.env.BENCH_MAILS || 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 2);

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

/** A relay that counts and discards. */
async function startRelay(): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        n++;
        callback(null, 'Queued');
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as net.AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    count: () => n,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function main(): Promise<void> {
  Logger.overrideLogger(false);
  const url = await benchDatabase();
  const ds = createDataSource(url, { poolSize: 10 });
  await ds.initialize();
  cleanups.push(() => ds.destroy());
  const relay = await startRelay();
  cleanups.push(relay.close);

  const base = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent' });
  const config = {
    ...base,
    databaseUrl: url,
    outboundMail: { ...base.outboundMail, relayUrl: relay.url, retryBaseSeconds: 0, sweepSeconds: 0 },
  };
  const secrets = new AppSecrets(ds);
  await secrets.load();
  const outbox = new OutboxService(config, ds, secrets, new SlaService(ds, new JobsService(config, ds)));
  const sender = new OutboxSender(config, ds, secrets);
  cleanups.push(() => sender.onApplicationShutdown());

  // One e-mail case per 50 mails, so reply tokens and events spread over cases as in life.
  const [region] = await ds.query(`INSERT INTO region (code, name) VALUES ('bench', 'Bench') RETURNING id`);
  const caseIds: string[] = [];
  for (let i = 0; i < Math.ceil(MAILS / 50); i++) {
    const [h] = await ds.query(
      `INSERT INTO help_seeker (nickname, email, email_consent_at) VALUES ('Bench', $1, now()) RETURNING id`,
      [`bench${i}@example.nl`],
    );
    const [c] = await ds.query(
      `INSERT INTO cases (case_ref, access_token_hash, help_seeker_id, region_id, channel) VALUES ($1, $2, $3, $4, 'email') RETURNING id`,
      [`B-${i}`, randomBytes(32), h.id, region.id],
    );
    caseIds.push(c.id);
  }
  const text = 'Dank je voor je bericht. Uit je mail begrijp ik dat je je zorgen maakt over je huur.\n'.repeat(12);

  async function fill(): Promise<void> {
    await ds.transaction(async (m) => {
      for (let i = 0; i < MAILS; i++) {
        await outbox.enqueue(m, {
          caseId: caseIds[i % caseIds.length],
          kind: 'reply',
          automatic: false,
          language: 'nl',
          to: `bench${i % caseIds.length}@example.nl`,
          subject: 'Antwoord op je bericht',
          text,
        });
      }
    });
  }

  async function ours(): Promise<number> {
    await fill();
    const before = relay.count();
    const t0 = performance.now();
    await sender.drain();
    const seconds = (performance.now() - t0) / 1000;
    const sent = relay.count() - before;
    if (sent !== MAILS) throw new Error(`relay received ${sent} of ${MAILS} outbox mails`);
    return MAILS / seconds;
  }

  async function bare(): Promise<number> {
    const transport = nodemailer.createTransport({ url: relay.url, pool: true, maxConnections: 5 } as Parameters<
      typeof nodemailer.createTransport
    >[0]);
    const mails: SendMailOptions[] = Array.from({ length: MAILS }, (_, i) => ({
      from: { name: 'Luister', address: 'hulp@luister.example' },
      to: `bench${i % caseIds.length}@example.nl`,
      subject: 'Antwoord op je bericht',
      text,
      messageId: `<bare.${i}.${Date.now()}@luister.example>`,
      headers: { 'X-Loop': 'hulp@luister.example' },
    }));
    const before = relay.count();
    const t0 = performance.now();
    let next = 0;
    // As many in flight as one sender batch.
    await Promise.all(
      Array.from({ length: config.outboundMail.batchSize }, async () => {
        while (next < mails.length) await transport.sendMail(mails[next++]);
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    transport.close();
    if (relay.count() - before !== MAILS) throw new Error('bare nodemailer lost mail');
    return MAILS / seconds;
  }

  await bare(); // warm-up: connections, JIT
  const oursRates: number[] = [];
  const bareRates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    bareRates.push(await bare());
    oursRates.push(await ours());
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const o = mean(oursRates);
  const b = mean(bareRates);
  console.log(`outbound mail, ${MAILS} mails x ${ROUNDS} rounds into a local smtp-server relay`);
  console.log(`  outbox sender (claim, token, send, mark, commit): ${o.toFixed(0)} mails/s`);
  console.log(`  bare nodemailer, same mails, ${config.outboundMail.batchSize} in flight: ${b.toFixed(0)} mails/s`);
  console.log(`  ratio: ${(o / b).toFixed(2)}`);
}

main()
  .then(cleanUp, async (e) => {
    console.error(e);
    await cleanUp();
    process.exitCode = 1;
  })
  .then(() => process.exit());
