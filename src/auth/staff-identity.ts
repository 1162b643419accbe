import { ROLES, Role } from '../staff/staff-users';

export { ROLES, Role };

/** The logged-in staff user as every staff route sees it (`req.staff`). */
export interface StaffIdentity {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  /** Regions the user works in; admins see every region whatever this holds. */
  regionIds: number[];
  /** The time zone staff pages show dates in: their (first) region's; unset for staff without a region. */
  timeZone?: string;
  /** How this request was authenticated. */
  via: 'cookie' | 'bearer';
  /** Something must be done before anything else: a new password, or a required second factor. */
  pending?: 'password-change' | 'totp-setup';
}

/** The roles from `min` upward (trainee < worker < supervisor < manager < admin). */
export function rolesAtLeast(min: Role): Role[] {
  return ROLES.slice(ROLES.indexOf(min)) as Role[];
}

export function isAdmin(s: Pick<StaffIdentity, 'role'>): boolean {
  return s.role === 'admin';
}
