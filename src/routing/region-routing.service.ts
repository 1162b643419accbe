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
    if (postcode) {
      // The exclusion constraint allows at most one match; ordering by width keeps "narrowest
      // wins" true even for a database restored without the constraint.
      const rows: { id: number; code: string; name: string }[] = await manager.query(
        `SELECT r.id, r.code, r.name
           FROM postcode_range p JOIN region r ON r.id = p.region_id
          WHERE p.country = $1 AND $2 BETWEEN p.range_from AND p.range_to
          ORDER BY p.range_to - p.range_from
          LIMIT 1`,
        [postcode.country, postcode.area],
      );
      if (rows[0]) return { ...rows[0], fallback: false };
    }
    const fallback: { id: number; code: string; name: string }[] = await manager.query(
      `SELECT id, code, name FROM region WHERE is_fallback LIMIT 1`,
    );
    if (!fallback[0]) throw new Error('No fallback region is configured; every case needs a team.');
    return { ...fallback[0], fallback: true };
  }
}
