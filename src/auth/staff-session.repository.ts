import type { Role } from './staff-identity';
import * as sql from '../database/sql';

/**
 * Staff sessions' SQL (docs/data-layer.md): `staff_session`, by the SHA-256 of the secret.
 * StaffSessionService keeps the secrets, the idle rule and what an identity holds; this file only
 * reads and writes rows, in the transaction the service passes in.
 */

/** A live session with the staff user behind it. */
export interface SessionRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  region_ids: number[];
  time_zone: string | null;
  organisation_id: number | null;
  organisation_code: string | null;
  organisation_name: string | null;
  kind: 'cookie' | 'bearer';
  must_change_password: boolean;
  totp_enabled: boolean;
  seen_long_ago: boolean;
}

export async function insertSession(
  m: sql.Db,
  tokenHash: Buffer,
  staffUserId: string,
  kind: 'cookie' | 'bearer',
  maxHours: number,
): Promise<void> {
  await sql.exec(
    m,
    `INSERT INTO staff_session (token_hash, staff_user_id, kind, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4))`,
    [tokenHash, staffUserId, kind, maxHours],
  );
}

export async function deleteExpiredSessionsOf(m: sql.Db, staffUserId: string): Promise<void> {
  await sql.exec(m, `DELETE FROM staff_session WHERE staff_user_id = $1 AND expires_at < now()`, [staffUserId]);
}

/** The session of this secret's hash and kind, unexpired, used within `idleMinutes`, of an active user. */
export function liveSession(
  m: sql.Db,
  tokenHash: Buffer,
  kind: 'cookie' | 'bearer',
  idleMinutes: number,
): Promise<SessionRow | undefined> {
  return sql.one<SessionRow>(
    m,
    `SELECT u.id, u.email, u.display_name, u.role, s.kind, u.must_change_password,
              (u.totp_enabled_at IS NOT NULL) AS totp_enabled,
              s.last_seen_at < now() - interval '1 minute' AS seen_long_ago,
              u.organisation_id, o.code AS organisation_code, o.name AS organisation_name,
              CASE WHEN u.role = 'org-admin'
                -- An org-admin runs every region of their organisation, today's and tomorrow's.
                THEN COALESCE((SELECT array_agg(r.id ORDER BY r.id) FROM region r WHERE r.organisation_id = u.organisation_id), '{}')
                ELSE COALESCE((SELECT array_agg(sr.region_id ORDER BY sr.region_id) FROM staff_region sr WHERE sr.staff_user_id = u.id), '{}')
              END AS region_ids,
              COALESCE((SELECT r.time_zone FROM staff_region sr JOIN region r ON r.id = sr.region_id
                         WHERE sr.staff_user_id = u.id ORDER BY sr.region_id LIMIT 1),
                       (SELECT r.time_zone FROM region r WHERE r.organisation_id = u.organisation_id ORDER BY r.id LIMIT 1)) AS time_zone
         FROM staff_session s JOIN staff_user u ON u.id = s.staff_user_id
         LEFT JOIN organisation o ON o.id = u.organisation_id
        WHERE s.token_hash = $1 AND s.kind = $2 AND u.active
          AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => $3)`,
    [tokenHash, kind, idleMinutes],
  );
}

/** The session was used now (its idle clock starts again). */
export async function touchSession(m: sql.Db, tokenHash: Buffer): Promise<void> {
  await sql.exec(m, `UPDATE staff_session SET last_seen_at = now() WHERE token_hash = $1`, [tokenHash]);
}

export async function deleteSession(m: sql.Db, tokenHash: Buffer): Promise<void> {
  await sql.exec(m, `DELETE FROM staff_session WHERE token_hash = $1`, [tokenHash]);
}

/** Every session of a user but the one of `keepHash` (null: every one). */
export async function deleteSessionsOf(m: sql.Db, staffUserId: string, keepHash: Buffer | null): Promise<void> {
  await sql.exec(m, `DELETE FROM staff_session WHERE staff_user_id = $1 AND ($2::bytea IS NULL OR token_hash <> $2)`, [
    staffUserId,
    keepHash,
  ]);
}
