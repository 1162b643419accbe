/**
 * `npm run bench -- intake` (part of the default `npm run bench`): web-intake form submissions per second over HTTP on loopback, next to raw `pg`
 * inserts of the same rows in the same run. Env: BENCH_CONCURRENCY (16), BENCH_SECONDS (10),
 * BENCH_WARMUP_SECONDS (2), DATABASE_URL (else a throw-away embedded PostgreSQL).
 * Exits 1 on any failed request or if the database does not hold exactly the cases answered 303 (stored, to the confirmation).
 */
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { POOL_SIZE } from './app-process';
import { createBenchDatabase } from './database';
import { httpIntake } from './http-intake';
import { LoadResult, Operation, percentile, runLoad } from './load';
import { rawInserts } from './raw-pg';

const GOAL = 0.5;

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!(n > 0) || !Number.isFinite(n)) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

const concurrency = Math.round(setting('BENCH_CONCURRENCY', 16));
const seconds = setting('BENCH_SECONDS', 10);
const warmupSeconds = setting('BENCH_WARMUP_SECONDS', 2);

// Undone in reverse order, also on Ctrl-C, so no database or temp dir is left behind.
const cleanups: (() => Promise<unknown>)[] = [];
async function cleanUp(): Promise<void> {
  while (cleanups.length) await cleanups.pop()!().catch((e) => console.error(`cleanup: ${String(e)}`));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}
process.once('uncaughtException', (e) => {
  console.error('bench failed:', e);
  void cleanUp().finally(() => process.exit(1));
});

/** Warm-up (discarded: JIT, pools, plan caches), then the measured run. */
async function phase(name: string, op: Operation): Promise<{ warmup: LoadResult; measured: LoadResult }> {
  process.stdout.write(`${name}: warm-up ${warmupSeconds} s, then ${seconds} s … `);
  const warmup = await runLoad(op, concurrency, warmupSeconds);
  const elu = performance.eventLoopUtilization();
  const measured = await runLoad(op, concurrency, seconds);
  // Near 100 % means the load generator itself (not the app or the database) is the bottleneck.
  console.log(`done (Node event loop busy ${(performance.eventLoopUtilization(elu).utilization * 100).toFixed(0)} %)`);
  return { warmup, measured };
}

async function countRows(url: string, table: 'cases' | 'rate_limit'): Promise<number> {
  const { Client } = await import('pg');
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return Number((await c.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  } finally {
    await c.end();
  }
}

async function main(): Promise<number> {
  const db = await createBenchDatabase();
  cleanups.push(() => db.drop());

  // The real app (createApp, pool of POOL_SIZE) in a child process, as it runs in production.
  const child = fork(path.join(__dirname, 'app-process.ts'), [], {
    execArgv: [
      '-r',
      'ts-node/register/transpile-only',
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_PROFILE] : []),
    ],
    env: { ...process.env, BENCH_DATABASE_URL: db.url },
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`bench app exited with ${code}`)));
  });
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.send({ stop: true });
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  );
  const url = `http://127.0.0.1:${port}`;

  console.log(`Luister intake bench: ${concurrency} workers, pool ${POOL_SIZE}, ${db.label}`);
  const before = await countRows(db.url, 'cases');
  const client = await httpIntake(url, concurrency);
  cleanups.push(async () => client.agent.destroy());
  const web = await phase('HTTP POST /vragen', client.op);
  const createdByHttp = (await countRows(db.url, 'cases')) - before;
  const answered303 = web.warmup.ok + web.measured.ok;
  // The per-address rate limit ran for every question (one counter per client address).
  const limitCounters = await countRows(db.url, 'rate_limit');

  const raw = rawInserts(db.url, POOL_SIZE);
  cleanups.push(() => raw.pool.end());
  const baseline = await phase('raw pg inserts', raw.op);

  const rate = (r: LoadResult) => r.ok / r.elapsedSeconds;
  const row = (label: string, r: LoadResult) =>
    [
      label.padEnd(20),
      rate(r).toFixed(1).padStart(10),
      ...[50, 95, 99].map((p) => percentile(r.latencies, p).toFixed(1).padStart(8)),
      String(r.ok).padStart(8),
      String(r.errors).padStart(7),
    ].join('');
  const ratio = rate(web.measured) / rate(baseline.measured);
  console.log('');
  console.log(
    [
      ''.padEnd(20),
      'subs/s'.padStart(10),
      ...['p50 ms', 'p95 ms', 'p99 ms', 'count'].map((h) => h.padStart(8)),
      'errors'.padStart(7),
    ].join(''),
  );
  console.log(row('HTTP POST /vragen', web.measured));
  console.log(row('raw pg inserts', baseline.measured));
  console.log(`ratio HTTP/raw: ${ratio.toFixed(2)}`);
  console.log(`goal ≥ ${GOAL}: ${ratio >= GOAL ? 'met' : 'not met'}`);

  let failed = false;
  const errors = [web.warmup, web.measured, baseline.warmup, baseline.measured].reduce((n, r) => n + r.errors, 0);
  if (errors) {
    failed = true;
    const samples = [
      ...web.warmup.errorSamples,
      ...web.measured.errorSamples,
      ...baseline.warmup.errorSamples,
      ...baseline.measured.errorSamples,
    ];
    console.error(
      `\nFAILED: ${errors} request(s) did not succeed, e.g.:\n  ${[...new Set(samples)].slice(0, 5).join('\n  ')}`,
    );
  }
  const countOk = createdByHttp === answered303;
  console.log(
    `check: cases created by the HTTP phase ${createdByHttp}, 303 responses ${answered303} (incl. warm-up): ${countOk ? 'equal' : 'MISMATCH'}`,
  );
  if (!countOk) {
    failed = true;
    console.error('FAILED: the database does not hold exactly one case per 303 response');
  }
  console.log(
    `check: rate-limit counters ${limitCounters} for ${answered303} questions from distinct addresses: ${limitCounters >= answered303 ? 'every question counted' : 'MISSING'}`,
  );
  if (limitCounters < answered303) {
    failed = true;
    console.error('FAILED: the per-address rate limit did not run for every question');
  }
  return failed ? 1 : 0;
}

main()
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  })
  .catch(async (e) => {
    console.error('bench failed:', e instanceof Error ? (e.stack ?? e.message) : e);
    await cleanUp();
    process.exit(1);
  });
