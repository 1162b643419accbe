import { NotFoundException } from '@nestjs/common';
import { isAdmin, StaffIdentity } from '../auth/staff-identity';

/**
 * The region scope of every staff query on a case, as SQL: `c` must be the cases alias and the
 * parameter holds the user's region ids, or null for admins. A case outside the scope is simply
 * not found: 404, never 403, so ids of other regions' cases reveal nothing.
 */
export function scopeSql(param: number): string {
  return `($${param}::int[] IS NULL OR c.region_id = ANY($${param}::int[]))`;
}

export function scopeParam(staff: StaffIdentity): number[] | null {
  return isAdmin(staff) ? null : staff.regionIds;
}

export function caseNotFound(): NotFoundException {
  return new NotFoundException({ code: 'case_not_found', message: 'errors.http404' });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id is just another unknown case. */
export function assertCaseId(id: string): void {
  if (!UUID.test(id)) throw caseNotFound();
}
