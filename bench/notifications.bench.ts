/**
 * Notifications and the review queue at scale: `npm run bench -- notifications`. Fills a fresh
 * database with BENCH_NOTIFICATION_CASES (200,000) cases over the demo regions, 300 staff users
 * with BENCH_NOTIFICATIONS (1,000,000) notifications between them (one in ten unread) and 2,000
 * trainee replies waiting for review, then prints the p95 of what every staff page and the
 * supervisor's queue run — the header's unread count, the first page of /notifications, the
 * review view's first page and count — next to a baseline measured in the same run: one
 * notification and one case looked up by primary key.
 * DATABASE_URL: use that server (a database is created and dropped); else an embedded PostgreSQL.
 */
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { createDataSource } from '../src/database/data-source';
import { buildReviewCountQuery, buildReviewPageQuery } from '../src/inbox/review-queue';
import { createBenchDatabase } from './database';

const CASES = Number(process.env.BENCH_NOTIFICATION_CASES || 200_000);
const NOTIFICATIONS = Number(process.env.BENCH_NOTIFICATIONS || 1_000_000);
const USERS = 300;
const RUNS = 200;
const fmt = (n: number) => n.toLocaleString('en');

async function p95(label: string, fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const v = times[Math.floor(times.length * 0.95)];
  console.log(`  ${label.padEnd(66)} p95 ${v.toFixed(2).padStart(7)} ms`);
  return v;
}

async function fill(ds: DataSource): Promise<{ users: string[]; cases: string[]; regionIds: number[] }> {
  const regionIds: number[] = (await ds.query(`SELECT id FROM region ORDER BY id`)).map((r: { id: number }) => r.id);
  const [seeker] = await ds.query(`INSERT INTO help_seeker (nickname) VALUES ('bench') RETURNING id`);
  await ds.query(
    `INSERT INTO cases (case_ref, access_token_hash, help_seeker_id, region_id, channel, status, created_at)
     SELECT 'N' || i, sha256(i::text::bytea), $1, ($2::int[])[1 + i % $3], 'web',
            CASE WHEN i % 4 = 0 THEN 'waiting' WHEN i % 7 = 0 THEN 'closed' ELSE 'open' END,
            now() - (i % 10000) * interval '1 minute'
       FROM generate_series(1, $4) AS i`,
    [seeker.id, regionIds, regionIds.length, CASES],
  );
  const [hash] = await ds.query(`SELECT password_hash FROM staff_user LIMIT 1`);
  await ds.query(
    `INSERT INTO staff_user (email, display_name, role, password_hash)
     SELECT 'bench' || i || '@luister.example', 'Bench ' || i, CASE WHEN i % 10 = 0 THEN 'supervisor' WHEN i % 5 = 0 THEN 'trainee' ELSE 'worker' END, $1
       FROM generate_series(1, $2) AS i`,
    [hash.password_hash, USERS],
  );
  await ds.query(
    `INSERT INTO staff_region (staff_user_id, region_id)
     SELECT u.id, ($1::int[])[1 + (row_number() OVER (ORDER BY u.id))::int % $2] FROM staff_user u WHERE u.email LIKE 'bench%'`,
    [regionIds, regionIds.length],
  );
  const users: string[] = (await ds.query(`SELECT id FROM staff_user WHERE email LIKE 'bench%' ORDER BY id`)).map(
    (r: { id: string }) => r.id,
  );
  const cases: string[] = (await ds.query(`SELECT id FROM cases ORDER BY id`)).map((r: { id: string }) => r.id);
  await ds.query(
    `INSERT INTO notification (staff_user_id, case_id, kind, data, created_at, read_at)
     SELECT ($1::uuid[])[1 + i % $2], ($3::uuid[])[1 + (i::bigint * 7919) % $4],
            (ARRAY['sla.warning','sla.breach','message.received','case.assigned'])[1 + i % 4], '{}',
            now() - i * interval '2 seconds', CASE WHEN i % 10 = 0 THEN NULL ELSE now() END
       FROM generate_series(1, $5) AS i`,
    [users, users.length, cases, cases.length, NOTIFICATIONS],
  );
  const trainees: string[] = (
    await ds.query(`SELECT id FROM staff_user WHERE email LIKE 'bench%' AND role = 'trainee' ORDER BY id`)
  ).map((r: { id: string }) => r.id);
  await ds.query(
    `INSERT INTO reply (case_id, author_id, status, sections, updated_at)
     SELECT ($1::uuid[])[1 + (i::bigint * 104729) % $2], ($3::uuid[])[1 + i % $4], 'pending-review', '{}', now() - i * interval '1 minute'
       FROM generate_series(1, 2000) AS i ON CONFLICT DO NOTHING`,
    [cases, cases.length, trainees, trainees.length],
  );
  for (const t of ['cases', 'notification', 'reply', 'staff_user', 'staff_region'])
    await ds.query(`VACUUM ANALYZE ${t}`);
  return { users, cases, regionIds };
}

/** BENCH_EXPLAIN=1: the plan of each query, for docs and review. */
async function explain(ds: DataSource, sql: string, params: unknown[]): Promise<void> {
  if (!process.env.BENCH_EXPLAIN) return;
  const rows: { 'QUERY PLAN': string }[] = await ds.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
  console.log(rows.map((r) => `      ${r['QUERY PLAN']}`).join('\n'));
}

async function main(): Promise<void> {
  const db = await createBenchDatabase();
  const ds = createDataSource(db.url);
  await ds.initialize();
  try {
    console.log(
      `notifications bench on ${db.label}: ${fmt(CASES)} cases, ${fmt(NOTIFICATIONS)} notifications, ${USERS} staff`,
    );
    const t0 = performance.now();
    const { users, cases, regionIds } = await fill(ds);
    console.log(`  filled in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const [{ max }] = await ds.query(`SELECT max(id)::int AS max FROM notification`);
    const scope = (i: number) => [regionIds[i % regionIds.length], regionIds[(i + 1) % regionIds.length]];
    const user = (i: number) => users[(i * 37) % users.length];
    console.log('baseline');
    await p95('one notification by primary key', (i) =>
      ds.query(`SELECT * FROM notification WHERE id = $1`, [1 + ((i * 7919) % max)]),
    );
    await p95('one case by primary key', (i) =>
      ds.query(`SELECT * FROM cases WHERE id = $1`, [cases[(i * 31) % cases.length]]),
    );
    console.log('what the staff pages run');
    // The shape NotificationsService runs (LATERAL look-up of each notification's case by id).
    const JOIN = `LEFT JOIN LATERAL (SELECT c.case_ref, c.erased_at, c.region_id FROM cases c WHERE c.id = n.case_id) c ON true`;
    const VISIBLE = `(n.case_id IS NULL OR (c.erased_at IS NULL AND c.region_id IS NOT NULL AND ($2::int[] IS NULL OR c.region_id = ANY($2::int[]))))`;
    await p95('header badge: unread count of one user (capped at 100)', (i) =>
      ds.query(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM notification n ${JOIN} WHERE n.staff_user_id = $1 AND n.read_at IS NULL AND ${VISIBLE} LIMIT 100) x`,
        [user(i), scope(i)],
      ),
    );
    await p95('/notifications: first page of 30, newest first', (i) =>
      ds.query(
        `SELECT n.id, n.kind, n.case_id, c.case_ref, n.data, n.created_at, n.read_at, n.done_at
           FROM notification n ${JOIN}
          WHERE n.staff_user_id = $1 AND ${VISIBLE}
          ORDER BY n.created_at DESC, n.id DESC LIMIT 31`,
        [user(i), scope(i)],
      ),
    );
    const listSql = `SELECT n.id, n.kind, n.case_id, c.case_ref, n.data, n.created_at, n.read_at, n.done_at
           FROM notification n ${JOIN}
          WHERE n.staff_user_id = $1 AND ${VISIBLE}
          ORDER BY n.created_at DESC, n.id DESC LIMIT 31`;
    await explain(ds, listSql, [user(1), scope(1)]);
    const rq = buildReviewPageQuery({ userId: user(1), regionIds: scope(1) }, {}, 50);
    await explain(ds, rq.sql, rq.params);
    await p95('review view: first page of 50 (two regions)', (i) => {
      const q = buildReviewPageQuery({ userId: user(i), regionIds: scope(i) }, {}, 50);
      return ds.query(q.sql, q.params);
    });
    await p95('review view: count (two regions, capped at 1,000)', (i) => {
      const q = buildReviewCountQuery({ userId: user(i), regionIds: scope(i) }, {}, 1000);
      return ds.query(q.sql, q.params);
    });
  } finally {
    await ds.destroy();
    await db.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
