import { hashPassword } from '../common/passwords';
import { DataSource, EntityManager } from 'typeorm';

export const ROLES = ['trainee', 'worker', 'supervisor', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const MIN_PASSWORD_LENGTH = 12;

export interface NewStaffUser {
  email: string;
  displayName?: string;
  role: Role;
  regionCodes: string[];
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
  if (u.role !== 'admin' && u.regionCodes.length === 0)
    throw new StaffUserError('Give at least one --region for a non-admin user');
  const hash = await hashPassword(u.password);
  return ds.transaction(async (m) => {
    const regions: { id: number; code: string }[] = await m.query(
      `SELECT id, code FROM region WHERE code = ANY($1::text[])`,
      [u.regionCodes],
    );
    const missing = u.regionCodes.filter((c) => !regions.some((r) => r.code === c));
    if (missing.length) throw new StaffUserError(`Unknown region(s): ${missing.join(', ')}`);
    const rows: { id: string }[] = await m.query(
      `INSERT INTO staff_user (email, display_name, role, password_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (lower(email)) DO NOTHING RETURNING id`,
      [email, u.displayName?.trim() || email.split('@')[0], u.role, hash],
    );
    if (!rows[0]) throw new StaffUserError(`A user with e-mail ${email} already exists`);
    for (const r of regions)
      await m.query(`INSERT INTO staff_region (staff_user_id, region_id) VALUES ($1, $2)`, [rows[0].id, r.id]);
    await alsoInTransaction?.(m, rows[0].id);
    return { id: rows[0].id };
  });
}
