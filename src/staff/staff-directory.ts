import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import * as sql from '../database/sql';

/** Staff accounts as lists for pages (the staff module owns staff_user and staff_region). */
@Injectable()
export class StaffDirectory {
  constructor(private readonly db: DataSource) {}

  /** Active staff of a region, by name (who a case can be assigned to). */
  activeInRegion(regionCode: string): Promise<{ id: string; displayName: string }[]> {
    return sql.rows<{ id: string; displayName: string }>(
      this.db,
      `SELECT u.id, u.display_name AS "displayName" FROM staff_user u JOIN staff_region sr ON sr.staff_user_id = u.id
         JOIN region r ON r.id = sr.region_id
        WHERE r.code = $1 AND u.active ORDER BY u.display_name`,
      [regionCode],
    );
  }

  /** Everyone, with their role, for a filter list; `scope` (organisationParam): that organisation's staff only. */
  everyone(scope: number | null = null): Promise<{ id: string; name: string; role: string }[]> {
    return sql.rows<{ id: string; name: string; role: string }>(
      this.db,
      `SELECT id, display_name AS name, role FROM staff_user WHERE ($1::int IS NULL OR organisation_id = $1::int) ORDER BY display_name`,
      [scope],
    );
  }
}
