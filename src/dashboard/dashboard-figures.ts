import { CHECKLIST_ITEMS } from '../replies/reply-checklist';
import { checkColumn } from './dashboard-rollup.repository';
import { Additivity, Baseline, Column } from './dashboard-table';

/**
 * The dashboard figures: each one table, read from the roll-ups (periods) or from the indexed
 * open cases (now). Every query takes the same parameters, as many as it uses:
 * $1 region ids (int[], null = all), $2 topic code ('' = none, null = all), $3 channel (null =
 * all), $4 from, $5 to (days, inclusive), $6 the dashboard time zone.
 * Percentiles are percentile_cont (linear interpolation between the two nearest values).
 */
export interface FigureDefinition {
  columns: Column[];
  /** Which cells add up to others (for the small-count rule's secondary suppression). */
  additivity?: Additivity;
  sql: string;
  baselines?: Baseline[];
  /** Figures of the current moment ignore the period. */
  now?: boolean;
  /** The same figure with percentiles from the sample (see SAMPLE_EVERY), for very many response times. */
  sampledSql?: string;
}

/** Filters on the daily roll-up tables (alias-free). */
const DAILY = `day BETWEEN $4::date AND $5::date AND ($1::int[] IS NULL OR region_id = ANY($1::int[]))
  AND ($2::text IS NULL OR topic_code = $2::text) AND ($3::text IS NULL OR channel = $3::text)`;

/**
 * The filtered daily rows: per region when regions are given, else the same sums already added up
 * over all regions (dashboard_daily_all, region_id 0), ~30 times fewer rows for an admin's year.
 * `$1 IS NULL` is known when the statement is planned, so only one side is read.
 */
const DAILY_ROWS = `(SELECT * FROM dashboard_daily WHERE $1::int[] IS NOT NULL AND ${DAILY}
  UNION ALL SELECT * FROM dashboard_daily_all WHERE $1::int[] IS NULL AND ${DAILY}) dd`;

/** The regions asked for (alias-free); null: every region. */
const IN_REGIONS = `($1::int[] IS NULL OR region_id = ANY($1::int[]))`;

/** Filters on the roll-ups per day and region, summed over topic and channel (alias-free). */
const DAY_REGION = `day BETWEEN $4::date AND $5::date AND ${IN_REGIONS}`;

/**
 * No topic and no channel asked for: then the figures per region and per worker read the narrow
 * roll-ups (dashboard_region_daily, dashboard_worker_weekly), else the rows split per topic and
 * channel. Known when the statement is planned, like `$1 IS NULL` above: one side is read.
 */
const UNSPLIT = `$2::text IS NULL AND $3::text IS NULL`;

/**
 * The period's whole ISO weeks run from FIRST_MONDAY (the first Monday on or after $4) to
 * LAST_SUNDAY (the last Sunday on or before $5); none when LAST_SUNDAY < FIRST_MONDAY + 6.
 * Constants when the statement is planned, so they bound index ranges.
 */
const FIRST_MONDAY = `($4::date + (8 - extract(isodow FROM $4::date)::int) % 7)`;
const LAST_SUNDAY = `($5::date - extract(isodow FROM $5::date)::int % 7)`;

/** Filters on the single response times: the period as instants on the dashboard clock. */
const RESPONSES = `answered_at >= ($4::date)::timestamp AT TIME ZONE $6 AND answered_at < ($5::date + 1)::timestamp AT TIME ZONE $6
  AND ($1::int[] IS NULL OR region_id = ANY($1::int[])) AND ($2::text IS NULL OR topic_code = $2::text) AND ($3::text IS NULL OR channel = $3::text)`;

/**
 * Above `exactPercentilesUpTo` response times, medians and p90s are estimated from a fixed
 * 1-in-SAMPLE_EVERY sample (by event id, unrelated to the time itself, held in partial indexes);
 * counts, shares within the SLA and means still come exactly from the daily sums.
 */
export const SAMPLE_EVERY = 16;
const SAMPLED = `event_id % ${SAMPLE_EVERY} = 0`;

/** How many response times a period holds, from the daily sums: decides exact or sampled percentiles. */
export const RESPONSE_COUNT_SQL = `SELECT COALESCE(sum(first_replies + next_replies), 0)::bigint AS n FROM ${DAILY_ROWS}`;

/** Cases awaiting a reply right now (the inbox's open index), with the same filters. */
const AWAITING = `c.status <> 'closed' AND c.status <> 'waiting' AND c.erased_at IS NULL
  AND ($1::int[] IS NULL OR c.region_id = ANY($1::int[])) AND ($2::text IS NULL OR COALESCE(c.topic_code, '') = $2::text) AND ($3::text IS NULL OR c.channel = $3::text)`;

const STAFF_ROLES = `('trainee', 'worker', 'supervisor')`;

/** Per region in the period (d), right now (live) and its answering staff (w): the regions and organisations figures. */
const PER_REGION = `
      WITH d AS (
        SELECT region_id, sum(cases_new) AS cases_new, sum(messages_out) AS messages_out, sum(answered) AS answered, sum(met) AS met
          FROM (SELECT region_id, cases_new, messages_out, answered, met FROM dashboard_region_daily WHERE ${UNSPLIT} AND ${DAY_REGION}
                UNION ALL
                SELECT region_id, cases_new, messages_out, first_replies + next_replies, first_met + next_met
                  FROM dashboard_daily WHERE NOT (${UNSPLIT}) AND ${DAILY}) x
         GROUP BY 1),
      live AS (
        SELECT c.region_id, count(*) AS awaiting, count(*) FILTER (WHERE c.inbox_due_at < now()) AS overdue
          FROM cases c WHERE ${AWAITING} GROUP BY 1),
      w AS (
        SELECT sr.region_id, count(*) AS workers FROM staff_region sr JOIN staff_user u ON u.id = sr.staff_user_id
         WHERE u.active AND u.role IN ${STAFF_ROLES} GROUP BY 1)`;

/** Median and p90 from one sort of the column (an array of fractions), and the mean. */
const stats = (prefix: string, col: string) =>
  `percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${col}) AS ${prefix}_pct, avg(${col}) AS ${prefix}_mean`;

const count = (key: string): Column => ({ key, kind: 'count', protect: true });
const hours = (key: string, basis: string): Column => ({ key, kind: 'hours', basis });
const share = (key: string, basis: string): Column => ({ key, kind: 'share', basis });

/** What the regions and organisations figures show of each row, beside its label. */
const PER_REGION_COLUMNS: Column[] = [
  { key: 'workers', kind: 'count' },
  count('cases_new'),
  count('messages_out'),
  { key: 'replies_per_worker', kind: 'score' },
  count('awaiting'),
  count('overdue'),
  count('answered'),
  share('within_sla', 'answered'),
];
const score = (key: string, basis: string): Column => ({ key, kind: 'score', basis });

/** The research's figures (DOMAIN.md): what the service is compared with. */
export const BASELINES = {
  /** The measured average response time of a social worker to an e-mail: three days. */
  emailResponseHours: 72,
  /** 20 of 50 studied cases verified the worker's understanding explicitly. */
  verificationShare: 0.4,
  /** Online help was referred to in only 10% of the cases. */
  onlineReferralShare: 0.1,
  /** PsychoseNet's averages for "was it meaningful" and "did it help" (1–5). */
  meaningfulScore: 4.4,
  helpedScore: 4.2,
};

/** The weekly trend; counts from the daily sums, first-reply medians exact or (`sampled`) from the sample. */
function trendSql(sampled: boolean): string {
  return `
      WITH weeks AS (
        SELECT w::date AS week FROM generate_series(date_trunc('week', $4::date), $5::date, interval '1 week') w),
      d AS (
        SELECT date_trunc('week', day)::date AS week, sum(cases_new) AS cases_new, sum(messages_in) AS messages_in, sum(messages_out) AS messages_out,
               sum(first_replies) AS first_replies, sum(first_replies + next_replies) AS answered, sum(first_met + next_met) AS met,
               sum(check_verification) AS verification, sum(check_online_referral) AS online_referral,
               sum(evaluations) AS evaluations, sum(eval_helped_sum) AS helped_sum
          FROM ${DAILY_ROWS} GROUP BY 1),
      -- One index range scan per week (no sort of the whole period by week); a week without
      -- replies has no medians.
      r AS (
        SELECT weeks.week, x.first_business_median, x.first_wall_median
          FROM weeks CROSS JOIN LATERAL (
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY business_seconds) AS first_business_median,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY wall_seconds) AS first_wall_median
              FROM dashboard_response
             WHERE ${RESPONSES} AND target = 'first'${sampled ? ` AND ${SAMPLED}` : ''}
               AND answered_at >= (weeks.week)::timestamp AT TIME ZONE $6 AND answered_at < (weeks.week + 7)::timestamp AT TIME ZONE $6) x)
      SELECT to_char(weeks.week, 'YYYY-MM-DD') AS week, COALESCE(d.cases_new, 0) AS cases_new, COALESCE(d.messages_in, 0) AS messages_in,
             COALESCE(d.messages_out, 0) AS messages_out, COALESCE(d.first_replies, 0) AS first_replies, r.first_business_median, r.first_wall_median,
             COALESCE(d.answered, 0) AS answered, d.met::numeric / NULLIF(d.answered, 0) AS within_sla,
             d.verification::numeric / NULLIF(d.messages_out, 0) AS verification, d.online_referral::numeric / NULLIF(d.messages_out, 0) AS online_referral,
             COALESCE(d.evaluations, 0) AS evaluations, d.helped_sum::numeric / NULLIF(d.evaluations, 0) AS helped_mean
        FROM weeks LEFT JOIN d USING (week) LEFT JOIN r USING (week)
       ORDER BY weeks.week`;
}

export const FIGURES = {
  /** New cases and messages in and out, per channel and in total. */
  volume: {
    additivity: { rows: { totalColumn: 'channel', totalValue: 'all' } },
    columns: [{ key: 'channel', kind: 'text' }, count('cases_new'), count('messages_in'), count('messages_out')],
    sql: `
      SELECT COALESCE(channel, 'all') AS channel, COALESCE(sum(cases_new), 0) AS cases_new, COALESCE(sum(messages_in), 0) AS messages_in, COALESCE(sum(messages_out), 0) AS messages_out
        FROM ${DAILY_ROWS}
       GROUP BY ROLLUP (channel)
       ORDER BY channel IS NULL, channel`,
  },
  /** The same volume per topic ('none': no topic chosen). */
  topics: {
    additivity: { rows: {} },
    columns: [{ key: 'topic', kind: 'text' }, count('cases_new'), count('messages_in'), count('messages_out')],
    sql: `
      SELECT CASE WHEN topic_code = '' THEN 'none' ELSE topic_code END AS topic, sum(cases_new) AS cases_new, sum(messages_in) AS messages_in, sum(messages_out) AS messages_out
        FROM ${DAILY_ROWS}
       GROUP BY topic_code
       ORDER BY sum(cases_new) DESC, topic_code`,
  },
  /** First and follow-up reply times in business and wall-clock hours, and the share within the SLA. */
  response: {
    additivity: { rows: { group: 'target', totalColumn: 'channel', totalValue: 'all' } },
    columns: [
      { key: 'target', kind: 'text' },
      { key: 'channel', kind: 'text' },
      count('replies'),
      share('within_sla', 'replies'),
      hours('business_median', 'replies'),
      hours('business_p90', 'replies'),
      hours('business_mean', 'replies'),
      hours('wall_median', 'replies'),
      hours('wall_p90', 'replies'),
      hours('wall_mean', 'replies'),
    ],
    sql: `
      SELECT t.target, COALESCE(r.channel, 'all') AS channel, COALESCE(r.replies, 0) AS replies, r.within_sla,
             r.business_pct[1] AS business_median, r.business_pct[2] AS business_p90, r.business_mean,
             r.wall_pct[1] AS wall_median, r.wall_pct[2] AS wall_p90, r.wall_mean
        FROM (VALUES ('first', 1), ('next', 2)) t (target, ord)
        LEFT JOIN (
          SELECT target, channel, count(*) AS replies, avg(met::int) AS within_sla,
                 ${stats('business', 'business_seconds')}, ${stats('wall', 'wall_seconds')}
            FROM dashboard_response WHERE ${RESPONSES}
           GROUP BY target, ROLLUP (channel)) r ON r.target = t.target
       ORDER BY t.ord, r.channel IS NULL DESC, r.channel`,
    sampledSql: `
      WITH per_channel AS (
        SELECT 'first' AS target, channel, sum(first_replies) AS n, sum(first_met) AS met, sum(first_business_sum) AS business, sum(first_wall_sum) AS wall
          FROM ${DAILY_ROWS} GROUP BY channel
        UNION ALL
        SELECT 'next', channel, sum(next_replies), sum(next_met), sum(next_business_sum), sum(next_wall_sum)
          FROM ${DAILY_ROWS} GROUP BY channel),
      c AS (
        SELECT target, channel, sum(n) AS replies, sum(met) AS met, sum(business) AS business, sum(wall) AS wall
          FROM per_channel GROUP BY target, ROLLUP (channel) HAVING sum(n) > 0),
      p AS (
        SELECT target, channel, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY business_seconds) AS business_pct,
               percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY wall_seconds) AS wall_pct
          FROM dashboard_response WHERE ${RESPONSES} AND ${SAMPLED}
         GROUP BY target, ROLLUP (channel))
      SELECT t.target, COALESCE(c.channel, 'all') AS channel, COALESCE(c.replies, 0) AS replies, c.met::numeric / NULLIF(c.replies, 0) AS within_sla,
             p.business_pct[1] AS business_median, p.business_pct[2] AS business_p90, c.business::numeric / NULLIF(c.replies, 0) AS business_mean,
             p.wall_pct[1] AS wall_median, p.wall_pct[2] AS wall_p90, c.wall::numeric / NULLIF(c.replies, 0) AS wall_mean
        FROM (VALUES ('first', 1), ('next', 2)) t (target, ord)
        LEFT JOIN c ON c.target = t.target
        LEFT JOIN p ON p.target = c.target AND p.channel IS NOT DISTINCT FROM c.channel
       ORDER BY t.ord, c.channel IS NULL DESC, c.channel`,
    baselines: [
      {
        key: 'emailResponse',
        column: 'wall_mean',
        value: BASELINES.emailResponseHours * 3600,
        where: { channel: 'email' },
      },
    ],
  },
  /** Per ISO week (Monday): volume, first-reply median, share within the SLA, quality and evaluations. */
  trend: {
    additivity: { rows: {} },
    columns: [
      { key: 'week', kind: 'day' },
      count('cases_new'),
      count('messages_in'),
      count('messages_out'),
      count('first_replies'),
      hours('first_business_median', 'first_replies'),
      hours('first_wall_median', 'first_replies'),
      count('answered'),
      share('within_sla', 'answered'),
      share('verification', 'messages_out'),
      share('online_referral', 'messages_out'),
      count('evaluations'),
      score('helped_mean', 'evaluations'),
    ],
    sql: trendSql(false),
    sampledSql: trendSql(true),
  },
  /** Right now: cases awaiting a reply per region, by how long they have waited, and breaches. */
  backlog: {
    additivity: {
      rows: { totalColumn: 'region', totalValue: 'all' },
      parts: [{ total: 'awaiting', parts: ['under_1_day', 'days_1_to_3', 'days_3_to_7', 'over_7_days'] }],
    },
    now: true,
    columns: [
      { key: 'region', kind: 'text' },
      count('awaiting'),
      count('under_1_day'),
      count('days_1_to_3'),
      count('days_3_to_7'),
      count('over_7_days'),
      count('overdue'),
    ],
    sql: `
      WITH a AS (
        SELECT c.region_id, now() - COALESCE(c.sla_started_at, c.created_at) AS age, c.inbox_due_at < now() AS overdue
          FROM cases c WHERE ${AWAITING})
      SELECT COALESCE(r.code, 'all') AS region, count(a.region_id) AS awaiting,
             count(*) FILTER (WHERE a.age < interval '1 day') AS under_1_day,
             count(*) FILTER (WHERE a.age >= interval '1 day' AND a.age < interval '3 days') AS days_1_to_3,
             count(*) FILTER (WHERE a.age >= interval '3 days' AND a.age < interval '7 days') AS days_3_to_7,
             count(*) FILTER (WHERE a.age >= interval '7 days') AS over_7_days,
             count(*) FILTER (WHERE a.overdue) AS overdue
        FROM region r LEFT JOIN a ON a.region_id = r.id
       WHERE ($1::int[] IS NULL OR r.id = ANY($1::int[]))
       GROUP BY ROLLUP (r.code)
       ORDER BY r.code IS NULL, r.code`,
  },
  /** Per worker: replies written in the period, cases awaiting their reply now and how many are overdue. */
  workload: {
    columns: [
      { key: 'worker', kind: 'text' },
      { key: 'role', kind: 'text' },
      { key: 'replies_sent', kind: 'count' },
      { key: 'awaiting', kind: 'count' },
      { key: 'overdue', kind: 'count' },
    ],
    sql: `
      WITH sent AS (
        -- Unfiltered: the period's whole weeks, then its days before the first and after the last of them.
        SELECT staff_user_id, sum(replies_sent) AS n
          FROM (SELECT staff_user_id, replies_sent FROM dashboard_worker_weekly
                 WHERE ${UNSPLIT} AND week BETWEEN ${FIRST_MONDAY} AND ${LAST_SUNDAY} - 6 AND ${IN_REGIONS}
                UNION ALL
                SELECT staff_user_id, replies_sent FROM dashboard_worker_daily
                 WHERE ${UNSPLIT} AND day BETWEEN $4::date AND LEAST($5::date, ${FIRST_MONDAY} - 1) AND ${IN_REGIONS}
                UNION ALL
                SELECT staff_user_id, replies_sent FROM dashboard_worker_daily
                 WHERE ${UNSPLIT} AND day BETWEEN GREATEST(${LAST_SUNDAY}, ${FIRST_MONDAY} - 1) + 1 AND $5::date AND ${IN_REGIONS}
                UNION ALL
                SELECT staff_user_id, replies_sent FROM dashboard_worker_daily WHERE NOT (${UNSPLIT}) AND ${DAILY}) x
         GROUP BY 1),
      load AS (
        SELECT c.assigned_to AS staff_user_id, count(*) AS awaiting, count(*) FILTER (WHERE c.inbox_due_at < now()) AS overdue
          FROM cases c WHERE ${AWAITING} AND c.assigned_to IS NOT NULL GROUP BY 1),
      people AS (
        SELECT staff_user_id FROM sent UNION SELECT staff_user_id FROM load
        UNION SELECT sr.staff_user_id FROM staff_region sr JOIN staff_user u ON u.id = sr.staff_user_id
         WHERE u.active AND u.role IN ${STAFF_ROLES} AND ($1::int[] IS NULL OR sr.region_id = ANY($1::int[])))
      SELECT u.display_name AS worker, u.role, COALESCE(sent.n, 0) AS replies_sent, COALESCE(load.awaiting, 0) AS awaiting, COALESCE(load.overdue, 0) AS overdue
        FROM people p JOIN staff_user u ON u.id = p.staff_user_id
        LEFT JOIN sent ON sent.staff_user_id = p.staff_user_id LEFT JOIN load ON load.staff_user_id = p.staff_user_id
       ORDER BY replies_sent DESC, awaiting DESC, u.display_name`,
  },
  /** Per region: its organisation, staff, new cases and replies in the period, replies per worker, the backlog and the share within the SLA. */
  regions: {
    additivity: { rows: {} },
    // The organisation last: the region stays the row's label, and the CSV still names it per row.
    columns: [{ key: 'region', kind: 'text' }, ...PER_REGION_COLUMNS, { key: 'organisation', kind: 'text' }],
    sql: `
      ${PER_REGION}
      SELECT o.code AS organisation, r.code AS region, COALESCE(w.workers, 0) AS workers, COALESCE(d.cases_new, 0) AS cases_new, COALESCE(d.messages_out, 0) AS messages_out,
             COALESCE(d.messages_out, 0)::numeric / NULLIF(w.workers, 0) AS replies_per_worker,
             COALESCE(live.awaiting, 0) AS awaiting, COALESCE(live.overdue, 0) AS overdue,
             COALESCE(d.answered, 0) AS answered, d.met::numeric / NULLIF(d.answered, 0) AS within_sla
        FROM region r JOIN organisation o ON o.id = r.organisation_id
        LEFT JOIN d ON d.region_id = r.id LEFT JOIN live ON live.region_id = r.id LEFT JOIN w ON w.region_id = r.id
       WHERE ($1::int[] IS NULL OR r.id = ANY($1::int[]))
       ORDER BY o.code, r.code`,
  },
  /**
   * The organisations side by side (the platform admin's view; a manager sees their own): the
   * regions' figures added up per organisation.
   */
  organisations: {
    additivity: { rows: {} },
    columns: [{ key: 'organisation', kind: 'text' }, { key: 'regions', kind: 'count' }, ...PER_REGION_COLUMNS],
    sql: `
      ${PER_REGION}
      SELECT o.code AS organisation, count(*) AS regions, COALESCE(sum(w.workers), 0) AS workers,
             COALESCE(sum(d.cases_new), 0) AS cases_new, COALESCE(sum(d.messages_out), 0) AS messages_out,
             COALESCE(sum(d.messages_out), 0)::numeric / NULLIF(sum(w.workers), 0) AS replies_per_worker,
             COALESCE(sum(live.awaiting), 0) AS awaiting, COALESCE(sum(live.overdue), 0) AS overdue,
             COALESCE(sum(d.answered), 0) AS answered, sum(d.met)::numeric / NULLIF(sum(d.answered), 0) AS within_sla
        FROM region r JOIN organisation o ON o.id = r.organisation_id
        LEFT JOIN d ON d.region_id = r.id LEFT JOIN live ON live.region_id = r.id LEFT JOIN w ON w.region_id = r.id
       WHERE ($1::int[] IS NULL OR r.id = ANY($1::int[]))
       GROUP BY o.code
       ORDER BY o.code`,
  },
  /** How often replies met each checklist item (verified the question, asked for feedback, referred online …). */
  checklist: {
    columns: [{ key: 'item', kind: 'text' }, count('replies'), count('met'), share('rate', 'replies')],
    sql: `
      WITH d AS (
        SELECT sum(messages_out) AS replies, ${CHECKLIST_ITEMS.map((i) => `sum(${checkColumn(i)}) AS "${i}"`).join(', ')}
          FROM ${DAILY_ROWS})
      SELECT i.item, COALESCE(d.replies, 0) AS replies, COALESCE(i.met, 0) AS met, i.met::numeric / NULLIF(d.replies, 0) AS rate
        FROM d, LATERAL (VALUES ${CHECKLIST_ITEMS.map((i, n) => `('${i}', d."${i}", ${n})`).join(', ')}) i (item, met, ord)
       ORDER BY i.ord`,
    baselines: [
      { key: 'verification', column: 'rate', value: BASELINES.verificationShare, where: { item: 'verification' } },
      {
        key: 'onlineReferral',
        column: 'rate',
        value: BASELINES.onlineReferralShare,
        where: { item: 'onlineReferral' },
      },
    ],
  },
  /** The referrals in replies by kind, and each kind's share of all referrals. */
  referrals: {
    additivity: { rows: {} },
    columns: [{ key: 'kind', kind: 'text' }, count('referrals'), count('total'), share('share', 'total')],
    sql: `
      WITH d AS (
        SELECT sum(referrals_social_work) AS sw, sum(referrals_face_to_face) AS ff, sum(referrals_online) AS online
          FROM ${DAILY_ROWS})
      SELECT k.kind, COALESCE(k.n, 0) AS referrals, COALESCE(d.sw + d.ff + d.online, 0) AS total, k.n::numeric / NULLIF(d.sw + d.ff + d.online, 0) AS share
        FROM d, LATERAL (VALUES ('social-work', d.sw, 1), ('face-to-face', d.ff, 2), ('online', d.online, 3)) k (kind, n, ord)
       ORDER BY k.ord`,
  },
  /** The help-seekers' evaluations: how many replies were rated, the yes shares and the 1–5 averages. */
  evaluations: {
    columns: [
      count('evaluations'),
      count('replies'),
      share('response_rate', 'replies'),
      share('pleasant', 'evaluations'),
      share('helped', 'evaluations'),
      share('personal_contact', 'evaluations'),
      score('meaningful_mean', 'evaluations'),
      score('helped_mean', 'evaluations'),
    ],
    sql: `
      SELECT COALESCE(sum(evaluations), 0) AS evaluations, COALESCE(sum(messages_out), 0) AS replies,
             sum(evaluations)::numeric / NULLIF(sum(messages_out), 0) AS response_rate,
             sum(eval_pleasant)::numeric / NULLIF(sum(evaluations), 0) AS pleasant,
             sum(eval_helped)::numeric / NULLIF(sum(evaluations), 0) AS helped,
             sum(eval_personal_contact)::numeric / NULLIF(sum(evaluations), 0) AS personal_contact,
             sum(eval_meaningful_sum)::numeric / NULLIF(sum(evaluations), 0) AS meaningful_mean,
             sum(eval_helped_sum)::numeric / NULLIF(sum(evaluations), 0) AS helped_mean
        FROM ${DAILY_ROWS}`,
    baselines: [
      { key: 'meaningfulScore', column: 'meaningful_mean', value: BASELINES.meaningfulScore },
      { key: 'helpedScore', column: 'helped_mean', value: BASELINES.helpedScore },
    ],
  },
  /**
   * The crisis flag in real use: of the cases workers judged in the period (their latest
   * verdict), how often the triage rules' flag was right (precision) and how many of the
   * crises it found (recall). `flagged` is whether the rules find warning signs in the
   * help-seeker's own messages, recorded with each verdict (case.crisis_reviewed).
   */
  crisisFlag: {
    columns: [
      count('reviewed'),
      count('judged_crisis'),
      count('flagged'),
      count('true_alarms'),
      count('false_alarms'),
      count('missed'),
      share('precision', 'flagged'),
      share('recall', 'judged_crisis'),
    ],
    sql: `
      WITH r AS (
        SELECT DISTINCT ON (e.case_id) e.data->>'verdict' = 'crisis' AS crisis, COALESCE((e.data->>'wording')::boolean, false) AS flagged
          FROM case_event e JOIN cases c ON c.id = e.case_id
         WHERE e.type = 'case.crisis_reviewed'
           AND e.occurred_at >= ($4::date)::timestamp AT TIME ZONE $6 AND e.occurred_at < ($5::date + 1)::timestamp AT TIME ZONE $6
           AND ($1::int[] IS NULL OR e.region_id = ANY($1::int[]))
           AND ($2::text IS NULL OR COALESCE(c.topic_code, '') = $2::text) AND ($3::text IS NULL OR c.channel = $3::text)
         ORDER BY e.case_id, e.occurred_at DESC, e.id DESC)
      SELECT count(*) AS reviewed, count(*) FILTER (WHERE crisis) AS judged_crisis, count(*) FILTER (WHERE flagged) AS flagged,
             count(*) FILTER (WHERE flagged AND crisis) AS true_alarms, count(*) FILTER (WHERE flagged AND NOT crisis) AS false_alarms,
             count(*) FILTER (WHERE crisis AND NOT flagged) AS missed,
             (count(*) FILTER (WHERE flagged AND crisis))::numeric / NULLIF(count(*) FILTER (WHERE flagged), 0) AS precision,
             (count(*) FILTER (WHERE flagged AND crisis))::numeric / NULLIF(count(*) FILTER (WHERE crisis), 0) AS recall
        FROM r`,
  },
} satisfies Record<string, FigureDefinition>;

export type FigureName = keyof typeof FIGURES;
export const FIGURE_NAMES = Object.keys(FIGURES) as FigureName[];

/** Whether a route's name is one of the figures. */
export const isFigure = (name: string): name is FigureName => (FIGURE_NAMES as readonly string[]).includes(name);
