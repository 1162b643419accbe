import { organisationScopeSql } from '../auth/staff-identity';
import * as sql from '../database/sql';

/**
 * The admin pages' SQL (docs/data-layer.md): regions, postcode ranges, staff users and their
 * regions, topics. AdminService keeps the rules, the validation and the audit trail; this file
 * only reads and writes rows, in the transaction the service passes in. `scope` is
 * `organisationParam` (null: the platform admin, every organisation).
 */

export interface RegionRow {
  id: number;
  code: string;
  name: string;
  timeZone: string;
  fallback: boolean;
  /** The code of the organisation the region belongs to. */
  organisation: string;
  /** Days waiting on the help-seeker before the case closes by itself; null: never. */
  autoCloseDays: number | null;
  ranges: { id: number; country: 'NL' | 'BE'; from: number; to: number }[];
  staffCount: number;
  /** Active workers and supervisors: people who can answer a case on their own. */
  answerers: number;
  hasCalendar: boolean;
}

export interface StaffRow {
  id: string;
  email: string;
  displayName: string;
  role: string;
  active: boolean;
  regions: string[];
  /** The code of the user's organisation; null for a platform admin. */
  organisation: string | null;
  totp: boolean;
  locked: boolean;
}

export interface TopicRow {
  code: string;
  sortOrder: number;
  active: boolean;
}

// ---- Regions and postcode ranges -----------------------------------------------------------

export function regions(db: sql.Db, scope: number | null): Promise<RegionRow[]> {
  return sql.rows<RegionRow>(
    db,
    `SELECT r.id, r.code, r.name, r.time_zone AS "timeZone", r.is_fallback AS fallback, r.auto_close_days AS "autoCloseDays",
              (SELECT o.code FROM organisation o WHERE o.id = r.organisation_id) AS organisation,
              COALESCE((SELECT json_agg(json_build_object('id', p.id, 'country', p.country, 'from', p.range_from, 'to', p.range_to) ORDER BY p.country, p.range_from)
                          FROM postcode_range p WHERE p.region_id = r.id), '[]') AS ranges,
              (SELECT count(*)::int FROM staff_region sr WHERE sr.region_id = r.id) AS "staffCount",
              (SELECT count(*)::int FROM staff_region sr JOIN staff_user u ON u.id = sr.staff_user_id
                WHERE sr.region_id = r.id AND u.active AND u.role IN ('worker', 'supervisor')) AS "answerers",
              EXISTS (SELECT 1 FROM sla_calendar k WHERE k.region_id = r.id) AS "hasCalendar"
         FROM region r WHERE ${organisationScopeSql('r.organisation_id', 1)} ORDER BY r.is_fallback, r.name`,
    [scope],
  );
}

/** A new region; undefined when the code is taken. */
export function insertRegion(
  m: sql.Db,
  r: { code: string; name: string; timeZone: string; organisationId: number | null },
): Promise<{ id: number; organisation_id: number | null } | undefined> {
  return sql.one<{ id: number; organisation_id: number | null }>(
    m,
    `INSERT INTO region (code, name, time_zone, organisation_id) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING RETURNING id, organisation_id`,
    [r.code, r.name, r.timeZone, r.organisationId],
  );
}

/**
 * Name, zone and auto-close of a region within the scope; undefined when there is none.
 * `autoCloseDays`: absent keeps it, null switches auto-close off for the region.
 */
export function updateRegion(
  m: sql.Db,
  code: string,
  u: { name: string | null; timeZone: string | null; autoCloseDays?: number | null },
  scope: number | null,
): Promise<{ id: number; organisation_id: number } | undefined> {
  return sql.one<{ id: number; organisation_id: number }>(
    m,
    `UPDATE region SET name = COALESCE($2, name), time_zone = COALESCE($3, time_zone),
                auto_close_days = CASE WHEN $4 THEN $5::int ELSE auto_close_days END
          WHERE code = $1 AND ${organisationScopeSql('organisation_id', 6)} RETURNING id, organisation_id`,
    [code, u.name, u.timeZone, u.autoCloseDays !== undefined, u.autoCloseDays ?? null, scope],
  );
}

export async function regionIdOf(m: sql.Db, code: string): Promise<number | undefined> {
  return (await sql.one<{ id: number }>(m, `SELECT id FROM region WHERE code = $1`, [code]))?.id;
}

/** Throws the exclusion constraint `postcode_range_no_overlap` for a range that overlaps another. */
export async function insertRange(
  m: sql.Db,
  regionId: number,
  r: { country: string; from: number; to: number },
): Promise<number> {
  const row = await sql.only<{ id: number }>(
    m,
    `INSERT INTO postcode_range (region_id, country, range_from, range_to) VALUES ($1, $2, $3, $4) RETURNING id`,
    [regionId, r.country, r.from, r.to],
  );
  return row.id;
}

export function rangesOverlapping(
  db: sql.Db,
  r: { country: string; from: number; to: number },
): Promise<{ name: string; country: string; range_from: number; range_to: number }[]> {
  return sql.rows<{ name: string; country: string; range_from: number; range_to: number }>(
    db,
    `SELECT g.name, p.country, p.range_from, p.range_to FROM postcode_range p JOIN region g ON g.id = p.region_id
        WHERE p.country = $1 AND int4range(p.range_from, p.range_to, '[]') && int4range($2, $3, '[]') ORDER BY p.range_from`,
    [r.country, r.from, r.to],
  );
}

/** True when the range existed. */
export async function deleteRange(m: sql.Db, id: number): Promise<boolean> {
  const n = await sql.count(
    m,
    `DELETE FROM postcode_range WHERE id = $1 RETURNING region_id, country, range_from, range_to`,
    [id],
  );
  return n > 0;
}

// ---- Staff users and memberships -----------------------------------------------------------

export function users(db: sql.Db, scope: number | null, id: string | null): Promise<StaffRow[]> {
  return sql.rows<StaffRow>(
    db,
    `SELECT u.id, u.email, u.display_name AS "displayName", u.role, u.active, u.totp_enabled_at IS NOT NULL AS totp,
              COALESCE(u.locked_until > now(), false) AS locked,
              (SELECT o.code FROM organisation o WHERE o.id = u.organisation_id) AS organisation,
              COALESCE((SELECT array_agg(r.code ORDER BY r.code) FROM staff_region sr JOIN region r ON r.id = sr.region_id WHERE sr.staff_user_id = u.id), '{}') AS regions
         FROM staff_user u
        WHERE ${organisationScopeSql('u.organisation_id', 1)} AND ($2::uuid IS NULL OR u.id = $2::uuid)
        ORDER BY u.active DESC, u.display_name`,
    [scope, id],
  );
}

export async function requirePasswordChange(m: sql.Db, staffUserId: string): Promise<void> {
  await sql.exec(m, `UPDATE staff_user SET must_change_password = true WHERE id = $1`, [staffUserId]);
}

export async function organisationOfStaff(m: sql.Db, staffUserId: string): Promise<number | null> {
  const row = await sql.only<{ organisation_id: number | null }>(
    m,
    `SELECT organisation_id FROM staff_user WHERE id = $1`,
    [staffUserId],
  );
  return row.organisation_id;
}

export async function staffInScope(db: sql.Db, staffUserId: string, scope: number | null): Promise<boolean> {
  const found = await sql.rows<{ id: string }>(
    db,
    `SELECT id FROM staff_user WHERE id = $1 AND ${organisationScopeSql('organisation_id', 2)}`,
    [staffUserId, scope],
  );
  return !!found[0];
}

export function lockStaff(
  m: sql.Db,
  staffUserId: string,
  scope: number | null,
): Promise<{ id: string; role: string; organisation_id: number | null } | undefined> {
  return sql.one<{ id: string; role: string; organisation_id: number | null }>(
    m,
    `SELECT id, role, organisation_id FROM staff_user WHERE id = $1 AND ${organisationScopeSql('organisation_id', 2)} FOR UPDATE`,
    [staffUserId, scope],
  );
}

export async function updateStaff(
  m: sql.Db,
  staffUserId: string,
  u: { displayName: string | null; role: string; active: boolean | null },
): Promise<void> {
  await sql.exec(
    m,
    `UPDATE staff_user SET display_name = COALESCE($2, display_name), role = $3, active = COALESCE($4, active) WHERE id = $1`,
    [staffUserId, u.displayName, u.role, u.active],
  );
}

/** The regions of these codes within the scope. */
export function regionsByCode(
  m: sql.Db,
  codes: string[],
  scope: number | null,
): Promise<{ id: number; code: string; organisation_id: number }[]> {
  return sql.rows<{ id: number; code: string; organisation_id: number }>(
    m,
    `SELECT id, code, organisation_id FROM region WHERE code = ANY($1::text[]) AND ${organisationScopeSql('organisation_id', 2)}`,
    [codes, scope],
  );
}

export async function replaceStaffRegions(m: sql.Db, staffUserId: string, regionIds: number[]): Promise<void> {
  await sql.exec(m, `DELETE FROM staff_region WHERE staff_user_id = $1`, [staffUserId]);
  for (const regionId of regionIds)
    await sql.exec(m, `INSERT INTO staff_region (staff_user_id, region_id) VALUES ($1, $2)`, [staffUserId, regionId]);
}

export async function staffRegionCount(m: sql.Db, staffUserId: string): Promise<number> {
  const { n } = await sql.only<{ n: number }>(
    m,
    `SELECT count(*)::int AS n FROM staff_region WHERE staff_user_id = $1`,
    [staffUserId],
  );
  return n;
}

// ---- Topics --------------------------------------------------------------------------------

export function topics(db: sql.Db): Promise<TopicRow[]> {
  return sql.rows<TopicRow>(db, `SELECT code, sort_order AS "sortOrder", active FROM topic ORDER BY sort_order, code`);
}

/** False when the code is taken. */
export async function insertTopic(m: sql.Db, code: string, sortOrder: number | null): Promise<boolean> {
  const n = await sql.count(
    m,
    `INSERT INTO topic (code, sort_order) VALUES ($1, COALESCE($2, (SELECT COALESCE(max(sort_order), 0) + 1 FROM topic))) ON CONFLICT (code) DO NOTHING RETURNING code`,
    [code, sortOrder],
  );
  return n > 0;
}

/** False when there is no such topic. */
export async function updateTopic(
  m: sql.Db,
  code: string,
  u: { active: boolean | null; sortOrder: number | null },
): Promise<boolean> {
  const n = await sql.count(
    m,
    `UPDATE topic SET active = COALESCE($2, active), sort_order = COALESCE($3, sort_order) WHERE code = $1 RETURNING code`,
    [code, u.active, u.sortOrder],
  );
  return n > 0;
}
