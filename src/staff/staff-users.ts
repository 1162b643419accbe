import { hashPassword } from '../common/passwords';
import { DataSource, EntityManager } from 'typeorm';
import * as sql from '../database/sql';

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
    const regions = await sql.rows<{ id: number; code: string; organisation_id: number }>(
      m,
      `SELECT id, code, organisation_id FROM region WHERE code = ANY($1::text[])`,
      [u.regionCodes],
    );
    const missing = u.regionCodes.filter((c) => !regions.some((r) => r.code === c));
    if (missing.length) throw new StaffUserError(`Unknown region(s): ${missing.join(', ')}`);
    const organisationId = u.role === 'admin' ? null : await organisationOf(m, u.organisationCode, regions);
    const rows = await sql.rows<{ id: string }>(
      m,
      `INSERT INTO staff_user (email, display_name, role, password_hash, organisation_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (lower(email)) DO NOTHING RETURNING id`,
      [email, u.displayName?.trim() || email.split('@')[0], u.role, hash, organisationId],
    );
    if (!rows[0]) throw new StaffUserError(`A user with e-mail ${email} already exists`);
    for (const r of regions)
      await sql.exec(m, `INSERT INTO staff_region (staff_user_id, region_id) VALUES ($1, $2)`, [rows[0].id, r.id]);
    await alsoInTransaction?.(m, rows[0].id);
    return { id: rows[0].id };
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
    const row = await sql.one<{ id: number }>(m, `SELECT id FROM organisation WHERE code = $1`, [code]);
    if (!row) throw new StaffUserError(`Unknown organisation: ${code}`);
    id = row.id;
  }
  const held = [...new Set(regions.map((r) => r.organisation_id))];
  if (held.length > 1 || (id !== null && held.length === 1 && held[0] !== id))
    throw new StaffUserError('A staff member works in the regions of one organisation only');
  return id ?? held[0] ?? null;
}
