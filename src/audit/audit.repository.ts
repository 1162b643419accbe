import * as sql from '../database/sql';

/**
 * The audit trail's SQL (docs/data-layer.md): `audit_log` (append-only), and the lookups its
 * query's filter makes. AuditService and parseAuditFilter keep the rules (which organisation's
 * trail, what a filter may ask); this file only reads and writes rows, in the caller's transaction.
 */

/** One row to append, as AuditService's AuditEntry names it (the action as stored). */
export interface NewAuditRow {
  actorId: string | null;
  action: string;
  caseId?: string | null;
  targetUserId?: string | null;
  organisationId?: number | null;
  data?: Record<string, unknown>;
}

export interface AuditRow {
  id: string;
  occurredAt: Date;
  actorId: string | null;
  actorName: string | null;
  action: string;
  caseId: string | null;
  caseRef: string | null;
  targetUserId: string | null;
  data: Record<string, unknown>;
}

/** The organisation a row belongs to when the caller names none (see AuditEntry.organisationId). */
const ORGANISATION_OF_ROW = `COALESCE(
  e.organisation_id,
  (SELECT r.organisation_id FROM cases c JOIN region r ON r.id = c.region_id WHERE c.id = e.case_id),
  (SELECT u.organisation_id FROM staff_user u WHERE u.id = e.actor_id),
  (SELECT u.organisation_id FROM staff_user u WHERE u.id = e.target_user_id))`;

/** Several rows in one statement. */
export async function insertAuditRows(m: sql.Db, entries: NewAuditRow[]): Promise<void> {
  await sql.exec(
    m,
    `INSERT INTO audit_log (actor_id, action, case_id, target_user_id, data, organisation_id)
     SELECT e.actor_id, e.action, e.case_id, e.target_user_id, e.data, ${ORGANISATION_OF_ROW}
       FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::jsonb[], $6::int[])
         AS e (actor_id, action, case_id, target_user_id, data, organisation_id)`,
    [
      entries.map((e) => e.actorId),
      entries.map((e) => e.action),
      entries.map((e) => e.caseId ?? null),
      entries.map((e) => e.targetUserId ?? null),
      entries.map((e) => JSON.stringify(e.data ?? {})),
      entries.map((e) => e.organisationId ?? null),
    ],
  );
}

/**
 * Up to `rows` rows of one case's trail, or of one user's (as actor or as target), newest first,
 * before the row id `before`; `scope` (organisationParam): that organisation's trail only (null: all).
 */
export function auditRows(
  m: sql.Db,
  filter: { caseId?: string; userId?: string },
  rows: number,
  before: string | null,
  scope: number | null,
): Promise<AuditRow[]> {
  return sql.rows<AuditRow>(
    m,
    `SELECT a.id::text AS id, a.occurred_at AS "occurredAt", a.actor_id AS "actorId", u.display_name AS "actorName", a.action,
              a.case_id AS "caseId", c.case_ref AS "caseRef", a.target_user_id AS "targetUserId", a.data
         FROM audit_log a
         LEFT JOIN staff_user u ON u.id = a.actor_id
         LEFT JOIN cases c ON c.id = a.case_id
        WHERE ($1::uuid IS NULL OR a.case_id = $1)
          AND ($2::uuid IS NULL OR a.actor_id = $2 OR a.target_user_id = $2)
          AND ($3::bigint IS NULL OR a.id < $3)
          AND ($5::int IS NULL OR a.organisation_id = $5::int)
        ORDER BY a.id DESC LIMIT $4`,
    [filter.caseId ?? null, filter.userId ?? null, before, rows, scope],
  );
}

/** The id of the case with this reference (upper case, e.g. L-7K3M9QX), or undefined. */
export async function caseIdByRef(m: sql.Db, caseRef: string): Promise<string | undefined> {
  const c = await sql.one<{ id: string }>(m, `SELECT id FROM cases WHERE case_ref = $1`, [caseRef]);
  return c?.id;
}

/**
 * Whether a case is in the organisation's trail: in one of its regions now, or named by its own
 * rows (transferred away, erased).
 */
export async function caseInTrailOf(m: sql.Db, caseId: string, organisationId: number): Promise<boolean> {
  const { ours } = await sql.only<{ ours: boolean }>(
    m,
    `SELECT EXISTS (SELECT 1 FROM cases c JOIN region r ON r.id = c.region_id WHERE c.id = $1 AND r.organisation_id = $2)
             OR EXISTS (SELECT 1 FROM audit_log a WHERE a.case_id = $1 AND a.organisation_id = $2) AS ours`,
    [caseId, organisationId],
  );
  return ours;
}

/** Whether the staff user belongs to the organisation. */
export async function staffOfOrganisation(m: sql.Db, staffUserId: string, organisationId: number): Promise<boolean> {
  const u = await sql.one<{ '?column?': number }>(
    m,
    `SELECT 1 FROM staff_user WHERE id = $1 AND organisation_id = $2`,
    [staffUserId, organisationId],
  );
  return !!u;
}
