import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Postcode } from './postcode';

export interface RoutedRegion {
  id: number;
  code: string;
  name: string;
  /** True when no range claimed the postcode (or none was given). */
  fallback: boolean;
}

/** Finds the team for a postcode: the narrowest matching range, else the fallback region. */
@Injectable()
export class RegionRoutingService {
  constructor(private readonly db: DataSource) {}

  async route(postcode: Postcode | undefined, manager: EntityManager = this.db.manager): Promise<RoutedRegion> {
    // One round trip: the narrowest matching range, else the fallback region. The exclusion
    // constraint allows at most one match; ordering by width keeps "narrowest wins" true even
    // for a database restored without the constraint.
    const rows: RoutedRegion[] = await manager.query(
      `(SELECT r.id, r.code, r.name, false AS fallback, p.range_to - p.range_from AS width
          FROM postcode_range p JOIN region r ON r.id = p.region_id
         WHERE p.country = $1 AND $2 BETWEEN p.range_from AND p.range_to)
       UNION ALL
       (SELECT id, code, name, true, 1000000 FROM region WHERE is_fallback)
       ORDER BY width LIMIT 1`,
      [postcode?.country ?? null, postcode?.area ?? null],
    );
    if (!rows[0]) throw new Error('No fallback region is configured; every case needs a team.');
    const { id, code, name, fallback } = rows[0];
    return { id, code, name, fallback };
  }
}
