import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { hashToken, isWellFormedToken, newSecretToken } from '../common/secrets';
import { APP_CONFIG, AppConfig } from '../config/config';
import * as repo from './staff-session.repository';
import { StaffIdentity } from './staff-identity';

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
    await repo.insertSession(m, hashToken(token), staffUserId, kind, this.config.staffAuth.sessionMaxHours);
    // Expired rows of this user go when they log in again; nothing else needs a sweeper.
    await repo.deleteExpiredSessionsOf(m, staffUserId);
    return token;
  }

  /** The staff user behind a session secret, or undefined when it is unknown, expired or idle too long. */
  async resolve(token: unknown, kind: 'cookie' | 'bearer'): Promise<StaffIdentity | undefined> {
    if (!isWellFormedToken(token)) return undefined;
    const hash = hashToken(token);
    const r = await repo.liveSession(this.db, hash, kind, this.config.staffAuth.sessionIdleMinutes);
    if (!r) return undefined;
    // Keep the idle clock running without a write on every request.
    if (r.seen_long_ago) await repo.touchSession(this.db, hash);
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
    await repo.deleteSession(m, hashToken(token));
  }

  /** Ends every session of a user, except optionally the one in use (after a password change). */
  async endAllOf(staffUserId: string, keepToken?: string, m: EntityManager = this.db.manager): Promise<void> {
    await repo.deleteSessionsOf(
      m,
      staffUserId,
      keepToken && isWellFormedToken(keepToken) ? hashToken(keepToken) : null,
    );
  }
}
