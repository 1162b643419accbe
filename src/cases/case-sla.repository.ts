import * as sql from '../database/sql';
import type { CaseSlaFacts, DueTimes } from '../sla/sla.service';
import type { ReplyTarget } from '../sla/sla-policy';

/**
 * The SQL of the case's reply targets (docs/data-layer.md): the SLA columns of `cases` that
 * CaseSlaService stores, and the batch of the SLA scan (sla-scan.ts). The services keep the
 * rules, the events and the transactions; this file only reads and writes rows.
 */

/** The case as its reply target needs it. */
export interface CaseSlaRow extends CaseSlaFacts {
  id: string;
  region_id: number;
  status: string;
}

const CASE_COLUMNS = `id, region_id, topic_code, crisis, status, sla_target, sla_started_at`;

export function caseSlaRow(m: sql.Db, caseId: string): Promise<CaseSlaRow | undefined> {
  return sql.one<CaseSlaRow>(m, `SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1`, [caseId]);
}

/** Whether a reply on the case was ever recorded as met or missed. */
export async function wasAnswered(m: sql.Db, caseId: string): Promise<boolean> {
  const { answered } = await sql.only<{ answered: boolean }>(
    m,
    `SELECT EXISTS (SELECT 1 FROM case_event WHERE case_id = $1 AND type IN ('sla.met', 'sla.missed')) AS answered`,
    [caseId],
  );
  return answered;
}

/** Sets the crisis flag when it changes: the case's region, or undefined when it was so already. */
export function setCrisisFlag(
  m: sql.Db,
  caseId: string,
  crisis: boolean,
  now: Date,
): Promise<{ region_id: number } | undefined> {
  return sql.one<{ region_id: number }>(
    m,
    `UPDATE cases SET crisis = $2, updated_at = $3 WHERE id = $1 AND crisis <> $2 RETURNING region_id`,
    [caseId, crisis, now],
  );
}

/** A new running target (or none), with no due times yet. */
export async function setTarget(
  m: sql.Db,
  caseId: string,
  target: ReplyTarget | null,
  startedAt: Date | null,
): Promise<void> {
  await sql.exec(
    m,
    `UPDATE cases SET sla_target = $2, sla_started_at = $3, first_reply_due_at = NULL, next_reply_due_at = NULL, sla_check_at = NULL WHERE id = $1`,
    [caseId, target, startedAt],
  );
}

/** The due times of the running target, as SLA computed them. */
export async function storeDueTimes(m: sql.Db, caseId: string, d: DueTimes): Promise<void> {
  await sql.exec(
    m,
    `UPDATE cases SET first_reply_due_at = $2, next_reply_due_at = $3, sla_check_at = $4 WHERE id = $1`,
    [caseId, d.target === 'first' ? d.dueAt : null, d.target === 'next' ? d.dueAt : null, d.warnAt],
  );
}

/** A case with a running target and the due times stored for it. */
export interface RunningTargetRow extends CaseSlaRow {
  first_reply_due_at: Date | null;
  next_reply_due_at: Date | null;
  sla_check_at: Date | null;
}

/** The next `limit` cases of the region with a running target after id `after`, locked FOR UPDATE. */
export function runningTargetsAfter(
  m: sql.Db,
  regionId: number,
  after: string,
  limit: number,
): Promise<RunningTargetRow[]> {
  return sql.rows<RunningTargetRow>(
    m,
    `SELECT ${CASE_COLUMNS}, first_reply_due_at, next_reply_due_at, sla_check_at
             FROM cases WHERE region_id = $1 AND sla_target IS NOT NULL AND id > $2 ORDER BY id LIMIT $3 FOR UPDATE`,
    [regionId, after, limit],
  );
}

/** New due times of many cases in one statement: `ids[i]` gets `first[i]`, `next[i]` and `checkAt[i]`. */
export async function storeDueTimesOf(
  m: sql.Db,
  ids: string[],
  first: (Date | null)[],
  next: (Date | null)[],
  checkAt: (Date | null)[],
): Promise<void> {
  await sql.exec(
    m,
    `UPDATE cases c SET first_reply_due_at = u.first, next_reply_due_at = u.next, sla_check_at = u.check_at
               FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[]) AS u(id, first, next, check_at)
              WHERE c.id = u.id`,
    [ids, first, next, checkAt],
  );
}

export interface ScanResult {
  /** Cases looked at (their check time had come). */
  checked: number;
  warnings: number;
  breaches: number;
}

/**
 * Whom a batch tells about which case: warning, breach or escalation, with the facts (target, due
 * time, crisis; never content). SLA knows no channel: the SLA_STAFF_ALERTS port turns these into
 * in-app notifications and staff e-mail.
 */
export interface ScanNotified {
  staffUserId: string;
  caseId: string;
  kind: 'warning' | 'breach' | 'escalation';
  data: { target: string | null; dueAt: string; crisis: boolean };
}

/**
 * One batch of the SLA scan in one statement: up to `limit` cases whose check time has come at
 * `now` (skipping locked ones) get their next check time, their warning or breach notice and
 * event, and the answer says whom to tell.
 */
export function scanSlaBatch(m: sql.Db, now: Date, limit: number): Promise<ScanResult & { notified: ScanNotified[] }> {
  return sql.only<ScanResult & { notified: ScanNotified[] }>(
    m,
    `WITH picked AS (
       SELECT id, region_id, assigned_to, crisis, sla_target, sla_started_at, COALESCE(first_reply_due_at, next_reply_due_at) AS due_at
         FROM cases
        WHERE sla_check_at <= $1
        ORDER BY sla_check_at
        LIMIT $2
        FOR UPDATE SKIP LOCKED
     ), advanced AS (
       UPDATE cases c SET sla_check_at = CASE WHEN p.due_at > $1 THEN p.due_at END
         FROM picked p WHERE c.id = p.id
     ), noticed AS (
       INSERT INTO sla_notice (case_id, kind, target_started_at, due_at, created_at)
       SELECT id, CASE WHEN due_at <= $1 THEN 'breach' ELSE 'warning' END, sla_started_at, due_at, $1
         FROM picked WHERE due_at IS NOT NULL AND sla_started_at IS NOT NULL
       ON CONFLICT DO NOTHING
       RETURNING case_id, kind, due_at
     ), events AS (
       INSERT INTO case_event (case_id, type, region_id, data, occurred_at)
       SELECT n.case_id, CASE n.kind WHEN 'breach' THEN 'sla.breached' ELSE 'sla.warning' END, p.region_id,
              jsonb_build_object('target', p.sla_target, 'dueAt', n.due_at, 'crisis', p.crisis), $1
         FROM noticed n JOIN picked p ON p.id = n.case_id
     ), handler AS (
       -- Whoever handles the case now: the assignee, or while they are away their substitute; null
       -- (the region's team) for an unassigned case or an absent assignee without a substitute.
       SELECT p.id AS case_id,
              CASE WHEN a.staff_user_id IS NULL THEN p.assigned_to ELSE a.substitute_id END AS staff_user_id
         FROM picked p
         LEFT JOIN staff_absence a ON a.staff_user_id = p.assigned_to AND a.starts_at <= $1 AND a.ends_at > $1
     ), recipients AS (
       SELECT n.case_id, n.kind, n.due_at, p.crisis, p.sla_target, h.staff_user_id, n.kind AS what
         FROM noticed n JOIN picked p ON p.id = n.case_id JOIN handler h ON h.case_id = n.case_id
        WHERE h.staff_user_id IS NOT NULL
       UNION
       SELECT n.case_id, n.kind, n.due_at, p.crisis, p.sla_target, u.id, n.kind
         FROM noticed n JOIN picked p ON p.id = n.case_id JOIN handler h ON h.case_id = n.case_id
         JOIN staff_region sr ON sr.region_id = p.region_id
         JOIN staff_user u ON u.id = sr.staff_user_id AND u.active
        WHERE h.staff_user_id IS NULL AND (u.role IN ('trainee', 'worker') OR (u.role = 'supervisor' AND n.kind = 'warning'))
          AND u.id NOT IN (SELECT a.staff_user_id FROM staff_absence a WHERE a.starts_at <= $1 AND a.ends_at > $1)
       UNION
       SELECT n.case_id, n.kind, n.due_at, p.crisis, p.sla_target, u.id, 'escalation'
         FROM noticed n JOIN picked p ON p.id = n.case_id
         JOIN staff_region sr ON sr.region_id = p.region_id
         JOIN staff_user u ON u.id = sr.staff_user_id AND u.active AND u.role = 'supervisor'
        WHERE n.kind = 'breach'
     )
     SELECT (SELECT count(*) FROM picked)::int AS checked,
            (SELECT count(*) FROM noticed WHERE kind = 'warning')::int AS warnings,
            (SELECT count(*) FROM noticed WHERE kind = 'breach')::int AS breaches,
            (SELECT COALESCE(jsonb_agg(jsonb_build_object('staffUserId', staff_user_id, 'caseId', case_id, 'kind', what,
                      'data', jsonb_build_object('target', sla_target, 'dueAt', due_at, 'crisis', crisis))), '[]'::jsonb)
               FROM recipients) AS notified`,
    [now, limit],
  );
}
