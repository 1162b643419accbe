/**
 * Profiling driver (not a benchmark): stores N mails like the end-to-end bench's burst (a sender
 * each), then processes them through InboundMailQueue.drain() under the V8 CPU profiler, and
 * prints the top self-time functions and the SQL statements per mail.
 * Run: `node -r ts-node/register/transpile-only bench/mail-processing-profile.ts [N] [out.cpuprofile]`.
 */
import { Session } from 'node:inspector/promises';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import * as pg from 'pg';
import { createApp } from '../src/app';
import { createLogger } from '../src/common/logging/logger';
import { loadConfig } from '../src/config/config';
import { createDataSource } from '../src/database/data-source';
import { InboundMailQueue } from '../src/mail/inbound/inbound-mail.queue';
import { RawMailStore } from '../src/mail/inbound/raw-mail.store';
import { createBenchDatabase } from './database';

const N = Number(process.argv[2] || 400);
const OUT = process.argv[3];

function mail(seq: number, from: string): string {
  const text =
    'Ik heb schulden bij drie bedrijven en durf de post niet meer open te maken. Waar moet ik beginnen? '.repeat(18);
  return [
    `From: Anna de Vries <${from}>`,
    'To: hulp@luister.example',
    'Subject: Vraag over schulden',
    `Message-ID: <profile-${process.pid}-${seq}@example.nl>`,
    'Date: Tue, 24 Nov 2026 10:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '',
  ].join('\r\n');
}

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

async function main(): Promise<void> {
  const db = await createBenchDatabase();
  const ds = createDataSource(db.url, { poolSize: 10 });
  await ds.initialize();
  const config = {
    ...loadConfig({ NODE_ENV: 'production' }),
    databaseUrl: db.url,
    port: 0,
    smtpPort: 0,
    jobs: { enabled: false },
    logLevel: 'silent',
  };
  const app = await createApp(config, ds, createLogger('silent'));
  await app.init();
  const store = app.get(RawMailStore);
  const queue = app.get(InboundMailQueue);
  const put = async (count: number, offset: number) => {
    const mails = Array.from({ length: count }, (_, i) => {
      const from = `schrijver${offset + i}@example.nl`;
      return {
        id: randomUUID(),
        envelope: { mailFrom: from, rcptTo: ['hulp@luister.example'] },
        bytes: Buffer.from(mail(offset + i, from)),
        receivedAt: new Date(),
      };
    });
    await ds.transaction((m) => store.insertFetched(m, mails));
  };
  // Warm-up (JIT, plans, caches), not profiled.
  await put(60, 0);
  await queue.drain();

  await put(N, 1000);
  // Every statement the processing sends (pg's Client.query, which TypeORM calls).
  let statements = 0;
  const byText = new Map<string, number>();
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...a: unknown[]) {
    statements++;
    const text = typeof a[0] === 'string' ? a[0] : String((a[0] as { text?: string })?.text ?? '?');
    const key = text.replace(/\s+/g, ' ').slice(0, 90);
    byText.set(key, (byText.get(key) ?? 0) + 1);
    return original.apply(this, a);
  };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await queue.drain();
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const { profile } = (await session.post('Profiler.stop')) as { profile: { nodes: Node[]; samples: number[] } };
  session.disconnect();
  proto.query = original;
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM raw_mail WHERE status = 'processed'`);
  console.log(`${(statements / N).toFixed(1)} SQL statements per mail (BEGIN/COMMIT included):`);
  for (const [k, c] of [...byText.entries()].sort((a, b) => b[1] - a[1]))
    console.log(`  ${(c / N).toFixed(2).padStart(6)}  ${k}`);
  console.log(
    `${N} mails processed in ${wall.toFixed(2)} s (${(N / wall).toFixed(0)}/s); ${n} processed in all; Node CPU ${((cpu.user + cpu.system) / 1000 / N).toFixed(2)} ms/mail`,
  );
  if (OUT) fs.writeFileSync(OUT, JSON.stringify(profile));
  const total = profile.samples.length;
  const self = new Map<string, number>();
  const counts = new Map<number, number>();
  for (const s of profile.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
  for (const node of profile.nodes) {
    const c = counts.get(node.id) ?? 0;
    if (!c) continue;
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(node_modules|src)\//, '$1/')}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + c);
  }
  const byPackage = new Map<string, number>();
  for (const node of profile.nodes) {
    const c = counts.get(node.id) ?? 0;
    if (!c) continue;
    const url = node.callFrame.url;
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    const key = m
      ? m[1]
      : url.includes('/src/')
        ? url.replace(/^.*\/src\//, 'src/')
        : url || node.callFrame.functionName;
    byPackage.set(key, (byPackage.get(key) ?? 0) + c);
  }
  console.log('Self time by package / file:');
  for (const [k, c] of [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20))
    console.log(`${((100 * c) / total).toFixed(1).padStart(5)}%  ${k}`);
  console.log('Top self-time functions:');
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30);
  for (const [k, c] of top) console.log(`${((100 * c) / total).toFixed(1).padStart(5)}%  ${k}`);
  await app.close();
  await ds.destroy();
  await db.drop();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
