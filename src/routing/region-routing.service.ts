import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Postcode } from './postcode';
import * as repo from './routing.repository';
import type { RoutedRegion } from './routing.repository';

export type { RoutedRegion };
export { routeSql } from './routing.repository';

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
    return routedRegion(await repo.routedRow(manager, routeParams(postcode)));
  }
}
