import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import * as sql from '../database/sql';

export interface RegionEntry {
  code: string;
  name: string;
}

/** The regions as lists for pages and the API (routing owns the region table). */
@Injectable()
export class RegionDirectory {
  constructor(private readonly db: DataSource) {}

  /** Every region, the fallback last; `scope` (organisationParam): that organisation's only. */
  all(scope: number | null = null): Promise<RegionEntry[]> {
    return sql.rows<RegionEntry>(
      this.db,
      `SELECT code, name FROM region WHERE ($1::int IS NULL OR organisation_id = $1::int) ORDER BY is_fallback, name`,
      [scope],
    );
  }

  /** Every region but this one (where a case can be transferred to), by name. */
  allBut(code: string): Promise<RegionEntry[]> {
    return sql.rows<RegionEntry>(this.db, `SELECT code, name FROM region WHERE code <> $1 ORDER BY name`, [code]);
  }

  /** The codes of these regions, in code order. */
  async codesOf(ids: number[]): Promise<string[]> {
    const rows = await sql.rows<{ code: string }>(
      this.db,
      `SELECT code FROM region WHERE id = ANY($1::int[]) ORDER BY code`,
      [ids],
    );
    return rows.map((r) => r.code);
  }
}
