import { organisationScopeSql } from '../auth/staff-identity';
import * as sql from '../database/sql';
import type { SeedReferral } from './referral-seed';

/**
 * The referral directory's SQL (docs/data-layer.md): `referral`, and the regions and topics its
 * forms offer. ReferralsService keeps the rules (who sees and maintains which entry, which
 * organisation an entry belongs to); this file only reads and writes rows.
 */

export interface Referral {
  id: string;
  name: string;
  kind: 'social-work' | 'face-to-face' | 'online';
  regionCode?: string;
  country?: string;
  topics: string[];
  url?: string;
  phone?: string;
  address?: string;
  openingHours?: string;
  description?: string;
  crisis: boolean;
  /** The organisation whose entry this is (its code); absent: the platform's, for everyone. */
  organisation?: string;
}

/** An entry as the SQL returns it: null where the service's `clean` leaves a field out. */
export type ReferralRow = { [K in keyof Referral]-?: Referral[K] | null };

/** What an entry holds when it is written (the form's fields, who wrote it, whose it is). */
export interface ReferralFields {
  name: string;
  kind: string;
  regionCode: string | null;
  country: string | null;
  topics: string[];
  url: string | null;
  phone: string | null;
  address: string | null;
  openingHours: string | null;
  description: string | null;
  crisis: boolean;
  active: boolean;
  updatedBy: string;
  organisationId: number | null;
}

const COLUMNS = `f.id, f.name, f.kind, f.region_code AS "regionCode", f.country, f.topics, f.url, f.phone, f.address,
                 f.opening_hours AS "openingHours", f.description, f.crisis,
                 (SELECT o.code FROM organisation o WHERE o.id = f.organisation_id) AS organisation`;

/** The entries one organisation may see: the platform's and its own (`$n` null: every entry, for the platform admin). */
const visibleSql = (param: number) =>
  `(f.organisation_id IS NULL OR ${organisationScopeSql('f.organisation_id', param)})`;

/** `f` is an entry the user may maintain: their organisation's (platform admin, `$n` null: all). */
function maintainableSql(param: number): string {
  return `($${param}::int IS NULL OR f.organisation_id = $${param}::int)`;
}

/** $1…$14 of an INSERT or UPDATE, in the order of their columns. */
function values(f: ReferralFields): unknown[] {
  return [
    f.name,
    f.kind,
    f.regionCode,
    f.country,
    f.topics,
    f.url,
    f.phone,
    f.address,
    f.openingHours,
    f.description,
    f.crisis,
    f.active,
    f.updatedBy,
    f.organisationId,
  ];
}

/**
 * A demo office, in its region's organisation, inserted only where the region exists; loaded
 * again, only its organisation follows the region.
 */
export async function upsertDemoReferral(m: sql.Db, r: SeedReferral): Promise<void> {
  await sql.exec(
    m,
    `INSERT INTO referral (seed_key, name, kind, region_code, country, topics, address, phone, opening_hours, demo, organisation_id)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, true, r.organisation_id FROM region r WHERE r.code = $4
         ON CONFLICT (seed_key) DO UPDATE SET organisation_id = EXCLUDED.organisation_id
           WHERE referral.organisation_id IS DISTINCT FROM EXCLUDED.organisation_id`,
    [
      r.key,
      r.name,
      r.kind,
      r.regionCode,
      r.country,
      r.topics,
      r.address ?? null,
      r.phone ?? null,
      r.openingHours ?? null,
    ],
  );
}

/**
 * Active entries for a region (its code), topic and case country, visible to `organisationId`
 * (null: all), in the directory's order; null filters match everything. See ReferralsService.list.
 */
export function referralsFor(
  m: sql.Db,
  filter: { region: string | null; topic: string | null; country: string | null; organisationId: number | null },
): Promise<ReferralRow[]> {
  return sql.rows<ReferralRow>(
    m,
    `WITH rg AS (SELECT r.id, r.organisation_id FROM region r WHERE r.code = $1),
            rc AS (SELECT array_agg(DISTINCT pr.country) AS countries FROM rg JOIN postcode_range pr ON pr.region_id = rg.id)
       SELECT ${COLUMNS} FROM referral f, rc
        WHERE f.active
          AND ${visibleSql(4)}
          AND ($1::text IS NULL OR f.organisation_id IS NULL OR f.organisation_id = (SELECT organisation_id FROM rg))
          AND ($1::text IS NULL OR f.region_code = $1 OR (f.region_code IS NULL AND (f.country IS NULL OR rc.countries IS NULL OR f.country = ANY(rc.countries))))
          AND ($3::text IS NULL OR f.region_code = $1 OR f.country IS NULL OR f.country = $3)
          AND ($2::text IS NULL OR cardinality(f.topics) = 0 OR $2 = ANY(f.topics))
        ORDER BY f.region_code IS NULL, f.organisation_id IS NULL, f.country IS DISTINCT FROM COALESCE($3, rc.countries[1]), f.crisis DESC, f.kind, f.name`,
    [filter.region, filter.topic, filter.country, filter.organisationId],
  );
}

/** Every region's code and name, by name. */
export function regionNames(m: sql.Db): Promise<{ code: string; name: string }[]> {
  return sql.rows<{ code: string; name: string }>(m, `SELECT code, name FROM region ORDER BY name`);
}

/** The codes of the regions in the scope (organisationParam; null: all). */
export async function regionCodesInScope(m: sql.Db, scope: number | null): Promise<string[]> {
  const rows = await sql.rows<{ code: string }>(
    m,
    `SELECT code FROM region r WHERE ${organisationScopeSql('r.organisation_id', 1)}`,
    [scope],
  );
  return rows.map((r) => r.code);
}

/** The active topics' codes, in their order. */
export async function activeTopicCodes(m: sql.Db): Promise<string[]> {
  const rows = await sql.rows<{ code: string }>(m, `SELECT code FROM topic WHERE active ORDER BY sort_order, code`);
  return rows.map((r) => r.code);
}

/** Every entry the scope maintains (inactive ones too), the platform's first, then by region and name. */
export function maintainableReferrals(m: sql.Db, scope: number | null): Promise<(ReferralRow & { active: boolean })[]> {
  return sql.rows<ReferralRow & { active: boolean }>(
    m,
    `SELECT ${COLUMNS}, f.active FROM referral f
        WHERE ${maintainableSql(1)}
        ORDER BY f.organisation_id NULLS FIRST, f.region_code NULLS FIRST, f.name`,
    [scope],
  );
}

/** One entry the scope maintains, or undefined. */
export function maintainableReferral(
  m: sql.Db,
  id: string,
  scope: number | null,
): Promise<(ReferralRow & { active: boolean }) | undefined> {
  return sql.one<ReferralRow & { active: boolean }>(
    m,
    `SELECT ${COLUMNS}, f.active FROM referral f WHERE f.id = $1 AND ${maintainableSql(2)}`,
    [id, scope],
  );
}

/** The organisation of an entry the scope maintains (null: the platform's), or undefined when there is none. */
export function maintainableReferralOwner(
  m: sql.Db,
  id: string,
  scope: number | null,
): Promise<{ organisation_id: number | null } | undefined> {
  return sql.one<{ organisation_id: number | null }>(
    m,
    `SELECT f.organisation_id FROM referral f WHERE f.id = $1 AND ${maintainableSql(2)}`,
    [id, scope],
  );
}

/** The active entries of these ids that the organisation may see (in no particular order). */
export function activeVisibleByIds(m: sql.Db, ids: string[], organisationId: number): Promise<ReferralRow[]> {
  return sql.rows<ReferralRow>(
    m,
    `SELECT ${COLUMNS} FROM referral f WHERE f.active AND f.id = ANY($1::uuid[]) AND ${visibleSql(2)}`,
    [ids, organisationId],
  );
}

/** One entry by id; it must exist. */
export function referralById(m: sql.Db, id: string): Promise<ReferralRow> {
  return sql.only<ReferralRow>(m, `SELECT ${COLUMNS} FROM referral f WHERE f.id = $1`, [id]);
}

/** A new entry's id. */
export async function insertReferral(m: sql.Db, f: ReferralFields): Promise<string> {
  const row = await sql.only<{ id: string }>(
    m,
    `INSERT INTO referral (name, kind, region_code, country, topics, url, phone, address, opening_hours, description, crisis, active, updated_by, organisation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
    values(f),
  );
  return row.id;
}

export async function updateReferral(m: sql.Db, id: string, f: ReferralFields): Promise<void> {
  await sql.exec(
    m,
    `UPDATE referral SET name = $1, kind = $2, region_code = $3, country = $4, topics = $5, url = $6, phone = $7, address = $8,
              opening_hours = $9, description = $10, crisis = $11, active = $12, updated_by = $13, organisation_id = $14,
              updated_at = now() WHERE id = $15`,
    [...values(f), id],
  );
}

/** The organisation of the region of this code, or undefined when there is no such region. */
export async function organisationOfRegion(m: sql.Db, code: string): Promise<number | undefined> {
  const r = await sql.one<{ organisation_id: number }>(m, `SELECT organisation_id FROM region r WHERE r.code = $1`, [
    code,
  ]);
  return r?.organisation_id;
}
