import type { Absence } from './absence';
import * as sql from '../database/sql';

/**
 * Absences' SQL (docs/data-layer.md): `staff_absence`, and the staff a hand-over may involve.
 * AbsenceService keeps the rules (who may set whose absence, the period, the audit trail); this
 * file only reads and writes rows, in the transaction the service passes in. `regionIds` null:
 * every region (an admin).
 */

/**
 * A staff member's absence that has not ended yet (current or planned), or null. An absence ends
 * by itself: every query compares its period with now(), nothing has to run at its end.
 */
export async function absenceOf(db: sql.Db, staffUserId: string): Promise<Absence | null> {
  const a = await sql.one<Absence>(
    db,
    `SELECT a.starts_at AS "from", a.ends_at AS "to", a.substitute_id AS "substituteId", s.display_name AS "substituteName"
       FROM staff_absence a LEFT JOIN staff_user s ON s.id = a.substitute_id
      WHERE a.staff_user_id = $1 AND a.ends_at > now()`,
    [staffUserId],
  );
  return a ?? null;
}

/** SQL: the ids of staff absent at `at` (an SQL expression, e.g. now() or $1). */
export function absentNowSql(at = 'now()'): string {
  return `SELECT a.staff_user_id FROM staff_absence a WHERE a.starts_at <= ${at} AND a.ends_at > ${at}`;
}

/** Whether the staff user is active and works in one of the regions. */
export async function activeInRegions(m: sql.Db, staffUserId: string, regionIds: number[] | null): Promise<boolean> {
  const ok = await sql.one<{ '?column?': number }>(
    m,
    `SELECT 1 FROM staff_user u WHERE u.id = $1 AND u.active
          AND ($2::int[] IS NULL OR EXISTS (SELECT 1 FROM staff_region sr WHERE sr.staff_user_id = u.id AND sr.region_id = ANY($2::int[])))`,
    [staffUserId, regionIds],
  );
  return !!ok;
}

/** Whether the substitute is active and shares a region with the absent person. */
export async function maySubstitute(m: sql.Db, substituteId: string, absentId: string): Promise<boolean> {
  const ok = await sql.rows<{ '?column?': number }>(
    m,
    `SELECT 1 FROM staff_user s WHERE s.id = $1 AND s.active
                  AND EXISTS (SELECT 1 FROM staff_region a JOIN staff_region b ON b.region_id = a.region_id
                               WHERE a.staff_user_id = $2 AND b.staff_user_id = s.id)`,
    [substituteId, absentId],
  );
  return ok.length > 0;
}

/** Sets a staff member's one absence (replacing the one they had). */
export async function upsertAbsence(
  m: sql.Db,
  a: { staffUserId: string; from: Date; to: Date; substituteId: string | null; setBy: string },
): Promise<void> {
  await sql.exec(
    m,
    `INSERT INTO staff_absence (staff_user_id, starts_at, ends_at, substitute_id, set_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (staff_user_id) DO UPDATE SET starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
           substitute_id = EXCLUDED.substitute_id, set_by = EXCLUDED.set_by, updated_at = now()`,
    [a.staffUserId, a.from, a.to, a.substituteId, a.setBy],
  );
}

/** Removes a staff member's absence; the number of rows removed (0 or 1). */
export async function deleteAbsence(m: sql.Db, staffUserId: string): Promise<number> {
  const { n } = await sql.only<{ n: number }>(
    m,
    `WITH d AS (DELETE FROM staff_absence WHERE staff_user_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM d`,
    [staffUserId],
  );
  return n;
}

/** Active staff of the regions away right now, with their substitute's name, by name. */
export function awayNow(
  m: sql.Db,
  regionIds: number[] | null,
): Promise<{ id: string; name: string; to: Date; substituteName: string | null }[]> {
  return sql.rows<{ id: string; name: string; to: Date; substituteName: string | null }>(
    m,
    `SELECT DISTINCT u.id, u.display_name AS name, a.ends_at AS "to", s.display_name AS "substituteName"
         FROM staff_absence a JOIN staff_user u ON u.id = a.staff_user_id AND u.active
         LEFT JOIN staff_user s ON s.id = a.substitute_id
        WHERE a.starts_at <= now() AND a.ends_at > now()
          AND ($1::int[] IS NULL OR EXISTS (SELECT 1 FROM staff_region sr WHERE sr.staff_user_id = u.id AND sr.region_id = ANY($1::int[])))
        ORDER BY name`,
    [regionIds],
  );
}

/** Active staff of the regions, by name. */
export function activeStaffOfRegions(
  m: sql.Db,
  regionIds: number[] | null,
): Promise<{ id: string; displayName: string }[]> {
  return sql.rows<{ id: string; displayName: string }>(
    m,
    `SELECT DISTINCT u.id, u.display_name AS "displayName" FROM staff_user u JOIN staff_region sr ON sr.staff_user_id = u.id
        WHERE u.active AND ($1::int[] IS NULL OR sr.region_id = ANY($1::int[])) ORDER BY "displayName"`,
    [regionIds],
  );
}
