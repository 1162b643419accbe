/**
 * SLA at scale: `npx ts-node --transpile-only bench/sla.bench.ts`. Fills a fresh database with
 * BENCH_SLA_CASES (1,000,000) open cases over the demo regions, their clocks started over four
 * weeks (1 % crisis, 10 % on a topic policy, 5 % paused), then times
 *   1. recomputing every due time (what a policy or calendar change runs), next to a baseline
 *      plain-SQL UPDATE writing the same three columns of every row with wall-clock arithmetic;
 *   2. the warning scan at that size: idle (nothing due), one business hour of cases crossing
 *      their warning or due time, and a whole day's catch-up, each next to a baseline index count.
 * DATABASE_URL: use that server (a database is created and dropped); else a throw-away embedded
 * PostgreSQL in a temp dir.
 */
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { createDataSource } from '../src/database/data-source';
import { createBenchDatabase } from './database';
import { OnNotified, scanSlaChecks } from '../src/cases/sla-scan';
import { SlaService } from '../src/sla/sla.service';
import { CaseSlaService } from '../src/cases/case-sla.service';
import { JobsService } from '../src/jobs/jobs.service';
import { loadConfig } from '../src/config/config';

const CASES = Number(process.env.BENCH_SLA_CASES || 1_000_000);
const FOUR_WEEKS = 28 * 24 * 3600;
const fmt = (n: number) => n.toLocaleString('en');

/**
 * The in-app notifications the SLA_STAFF_ALERTS port writes in the batch's transaction (the
 * statement NotificationsService.enqueue runs; the staff e-mail is left out here).
 */
const notify: OnNotified = (m, notified) =>
  m.query(
    `INSERT INTO notification (staff_user_id, case_id, kind, data)
     SELECT x."staffUserId", x."caseId", 'sla.' || x.kind, x.data
       FROM jsonb_to_recordset($1::jsonb) AS x("staffUserId" uuid, "caseId" uuid, kind text, data jsonb)`,
    [JSON.stringify(notified)],
  );

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await fn();
  console.log(`  ${label.padEnd(64)} ${((performance.now() - started) / 1000).toFixed(2).padStart(7)} s`);
  return result;
}

async function fill(ds: DataSource, regionIds: number[]): Promise<void> {
  const [seeker] = await ds.query(`INSERT INTO help_seeker (nickname) VALUES ('bench') RETURNING id`);
  await ds.query(
    `INSERT INTO cases (case_ref, access_token_hash, help_seeker_id, region_id, channel, topic_code, crisis, status, sla_target, sla_started_at, created_at)
     SELECT 'B' || i, sha256(i::text::bytea), $1, ($2::int[])[1 + i % $3], 'web',
            CASE WHEN i % 10 = 0 THEN 'money' END, i % 100 = 0,
            CASE WHEN i % 20 = 0 THEN 'waiting' ELSE 'open' END,
            CASE WHEN i % 3 = 0 THEN 'next' ELSE 'first' END,
            s.at, s.at
       FROM generate_series(1, $4) AS i
      CROSS JOIN LATERAL (SELECT timestamptz '2026-11-23 08:00+00' - ((i::bigint * $5) / $4) * interval '1 second' AS at) s`,
    [seeker.id, regionIds, regionIds.length, CASES, FOUR_WEEKS],
  );
  // Every 20th case waits on the help-seeker since a day after its clock started.
  await ds.query(
    `INSERT INTO sla_pause (case_id, started_at) SELECT id, sla_started_at + interval '1 day' FROM cases WHERE status = 'waiting'`,
  );
  await ds.query(`VACUUM ANALYZE cases`);
  await ds.query(`VACUUM ANALYZE sla_pause`);
}

async function recompute(ds: DataSource, regionIds: number[]): Promise<void> {
  console.log('recompute every due time');
  await timed('baseline: one SQL UPDATE of the same columns, wall-clock maths', () =>
    ds.query(
      `UPDATE cases SET first_reply_due_at = CASE WHEN sla_target = 'first' THEN sla_started_at + interval '14 hours' END,
                        next_reply_due_at = CASE WHEN sla_target = 'next' THEN sla_started_at + interval '14 hours' END,
                        sla_check_at = sla_started_at + interval '10 hours 30 minutes'
        WHERE sla_target IS NOT NULL`,
    ),
  );
  await ds.query(`VACUUM ANALYZE cases`);
  // The recompute is the cases module's (it owns the due-time columns); no job queue is started here.
  const jobs = new JobsService(loadConfig(), ds);
  const sla = new CaseSlaService(ds, new SlaService(ds, jobs), jobs);
  const n = await timed('CaseSlaService.recomputeRegion, every region (calendars, pauses)', async () => {
    let count = 0;
    for (const id of regionIds) count += await sla.recomputeRegion(id);
    return count;
  });
  const [c] = await ds.query(
    `SELECT count(*)::int AS n FROM cases WHERE first_reply_due_at IS NOT NULL OR next_reply_due_at IS NOT NULL`,
  );
  console.log(`  → ${fmt(n)} cases recomputed, ${fmt(c.n)} with a due time (the others are paused)`);
  await ds.query(`VACUUM ANALYZE cases`);
  // A change that moves few due times (a topic policy, a closed day far ahead) writes few rows.
  await timed('CaseSlaService.recomputeRegion again, nothing changed', async () => {
    for (const id of regionIds) await sla.recomputeRegion(id);
  });
}

async function scans(ds: DataSource): Promise<void> {
  console.log('warning scan');
  // Steady state: the job runs every minute, so earlier moments were handled by earlier scans.
  const t0 = new Date('2026-11-19T09:00:00Z');
  await ds.query(`UPDATE cases SET sla_check_at = NULL WHERE sla_check_at < $1`, [t0]);
  await ds.query(`VACUUM ANALYZE cases`);
  await timed('idle scan: nothing has come due', () => scanSlaChecks(ds, t0));
  const windows: [string, Date][] = [
    ['one business hour', new Date(t0.getTime() + 3600_000)],
    ['catching up a whole day', new Date(t0.getTime() + 25 * 3600_000)],
  ];
  for (const [label, until] of windows) {
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM cases WHERE sla_check_at <= $1`, [until]);
    await timed(`baseline: index count of the cases come due (${label})`, () =>
      ds.query(`SELECT count(*) FROM cases WHERE sla_check_at <= $1`, [until]),
    );
    const [{ n: before }] = await ds.query(`SELECT count(*)::int AS n FROM notification`);
    const r = await timed(`scan: ${fmt(n)} cases come due (${label})`, () => scanSlaChecks(ds, until, 1000, notify));
    const [{ n: after }] = await ds.query(`SELECT count(*)::int AS n FROM notification`);
    console.log(
      `  → ${fmt(r.checked)} checked: ${fmt(r.warnings)} warnings, ${fmt(r.breaches)} breaches, ${fmt(after - before)} notifications`,
    );
    await timed('repeat scan at the same moment (finds nothing new)', () => scanSlaChecks(ds, until, 1000, notify));
  }
}

async function main(): Promise<void> {
  const db = await createBenchDatabase();
  const ds = createDataSource(db.url, { poolSize: 4 });
  try {
    await ds.initialize();
    console.log(`SLA bench: ${fmt(CASES)} open cases (${db.label})`);
    const regionIds: number[] = (await ds.query(`SELECT id FROM region ORDER BY id`)).map((r: { id: number }) => r.id);
    await timed(`setup: fill ${fmt(CASES)} open cases (not a figure)`, () => fill(ds, regionIds));
    await recompute(ds, regionIds);
    await scans(ds);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.drop();
  }
}

main().catch((e) => {
  console.error('bench failed:', e);
  process.exit(1);
});
