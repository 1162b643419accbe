import * as sql from '../database/sql';

/**
 * The SQL of continuity (staff-case-continuity.ts keeps the rules): who answered the help-seeker
 * before, whether they are away and who stands in for them, and the offer itself.
 */

/**
 * The worker who answered this e-mail address's earlier cases: the author of the latest reply,
 * else the worker the latest of those cases was assigned to; only one who is active, works in the
 * region and belongs to the region's organisation.
 */
export function previousWorker(
  m: sql.Db,
  email: string,
  caseId: string,
  regionId: number,
): Promise<{ id: string } | undefined> {
  return sql.one<{ id: string }>(
    m,
    `SELECT cand.id FROM (
        SELECT msg.author_id AS id, msg.created_at AS at, 1 AS pref
          FROM help_seeker h JOIN cases pc ON pc.help_seeker_id = h.id
          JOIN message msg ON msg.case_id = pc.id AND msg.direction = 'out' AND msg.author_id IS NOT NULL
         WHERE lower(h.email) = lower($1) AND h.email IS NOT NULL AND pc.id <> $2
        UNION ALL
        SELECT pc.assigned_to, pc.updated_at, 2
          FROM help_seeker h JOIN cases pc ON pc.help_seeker_id = h.id
         WHERE lower(h.email) = lower($1) AND h.email IS NOT NULL AND pc.id <> $2 AND pc.assigned_to IS NOT NULL
     ) cand
     JOIN staff_user u ON u.id = cand.id AND u.active
     JOIN region nr ON nr.id = $3 AND nr.organisation_id = u.organisation_id
     JOIN staff_region sr ON sr.staff_user_id = u.id AND sr.region_id = $3
     ORDER BY cand.pref, cand.at DESC LIMIT 1`,
    [email, caseId, regionId],
  );
}

/** The worker's absence running now, with their substitute (if they named one); undefined: not away. */
export function currentAbsence(m: sql.Db, staffUserId: string): Promise<{ substitute_id: string | null } | undefined> {
  return sql.one<{ substitute_id: string | null }>(
    m,
    `SELECT a.substitute_id FROM staff_absence a WHERE a.staff_user_id = $1 AND a.starts_at <= now() AND a.ends_at > now()`,
    [staffUserId],
  );
}

/** The substitute, when they are active, work in the region, belong to its organisation and are not away too. */
export function availableSubstitute(
  m: sql.Db,
  substituteId: string,
  regionId: number,
): Promise<{ id: string } | undefined> {
  return sql.one<{ id: string }>(
    m,
    `SELECT u.id FROM staff_user u JOIN staff_region sr ON sr.staff_user_id = u.id AND sr.region_id = $2
             JOIN region nr ON nr.id = $2 AND nr.organisation_id = u.organisation_id
            WHERE u.id = $1 AND u.active
              AND NOT EXISTS (SELECT 1 FROM staff_absence a WHERE a.staff_user_id = u.id AND a.starts_at <= now() AND a.ends_at > now())`,
    [substituteId, regionId],
  );
}

/** The case becomes the worker's, unless someone has it already. */
export async function assignIfUnassigned(m: sql.Db, caseId: string, staffUserId: string): Promise<void> {
  await sql.exec(m, `UPDATE cases SET assigned_to = $2 WHERE id = $1 AND assigned_to IS NULL`, [caseId, staffUserId]);
}
