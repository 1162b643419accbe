import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Postcode } from './postcode';
import * as sql from '../database/sql';

export interface RoutedRegion {
  id: number;
  code: string;
  name: string;
  /** True when no range claimed the postcode (or none was given). */
  fallback: boolean;
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

export function routeParams(postcode: Postcode | undefined): [string | null, number | null] {
  return [postcode?.country ?? null, postcode?.area ?? null];
}

export function routedRegion(row: RoutedRegion | undefined): RoutedRegion {
  if (!row) throw new Error('No fallback region is configured; every case needs a team.');
  const { id, code, name, fallback } = row;
  return { id, code, name, fallback };
}

/** Finds the team for a postcode: the narrowest matching range, else the fallback region. */
@Injectable()
export class RegionRoutingService {
  constructor(private readonly db: DataSource) {}

  async route(postcode: Postcode | undefined, manager: EntityManager = this.db.manager): Promise<RoutedRegion> {
    // One round trip: the narrowest matching range, else the fallback region.
    const rows = await sql.rows<RoutedRegion>(manager, routeSql('$1', '$2'), routeParams(postcode));
    return routedRegion(rows[0]);
  }
}
