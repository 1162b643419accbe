import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import * as repo from './routing.repository';
import type { RegionEntry } from './routing.repository';

export type { RegionEntry };

/** The regions as lists for pages and the API (routing owns the region table). */
@Injectable()
export class RegionDirectory {
  constructor(private readonly db: DataSource) {}

  /** Every region, the fallback last; `scope` (organisationParam): that organisation's only. */
  all(scope: number | null = null): Promise<RegionEntry[]> {
    return repo.regionsInScope(this.db, scope);
  }

  /** Every region but this one (where a case can be transferred to), by name. */
  allBut(code: string): Promise<RegionEntry[]> {
    return repo.regionsBut(this.db, code);
  }

  /** The codes of these regions, in code order. */
  async codesOf(ids: number[]): Promise<string[]> {
    return repo.regionCodesOf(this.db, ids);
  }
}
