import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { hashToken, isWellFormedToken, newSecretToken } from '../common/secrets';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Role, StaffIdentity } from './staff-identity';
import * as sql from '../database/sql';

interface SessionRow {
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

/**
 * Staff sessions in PostgreSQL, so any instance can serve any request. The secret (128 bits) goes
 * to the browser cookie or the API client once; the table holds its SHA-256. A session ends
 * after `sessionIdleMinutes` without use or `sessionMaxHours` after login, whichever is first.
 */
@Injectable()
export class StaffSessionService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
  ) {}

  async create(staffUserId: string, kind: 'cookie' | 'bearer', m: EntityManager = this.db.manager): Promise<string> {
    const token = newSecretToken();
    await sql.exec(
      m,
      `INSERT INTO staff_session (token_hash, staff_user_id, kind, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4))`,
      [hashToken(token), staffUserId, kind, this.config.staffAuth.sessionMaxHours],
    );
    // Expired rows of this user go when they log in again; nothing else needs a sweeper.
    await sql.exec(m, `DELETE FROM staff_session WHERE staff_user_id = $1 AND expires_at < now()`, [staffUserId]);
    return token;
  }

  /** The staff user behind a session secret, or undefined when it is unknown, expired or idle too long. */
  async resolve(token: unknown, kind: 'cookie' | 'bearer'): Promise<StaffIdentity | undefined> {
    if (!isWellFormedToken(token)) return undefined;
    const hash = hashToken(token);
    const rows = await sql.rows<SessionRow>(
      this.db,
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
      [hash, kind, this.config.staffAuth.sessionIdleMinutes],
    );
    const r = rows[0];
    if (!r) return undefined;
    // Keep the idle clock running without a write on every request.
    if (r.seen_long_ago)
      await sql.exec(this.db, `UPDATE staff_session SET last_seen_at = now() WHERE token_hash = $1`, [hash]);
    const pending = r.must_change_password
      ? 'password-change'
      : !r.totp_enabled && this.config.staffAuth.totpRequiredRoles.includes(r.role)
        ? 'totp-setup'
        : undefined;
    return {
      id: r.id,
      email: r.email,
      displayName: r.display_name,
      role: r.role,
      regionIds: r.region_ids.map(Number),
      organisation: r.organisation_id
        ? { id: r.organisation_id, code: r.organisation_code ?? '', name: r.organisation_name ?? '' }
        : null,
      ...(r.time_zone ? { timeZone: r.time_zone } : {}),
      via: kind,
      ...(pending ? { pending } : {}),
    };
  }

  async end(token: unknown, m: EntityManager = this.db.manager): Promise<void> {
    if (!isWellFormedToken(token)) return;
    await sql.exec(m, `DELETE FROM staff_session WHERE token_hash = $1`, [hashToken(token)]);
  }

  /** Ends every session of a user, except optionally the one in use (after a password change). */
  async endAllOf(staffUserId: string, keepToken?: string, m: EntityManager = this.db.manager): Promise<void> {
    await sql.exec(
      m,
      `DELETE FROM staff_session WHERE staff_user_id = $1 AND ($2::bytea IS NULL OR token_hash <> $2)`,
      [staffUserId, keepToken && isWellFormedToken(keepToken) ? hashToken(keepToken) : null],
    );
  }
}
