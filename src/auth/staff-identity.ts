import { ROLES, Role } from '../staff/staff-users';

export { ROLES, Role };

/** The logged-in staff user as every staff route sees it (`req.staff`). */
export interface StaffIdentity {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  /** Regions the user works in (an org-admin: all of their organisation's); admins see every region whatever this holds. */
  regionIds: number[];
  /** The organisation the user belongs to; null for the platform admin, who belongs to none. */
  organisation?: { id: number; code: string; name: string } | null;
  /** The time zone staff pages show dates in: their (first) region's; unset for staff without a region. */
  timeZone?: string;
  /** How this request was authenticated. */
  via: 'cookie' | 'bearer';
  /** Something must be done before anything else: a new password, or a required second factor. */
  pending?: 'password-change' | 'totp-setup';
}

/** The roles from `min` upward (trainee < worker < supervisor < manager < org-admin < admin). */
export function rolesAtLeast(min: Role): Role[] {
  return ROLES.slice(ROLES.indexOf(min)) as Role[];
}

export function isAdmin(s: Pick<StaffIdentity, 'role'>): boolean {
  return s.role === 'admin';
}

/** Platform admin or org-admin: may run staff, settings and texts (of the organisation, for an org-admin). */
export function isAnyAdmin(s: Pick<StaffIdentity, 'role'>): boolean {
  return s.role === 'admin' || s.role === 'org-admin';
}

/**
 * The organisation every organisation-owned query is scoped to, as a SQL parameter: null for the
 * platform admin (everything), else the user's own organisation. Things of another organisation
 * are then simply not found (404), like cases outside a worker's regions.
 */
export function organisationParam(s: Pick<StaffIdentity, 'role' | 'organisation'>): number | null {
  if (isAdmin(s)) return null;
  // Never widen: a non-admin without an organisation sees nothing rather than everything.
  return s.organisation?.id ?? -1;
}

/** `(<param> IS NULL OR <column> = <param>)`: the organisation scope of one query. */
export function organisationScopeSql(column: string, param: number): string {
  return `($${param}::int IS NULL OR ${column} = $${param}::int)`;
}
