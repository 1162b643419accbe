import * as sql from '../database/sql';

/**
 * Routing's SQL (docs/data-layer.md): the region table (routing owns it) and its postcode ranges.
 * RegionRoutingService and RegionDirectory keep the rules; this file only reads rows.
 */

export interface RoutedRegion {
  id: number;
  code: string;
  name: string;
  /** True when no range claimed the postcode (or none was given). */
  fallback: boolean;
}

export interface RegionEntry {
  code: string;
  name: string;
}

/**
 * The routing query: the narrowest range matching country `$c` and area `$a` (placeholders
 * given by the caller), else the fallback region; columns id, code, name, fallback. The
 * exclusion constraint allows at most one match; ordering by width keeps "narrowest wins" true
 * even for a database restored without the constraint. Exported so a caller can run it in one
 * round trip with what it needs next (CasesService: the region's SLA settings).
 */
export function routeSql(country: string, area: string): string {
  return `SELECT id, code, name, fallback FROM (
      (SELECT r.id, r.code, r.name, false AS fallback, p.range_to - p.range_from AS width
         FROM postcode_range p JOIN region r ON r.id = p.region_id
        WHERE p.country = ${country} AND ${area} BETWEEN p.range_from AND p.range_to)
      UNION ALL
      (SELECT id, code, name, true, 1000000 FROM region WHERE is_fallback)
      ORDER BY width LIMIT 1) narrowest`;
}

/** The region for a postcode's country and area (null: none given); undefined only without a fallback region. */
export function routedRow(
  m: sql.Db,
  [country, area]: [string | null, number | null],
): Promise<RoutedRegion | undefined> {
  return sql.one<RoutedRegion>(m, routeSql('$1', '$2'), [country, area]);
}

/** Every region, the fallback last; `scope` (organisationParam): that organisation's only. */
export function regionsInScope(m: sql.Db, scope: number | null): Promise<RegionEntry[]> {
  return sql.rows<RegionEntry>(
    m,
    `SELECT code, name FROM region WHERE ($1::int IS NULL OR organisation_id = $1::int) ORDER BY is_fallback, name`,
    [scope],
  );
}

/** Every region but the one of this code, by name. */
export function regionsBut(m: sql.Db, code: string): Promise<RegionEntry[]> {
  return sql.rows<RegionEntry>(m, `SELECT code, name FROM region WHERE code <> $1 ORDER BY name`, [code]);
}

/** The codes of the regions of these ids, in code order. */
export async function regionCodesOf(m: sql.Db, ids: number[]): Promise<string[]> {
  const rows = await sql.rows<{ code: string }>(m, `SELECT code FROM region WHERE id = ANY($1::int[]) ORDER BY code`, [
    ids,
  ]);
  return rows.map((r) => r.code);
}
