import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import * as repo from './staff-users.repository';

/** Staff accounts as lists for pages (the staff module owns staff_user and staff_region). */
@Injectable()
export class StaffDirectory {
  constructor(private readonly db: DataSource) {}

  /** Active staff of a region, by name (who a case can be assigned to). */
  activeInRegion(regionCode: string): Promise<{ id: string; displayName: string }[]> {
    return repo.activeStaffOfRegion(this.db, regionCode);
  }

  /** Everyone, with their role, for a filter list; `scope` (organisationParam): that organisation's staff only. */
  everyone(scope: number | null = null): Promise<{ id: string; name: string; role: string }[]> {
    return repo.staffByName(this.db, scope);
  }
}
