import { DataSource, EntityManager } from 'typeorm';
import * as sql from '../database/sql';

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

/** Runs in the batch's transaction with whom it must tell (notifications, e-mail), so both commit or neither. */
export type OnNotified = (m: EntityManager, notified: ScanNotified[]) => Promise<unknown>;

/** Scans in batches until no case's check time has come at `now` (see SlaWarningService). */
export async function scanSlaChecks(
  db: DataSource,
  now: Date,
  batchSize = 1000,
  onNotified?: OnNotified,
): Promise<ScanResult> {
  const total: ScanResult = { checked: 0, warnings: 0, breaches: 0 };
  for (;;) {
    const r = onNotified
      ? await db.transaction(async (m) => {
          const b = await scanBatch(m, now, batchSize);
          if (b.notified.length) await onNotified(m, b.notified);
          return b;
        })
      : await scanBatch(db.manager, now, batchSize);
    total.checked += r.checked;
    total.warnings += r.warnings;
    total.breaches += r.breaches;
    if (r.checked < batchSize) return total;
  }
}

async function scanBatch(
  db: EntityManager,
  now: Date,
  limit: number,
): Promise<ScanResult & { notified: ScanNotified[] }> {
  const row = await sql.only<ScanResult & { notified: ScanNotified[] }>(
    db,
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
  return { checked: row.checked, warnings: row.warnings, breaches: row.breaches, notified: row.notified };
}
