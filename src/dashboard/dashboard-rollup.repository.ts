import * as sql from '../database/sql';
import { CHECKLIST_ITEMS } from '../replies/reply-checklist';

/**
 * The dashboard roll-ups' SQL (docs/data-layer.md; plans in docs/dashboard-plan.md): the statements
 * that rebuild one day of every roll-up table, the day locks, and which days are still open.
 * DashboardRollup keeps when a day is rebuilt, the transaction each day runs in, and the order.
 */

/** The facts a day's roll-up reads; nothing else in case_event feeds the dashboards. */
const FACT_TYPES = ['case.created', 'message.received', 'reply.sent', 'sla.met', 'sla.missed'];

/** Day boundaries as timestamptz on the dashboard clock: `$1` is the day, `$2` the time zone. */
const BOUNDS = `SELECT ($1::date)::timestamp AT TIME ZONE $2 AS lo, ($1::date + 1)::timestamp AT TIME ZONE $2 AS hi`;

/** The roll-up column of a checklist item: openQuestion → check_open_question. */
export const checkColumn = (item: string) => 'check_' + item.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
const CHECKS: readonly string[] = CHECKLIST_ITEMS;
const CHECK_COLUMNS = CHECKS.map(checkColumn);

/** The counts and sums of a dashboard_daily row. */
const SUM_COLUMNS = [
  'cases_new',
  'messages_in',
  'messages_out',
  'first_replies',
  'first_met',
  'next_replies',
  'next_met',
  'first_wall_sum',
  'first_business_sum',
  'next_wall_sum',
  'next_business_sum',
  ...CHECK_COLUMNS,
  'referrals_social_work',
  'referrals_face_to_face',
  'referrals_online',
  'evaluations',
  'eval_pleasant',
  'eval_helped',
  'eval_personal_contact',
  'eval_meaningful_sum',
  'eval_helped_sum',
];

/**
 * Rebuilds one day of every dashboard roll-up in one statement: the facts of the day, grouped
 * by region, topic and channel (the case's current topic; the region and channel the event
 * recorded), the single response times for exact percentiles, and replies per worker. The
 * previous rows of that day are deleted first in the same transaction, so rebuilding is
 * idempotent and a reader never sees half a day.
 */
const ROLL_UP_DAY = `
  WITH b AS (${BOUNDS}),
  ev AS MATERIALIZED (
    SELECT e.id, e.type, e.data, e.actor_id, e.occurred_at, e.wall_seconds, e.business_seconds,
           COALESCE(e.region_id, c.region_id) AS region_id, COALESCE(c.topic_code, '') AS topic_code, COALESCE(e.channel, c.channel) AS channel
      FROM b, case_event e JOIN cases c ON c.id = e.case_id
     WHERE e.type = ANY($3::text[]) AND e.occurred_at >= b.lo AND e.occurred_at < b.hi),
  facts AS (
    SELECT region_id, topic_code, channel,
           count(*) FILTER (WHERE type = 'case.created') AS cases_new,
           count(*) FILTER (WHERE type IN ('case.created', 'message.received')) AS messages_in,
           count(*) FILTER (WHERE type = 'reply.sent') AS messages_out,
           count(*) FILTER (WHERE type IN ('sla.met', 'sla.missed') AND data->>'target' = 'first') AS first_replies,
           count(*) FILTER (WHERE type = 'sla.met' AND data->>'target' = 'first') AS first_met,
           count(*) FILTER (WHERE type IN ('sla.met', 'sla.missed') AND data->>'target' = 'next') AS next_replies,
           count(*) FILTER (WHERE type = 'sla.met' AND data->>'target' = 'next') AS next_met,
           ${['first', 'next'].flatMap((t) => ['wall', 'business'].map((k) => `COALESCE(sum(${k}_seconds) FILTER (WHERE type IN ('sla.met', 'sla.missed') AND data->>'target' = '${t}'), 0) AS ${t}_${k}_sum`)).join(',\n           ')},
           ${CHECKS.map((c, i) => `count(*) FILTER (WHERE type = 'reply.sent' AND data->'checks' ? '${c}') AS ${CHECK_COLUMNS[i]}`).join(',\n           ')},
           COALESCE(sum((data->'referrals'->>'social-work')::int) FILTER (WHERE type = 'reply.sent'), 0) AS referrals_social_work,
           COALESCE(sum((data->'referrals'->>'face-to-face')::int) FILTER (WHERE type = 'reply.sent'), 0) AS referrals_face_to_face,
           COALESCE(sum((data->'referrals'->>'online')::int) FILTER (WHERE type = 'reply.sent'), 0) AS referrals_online
      FROM ev GROUP BY region_id, topic_code, channel),
  evals AS (
    SELECT c.region_id, COALESCE(c.topic_code, '') AS topic_code, c.channel,
           count(*) AS evaluations,
           count(*) FILTER (WHERE v.pleasant) AS eval_pleasant,
           count(*) FILTER (WHERE v.helped) AS eval_helped,
           count(*) FILTER (WHERE v.personal_contact) AS eval_personal_contact,
           sum(v.meaningful_score) AS eval_meaningful_sum,
           sum(v.helped_score) AS eval_helped_sum
      FROM b, evaluation v JOIN cases c ON c.id = v.case_id
     WHERE v.submitted_at >= b.lo AND v.submitted_at < b.hi
     GROUP BY 1, 2, 3),
  daily AS (
    INSERT INTO dashboard_daily (day, region_id, topic_code, channel, ${SUM_COLUMNS.join(', ')})
    SELECT $1::date, region_id, topic_code, channel,
           ${SUM_COLUMNS.map((col) => `COALESCE(${col}, 0)`).join(', ')}
      FROM facts FULL JOIN evals USING (region_id, topic_code, channel)),
  responses AS (
    INSERT INTO dashboard_response (event_id, day, answered_at, region_id, topic_code, channel, target, met, wall_seconds, business_seconds)
    SELECT id, $1::date, occurred_at, region_id, topic_code, channel, data->>'target', type = 'sla.met', COALESCE(wall_seconds, 0), COALESCE(business_seconds, 0)
      FROM ev WHERE type IN ('sla.met', 'sla.missed') AND data->>'target' IN ('first', 'next')),
  workers AS (
    INSERT INTO dashboard_worker_daily (day, region_id, topic_code, channel, staff_user_id, replies_sent)
    SELECT $1::date, region_id, topic_code, channel, actor_id, count(*)
      FROM ev WHERE type = 'reply.sent' AND actor_id IS NOT NULL GROUP BY region_id, topic_code, channel, actor_id)
  INSERT INTO dashboard_rollup_day (day, rolled_at) VALUES ($1::date, now())
  ON CONFLICT (day) DO UPDATE SET rolled_at = EXCLUDED.rolled_at`;

/** The day's rows summed over all regions (region_id 0), for figures over every region. */
const ROLL_UP_ALL = `
  INSERT INTO dashboard_daily_all (day, region_id, topic_code, channel, ${SUM_COLUMNS.join(', ')})
  SELECT day, 0, topic_code, channel, ${SUM_COLUMNS.map((col) => `sum(${col})`).join(', ')}
    FROM dashboard_daily WHERE day = $1::date GROUP BY day, topic_code, channel`;

/**
 * The day's rows summed over topic and channel per region: what the regions and organisations
 * figures read when no topic or channel is asked for (one narrow row per region and day instead
 * of one wide row per region, topic and channel).
 */
const ROLL_UP_REGION = `
  INSERT INTO dashboard_region_daily (day, region_id, cases_new, messages_out, answered, met)
  SELECT day, region_id, sum(cases_new), sum(messages_out), sum(first_replies + next_replies), sum(first_met + next_met)
    FROM dashboard_daily WHERE day = $1::date GROUP BY day, region_id`;

/** The Monday of the day's ISO week. */
const WEEK = `($1::date - (extract(isodow FROM $1::date)::int - 1))`;

/**
 * The replies per worker and region of the day's whole week (so far), summed over topic and
 * channel: the workload figure's whole weeks when no topic or channel is asked for (a worker
 * replies ~1.7 times a day, so even per day an admin's year would be ~600,000 rows).
 */
const ROLL_UP_WORKER_WEEK = `
  INSERT INTO dashboard_worker_weekly (week, region_id, staff_user_id, replies_sent)
  SELECT ${WEEK}, region_id, staff_user_id, sum(replies_sent)
    FROM dashboard_worker_daily WHERE day BETWEEN ${WEEK} AND ${WEEK} + 6 GROUP BY region_id, staff_user_id`;

/** Days (YYYY-MM-DD) that are not rolled up yet, or were last rolled up before they settled. */
const OPEN_DAYS = `
  SELECT to_char(d, 'YYYY-MM-DD') AS day
    FROM generate_series(
           (SELECT (min(occurred_at) AT TIME ZONE $2)::date FROM case_event WHERE type = 'case.created'),
           ($1::timestamptz AT TIME ZONE $2)::date, interval '1 day') d
    LEFT JOIN dashboard_rollup_day r ON r.day = d::date
   WHERE r.day IS NULL OR r.rolled_at < ((d::date + 1)::timestamp AT TIME ZONE $2) + make_interval(hours => $3)
   ORDER BY d`;

/**
 * Days (YYYY-MM-DD on the clock of `timeZone`) up to `now` not rolled up yet, or last rolled up
 * before `settleHours` after their end.
 */
export async function openDays(m: sql.Db, now: Date, timeZone: string, settleHours: number): Promise<string[]> {
  const rows = await sql.rows<{ day: string }>(m, OPEN_DAYS, [now, timeZone, settleHours]);
  return rows.map((r) => r.day);
}

/** Every day from `from` to `to` (YYYY-MM-DD), in order. */
export async function daysBetween(m: sql.Db, from: string, to: string): Promise<string[]> {
  const rows = await sql.rows<{ day: string }>(
    m,
    `SELECT to_char(d, 'YYYY-MM-DD') AS day FROM generate_series($1::date, $2::date, interval '1 day') d`,
    [from, to],
  );
  return rows.map((r) => r.day);
}

/**
 * The day's lock and its week's, for the caller's transaction: two runners of one day take turns,
 * and the week's row adds up all of its days, so two days of one week are rebuilt one after the other.
 */
export async function lockDayAndWeek(m: sql.Db, day: string): Promise<void> {
  await sql.exec(m, `SELECT pg_advisory_xact_lock(hashtext('dashboard-rollup'), ($1::date - date '2000-01-01'))`, [
    day,
  ]);
  await sql.exec(m, `SELECT pg_advisory_xact_lock(hashtext('dashboard-rollup-week'), (${WEEK} - date '2000-01-01'))`, [
    day,
  ]);
}

/**
 * The day's rows of dashboard_daily, dashboard_worker_daily and dashboard_response (its bounds on
 * the clock of `timeZone`), deleted and built again from the facts in one statement; the day is
 * marked rolled up.
 */
export async function rebuildDayFacts(m: sql.Db, day: string, timeZone: string): Promise<void> {
  await sql.exec(m, `DELETE FROM dashboard_daily WHERE day = $1`, [day]);
  await sql.exec(m, `DELETE FROM dashboard_worker_daily WHERE day = $1`, [day]);
  await sql.exec(
    m,
    `DELETE FROM dashboard_response r USING (${BOUNDS}) b WHERE r.answered_at >= b.lo AND r.answered_at < b.hi`,
    [day, timeZone],
  );
  await sql.exec(m, ROLL_UP_DAY, [day, timeZone, FACT_TYPES]);
}

/** The day's all-regions row (region 0), built again from its dashboard_daily rows. */
export async function rebuildDayAllRegions(m: sql.Db, day: string): Promise<void> {
  await sql.exec(m, `DELETE FROM dashboard_daily_all WHERE day = $1`, [day]);
  await sql.exec(m, ROLL_UP_ALL, [day]);
}

/** The day's per-region rows, built again from its dashboard_daily rows. */
export async function rebuildDayPerRegion(m: sql.Db, day: string): Promise<void> {
  await sql.exec(m, `DELETE FROM dashboard_region_daily WHERE day = $1`, [day]);
  await sql.exec(m, ROLL_UP_REGION, [day]);
}

/** The replies per worker and region of the day's week, built again from its dashboard_worker_daily rows. */
export async function rebuildWorkerWeek(m: sql.Db, day: string): Promise<void> {
  await sql.exec(m, `DELETE FROM dashboard_worker_weekly WHERE week = ${WEEK}`, [day]);
  await sql.exec(m, ROLL_UP_WORKER_WEEK, [day]);
}
