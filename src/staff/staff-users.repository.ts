import * as sql from '../database/sql';

/**
 * Staff accounts' SQL (docs/data-layer.md): `staff_user` and `staff_region` (the staff module owns
 * both), for creating an account and for the lists pages show. createStaffUser and StaffDirectory
 * keep the rules; this file only reads and writes rows, in the transaction the caller passes in.
 */

export interface RegionOfCode {
  id: number;
  code: string;
  organisation_id: number;
}

/** The regions of these codes (unknown codes have none). */
export function regionsByCode(m: sql.Db, codes: string[]): Promise<RegionOfCode[]> {
  return sql.rows<RegionOfCode>(m, `SELECT id, code, organisation_id FROM region WHERE code = ANY($1::text[])`, [
    codes,
  ]);
}

/** The id of the organisation of this code, or undefined. */
export async function organisationIdByCode(m: sql.Db, code: string): Promise<number | undefined> {
  const row = await sql.one<{ id: number }>(m, `SELECT id FROM organisation WHERE code = $1`, [code]);
  return row?.id;
}

/** A new staff user; undefined when the e-mail address (in any case) is taken. */
export async function insertStaffUser(
  m: sql.Db,
  u: { email: string; displayName: string; role: string; passwordHash: string; organisationId: number | null },
): Promise<string | undefined> {
  const rows = await sql.rows<{ id: string }>(
    m,
    `INSERT INTO staff_user (email, display_name, role, password_hash, organisation_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (lower(email)) DO NOTHING RETURNING id`,
    [u.email, u.displayName, u.role, u.passwordHash, u.organisationId],
  );
  return rows[0]?.id;
}

export async function insertStaffRegion(m: sql.Db, staffUserId: string, regionId: number): Promise<void> {
  await sql.exec(m, `INSERT INTO staff_region (staff_user_id, region_id) VALUES ($1, $2)`, [staffUserId, regionId]);
}

/** Active staff of a region, by name. */
export function activeStaffOfRegion(m: sql.Db, regionCode: string): Promise<{ id: string; displayName: string }[]> {
  return sql.rows<{ id: string; displayName: string }>(
    m,
    `SELECT u.id, u.display_name AS "displayName" FROM staff_user u JOIN staff_region sr ON sr.staff_user_id = u.id
         JOIN region r ON r.id = sr.region_id
        WHERE r.code = $1 AND u.active ORDER BY u.display_name`,
    [regionCode],
  );
}

/** Every staff user with their role, by name; `scope` (organisationParam): that organisation's only. */
export function staffByName(m: sql.Db, scope: number | null): Promise<{ id: string; name: string; role: string }[]> {
  return sql.rows<{ id: string; name: string; role: string }>(
    m,
    `SELECT id, display_name AS name, role FROM staff_user WHERE ($1::int IS NULL OR organisation_id = $1::int) ORDER BY display_name`,
    [scope],
  );
}
