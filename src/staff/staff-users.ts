import { hashPassword } from '../common/passwords';
import { DataSource, EntityManager } from 'typeorm';
import * as repo from './staff-users.repository';

export const ROLES = ['trainee', 'worker', 'supervisor', 'manager', 'org-admin', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const MIN_PASSWORD_LENGTH = 12;

export interface NewStaffUser {
  email: string;
  displayName?: string;
  role: Role;
  regionCodes: string[];
  /** The organisation's code; needed for an org-admin without regions, else taken from the regions. */
  organisationCode?: string;
  password: string;
}

export class StaffUserError extends Error {}

/** Creates a staff account with an argon2id password hash and its region memberships, in one transaction. */
/** `alsoInTransaction` runs in the insert's transaction (the admin's audit row, say). */
export async function createStaffUser(
  ds: DataSource,
  u: NewStaffUser,
  alsoInTransaction?: (m: EntityManager, id: string) => Promise<void>,
): Promise<{ id: string }> {
  const email = u.email.trim();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new StaffUserError(`Not an e-mail address: ${email}`);
  if (!(ROLES as readonly string[]).includes(u.role))
    throw new StaffUserError(`Unknown role "${u.role}"; use one of ${ROLES.join(', ')}`);
  if (u.password.length < MIN_PASSWORD_LENGTH)
    throw new StaffUserError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  if (u.role === 'admin' && u.organisationCode)
    throw new StaffUserError('A platform admin runs the platform and belongs to no organisation');
  if (u.role === 'org-admin' && !u.organisationCode && u.regionCodes.length === 0)
    throw new StaffUserError('Give the --organisation an org-admin runs');
  if (u.role !== 'admin' && u.role !== 'org-admin' && u.regionCodes.length === 0)
    throw new StaffUserError('Give at least one --region for a non-admin user');
  const hash = await hashPassword(u.password);
  return ds.transaction(async (m) => {
    const regions = await repo.regionsByCode(m, u.regionCodes);
    const missing = u.regionCodes.filter((c) => !regions.some((r) => r.code === c));
    if (missing.length) throw new StaffUserError(`Unknown region(s): ${missing.join(', ')}`);
    const organisationId = u.role === 'admin' ? null : await organisationOf(m, u.organisationCode, regions);
    const id = await repo.insertStaffUser(m, {
      email,
      displayName: u.displayName?.trim() || email.split('@')[0],
      role: u.role,
      passwordHash: hash,
      organisationId,
    });
    if (!id) throw new StaffUserError(`A user with e-mail ${email} already exists`);
    for (const r of regions) await repo.insertStaffRegion(m, id, r.id);
    await alsoInTransaction?.(m, id);
    return { id };
  });
}

/** The one organisation a new staff member joins: the one named, which must also hold all their regions. */
async function organisationOf(
  m: EntityManager,
  code: string | undefined,
  regions: { organisation_id: number }[],
): Promise<number | null> {
  let id: number | null = null;
  if (code) {
    const found = await repo.organisationIdByCode(m, code);
    if (found === undefined) throw new StaffUserError(`Unknown organisation: ${code}`);
    id = found;
  }
  const held = [...new Set(regions.map((r) => r.organisation_id))];
  if (held.length > 1 || (id !== null && held.length === 1 && held[0] !== id))
    throw new StaffUserError('A staff member works in the regions of one organisation only');
  return id ?? held[0] ?? null;
}
