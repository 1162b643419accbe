import { EntityManager } from 'typeorm';
import * as sql from '../database/sql';
import { recordCaseEvent } from './case-events';

/**
 * Continuity: a help-seeker who writes again with the same e-mail address (a new e-mail case,
 * or a web question with that address) is offered to the worker who answered them before —
 * the author of the latest reply, else the worker their earlier case was assigned to — as long
 * as that worker is active, works in the new case's region and belongs to that region's
 * organisation: continuity never crosses organisations (not after a transfer, not for someone who
 * changed organisation but kept an old region row, not for the platform admin, who belongs to
 * none). The case is assigned to them but stays `new` (it shows in their "mine" view; they or a
 * colleague can still hand it on). While that worker is absent, their substitute gets it
 * instead, or nobody (the region's team).
 * Returns the worker's id, or null when there is nobody to offer it to.
 */
export async function offerToPreviousWorker(
  m: EntityManager,
  c: { caseId: string; regionId: number; email?: string | null },
): Promise<string | null> {
  const email = c.email?.trim();
  if (!email) return null;
  const w = await sql.one<{ id: string }>(
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
    [email, c.caseId, c.regionId],
  );
  if (!w) return null;
  // Absent (issue 17 item 4): to their substitute when that colleague is active, works in this
  // region and is not away too; else to nobody, so the case waits in the region's unassigned view.
  let to: string = w.id;
  let how = 'continuity';
  const away = await sql.one<{ substitute_id: string | null }>(
    m,
    `SELECT a.substitute_id FROM staff_absence a WHERE a.staff_user_id = $1 AND a.starts_at <= now() AND a.ends_at > now()`,
    [w.id],
  );
  if (away) {
    const sub = away.substitute_id
      ? await sql.one<{ id: string }>(
          m,
          `SELECT u.id FROM staff_user u JOIN staff_region sr ON sr.staff_user_id = u.id AND sr.region_id = $2
             JOIN region nr ON nr.id = $2 AND nr.organisation_id = u.organisation_id
            WHERE u.id = $1 AND u.active
              AND NOT EXISTS (SELECT 1 FROM staff_absence a WHERE a.staff_user_id = u.id AND a.starts_at <= now() AND a.ends_at > now())`,
          [away.substitute_id, c.regionId],
        )
      : undefined;
    if (!sub) return null;
    to = sub.id;
    how = 'continuity-substitute';
  }
  await sql.exec(m, `UPDATE cases SET assigned_to = $2 WHERE id = $1 AND assigned_to IS NULL`, [c.caseId, to]);
  await recordCaseEvent(m, {
    caseId: c.caseId,
    type: 'case.assigned',
    regionId: c.regionId,
    data: { how, to },
  });
  return to;
}
