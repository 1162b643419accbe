import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { hashPassword, verifyPassword } from '../common/passwords';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RateLimitService } from '../common/rate-limit/rate-limit.service';
import { InputInvalidException } from '../common/validation';
import { APP_CONFIG, AppConfig } from '../config/config';
import { MIN_PASSWORD_LENGTH } from '../staff/staff-users';
import { StaffSessionService } from './staff-session.service';
import { checkTotp, newTotpSecret, totpUri } from './totp';
import * as sql from '../database/sql';

/** Why a login failed; the person sees one message for "unknown e-mail" and "wrong password". */
export type LoginFailure = 'invalid' | 'totp-required' | 'totp-invalid' | 'locked' | 'too-many';

export class LoginFailedException extends HttpException {
  constructor(readonly reason: LoginFailure) {
    const [status, code, message] =
      reason === 'locked'
        ? [HttpStatus.TOO_MANY_REQUESTS, 'account_locked', 'auth.locked']
        : reason === 'too-many'
          ? [HttpStatus.TOO_MANY_REQUESTS, 'too_many_requests', 'auth.tooManyAttempts']
          : reason === 'totp-required'
            ? [HttpStatus.UNAUTHORIZED, 'totp_required', 'auth.totpRequired']
            : reason === 'totp-invalid'
              ? [HttpStatus.UNAUTHORIZED, 'invalid_totp', 'auth.totpInvalid']
              : [HttpStatus.UNAUTHORIZED, 'invalid_credentials', 'auth.invalid'];
    super({ statusCode: status, code, message }, status);
  }
}

interface UserRow {
  id: string;
  password_hash: string;
  active: boolean;
  locked: boolean;
  totp_secret: string | null;
  totp_last_step: string | null;
}

// Verifying against this when the e-mail is unknown keeps the timing of both answers alike.
const DUMMY_HASH = hashPassword('not-a-password-of-anyone');

/**
 * Logging in (argon2id password, optional TOTP), lockout and password and second-factor changes.
 * Lockout is a counter on the account (every instance sees it); a second, per-address limit
 * (RateLimitService, also in PostgreSQL) slows down trying many accounts from one place.
 */
@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly sessions: StaffSessionService,
    private readonly limits: RateLimitService,
    private readonly audit: AuditService,
  ) {}

  /** Checks the credentials and opens a session; returns its secret (cookie value or bearer token). */
  async login(
    input: { email: string; password: string; totp?: string },
    kind: 'cookie' | 'bearer',
    client: string,
  ): Promise<{ token: string; staffUserId: string }> {
    if (await this.limits.isBlocked('staffLoginFailures', client)) throw new LoginFailedException('too-many');
    const rows = await sql.rows<UserRow>(
      this.db,
      `SELECT id, password_hash, active, COALESCE(locked_until > now(), false) AS locked, totp_secret, totp_last_step
         FROM staff_user WHERE lower(email) = lower($1)`,
      [input.email.trim()],
    );
    const u = rows[0];
    if (!u || !u.active) {
      await verifyPassword(await DUMMY_HASH, input.password);
      await this.limits.consume('staffLoginFailures', client);
      throw new LoginFailedException('invalid');
    }
    // A locked account answers "locked" without looking at the password, so guessing stays useless.
    if (u.locked) {
      await this.limits.consume('staffLoginFailures', client);
      throw new LoginFailedException('locked');
    }
    const passwordOk = await verifyPassword(u.password_hash, input.password);
    if (!passwordOk) return this.fail(u.id, client, 'invalid');
    if (u.totp_secret) {
      if (!input.totp) throw new LoginFailedException('totp-required');
      const step = await checkTotp(
        u.totp_secret,
        input.totp,
        u.totp_last_step === null ? null : Number(u.totp_last_step),
      );
      if (step === null) return this.fail(u.id, client, 'totp-invalid');
      // One conditional statement: of two logins with the same code at once, only one advances
      // the step; the other finds it taken and is refused as a replay.
      const advanced = await sql.rows<{ id: string }>(
        this.db,
        `UPDATE staff_user SET totp_last_step = $2
          WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id`,
        [u.id, step],
      );
      if (!advanced.length) return this.fail(u.id, client, 'totp-invalid');
    }
    // The session and its audit row commit together: no login without its trace.
    const token = await this.db.transaction(async (m) => {
      await sql.exec(
        m,
        `UPDATE staff_user SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = $1`,
        [u.id],
      );
      const created = await this.sessions.create(u.id, kind, m);
      await this.audit.record(m, { actorId: u.id, action: 'auth.login', data: { via: kind } });
      return created;
    });
    return { token, staffUserId: u.id };
  }

  private async fail(userId: string, client: string, reason: LoginFailure): Promise<never> {
    await this.limits.consume('staffLoginFailures', client);
    const { maxFailedLogins, lockoutMinutes } = this.config.staffAuth;
    const locked = await this.db.transaction(async (m) => {
      // One atomic statement: concurrent failures on several instances count correctly.
      const row = await sql.one<{ failed_logins: number; locked: boolean }>(
        m,
        `UPDATE staff_user SET failed_logins = failed_logins + 1,
                locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
          WHERE id = $1 RETURNING failed_logins, locked_until IS NOT NULL AND locked_until > now() AS locked`,
        [userId, maxFailedLogins, lockoutMinutes],
      );
      await this.audit.record(m, {
        actorId: null,
        targetUserId: userId,
        action: 'auth.login-failed',
        data: { failures: row?.failed_logins ?? null },
      });
      if (!row?.locked) return false;
      await sql.exec(m, `UPDATE staff_user SET failed_logins = 0 WHERE id = $1`, [userId]);
      await this.audit.record(m, {
        actorId: null,
        targetUserId: userId,
        action: 'auth.locked',
        data: { minutes: lockoutMinutes },
      });
      return true;
    });
    throw new LoginFailedException(locked ? 'locked' : reason);
  }

  async logout(token: string | undefined, staffUserId: string): Promise<void> {
    await this.db.transaction(async (m) => {
      await this.sessions.end(token, m);
      await this.audit.record(m, { actorId: staffUserId, action: 'auth.logout' });
    });
  }

  /** A new password for yourself; every other session of yours ends. */
  async changePassword(staffUserId: string, current: string, next: string, keepToken?: string): Promise<void> {
    const u = await sql.one<{ password_hash: string }>(this.db, `SELECT password_hash FROM staff_user WHERE id = $1`, [
      staffUserId,
    ]);
    if (!u || !(await verifyPassword(u.password_hash, current))) {
      throw new InputInvalidException({ currentPassword: ['auth.currentPasswordWrong'] });
    }
    assertPasswordRules(next, current);
    const hash = await hashPassword(next);
    await this.db.transaction(async (m) => {
      await sql.exec(
        m,
        `UPDATE staff_user SET password_hash = $2, must_change_password = false, password_changed_at = now() WHERE id = $1`,
        [staffUserId, hash],
      );
      await this.sessions.endAllOf(staffUserId, keepToken, m);
      await this.audit.record(m, { actorId: staffUserId, action: 'auth.password-changed' });
    });
  }

  /**
   * An admin resets someone's password: a temporary one (shown once to the admin), to be changed
   * at the next login; lockout, sessions and the second factor (a lost phone) are cleared.
   */
  async resetPassword(adminId: string, staffUserId: string): Promise<{ temporaryPassword: string } | undefined> {
    const temporaryPassword = randomBytes(12).toString('base64url');
    const hash = await hashPassword(temporaryPassword);
    const reset = await this.db.transaction(async (m) => {
      const rows = await sql.rows<{ id: string }>(
        m,
        `UPDATE staff_user SET password_hash = $2, must_change_password = true, failed_logins = 0, locked_until = NULL,
                totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL
          WHERE id = $1 RETURNING id`,
        [staffUserId, hash],
      );
      if (!rows[0]) return false;
      await this.sessions.endAllOf(staffUserId, undefined, m);
      await this.audit.record(m, { actorId: adminId, targetUserId: staffUserId, action: 'user.password-reset' });
      return true;
    });
    return reset ? { temporaryPassword } : undefined;
  }

  /** Step one of switching on TOTP: a new secret, kept aside until a code proves the app has it. */
  async startTotp(staffUserId: string): Promise<{ secret: string; otpauthUrl: string }> {
    const secret = newTotpSecret();
    const u = await sql.only<{ email: string }>(
      this.db,
      `UPDATE staff_user SET totp_pending_secret = $2 WHERE id = $1 RETURNING email`,
      [staffUserId, secret],
    );
    return { secret, otpauthUrl: totpUri(secret, u.email) };
  }

  async confirmTotp(staffUserId: string, code: string): Promise<void> {
    const u = await sql.one<{ totp_pending_secret: string | null }>(
      this.db,
      `SELECT totp_pending_secret FROM staff_user WHERE id = $1`,
      [staffUserId],
    );
    if (!u?.totp_pending_secret) throw new InputInvalidException({ code: ['auth.totpNotStarted'] });
    const step = await checkTotp(u.totp_pending_secret, code, null);
    if (step === null) throw new InputInvalidException({ code: ['auth.totpWrong'] });
    await this.db.transaction(async (m) => {
      await sql.exec(
        m,
        `UPDATE staff_user SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_enabled_at = now(), totp_last_step = $2 WHERE id = $1`,
        [staffUserId, step],
      );
      await this.audit.record(m, { actorId: staffUserId, action: 'auth.totp-enabled' });
    });
  }

  /** Switching the second factor off needs the password, and is refused where configuration requires it. */
  async disableTotp(staffUserId: string, role: string, password: string): Promise<void> {
    if (this.config.staffAuth.totpRequiredRoles.includes(role))
      throw new InputInvalidException({ password: ['auth.totpMandatory'] }, 'totp_mandatory');
    const u = await sql.one<{ password_hash: string }>(this.db, `SELECT password_hash FROM staff_user WHERE id = $1`, [
      staffUserId,
    ]);
    if (!u || !(await verifyPassword(u.password_hash, password))) {
      throw new InputInvalidException({ password: ['auth.currentPasswordWrong'] });
    }
    await this.db.transaction(async (m) => {
      await sql.exec(
        m,
        `UPDATE staff_user SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = $1`,
        [staffUserId],
      );
      await this.audit.record(m, { actorId: staffUserId, action: 'auth.totp-disabled' });
    });
  }

  async totpEnabled(staffUserId: string): Promise<boolean> {
    const u = await sql.one<{ on: boolean }>(
      this.db,
      `SELECT totp_enabled_at IS NOT NULL AS on FROM staff_user WHERE id = $1`,
      [staffUserId],
    );
    return !!u?.on;
  }
}

export function assertPasswordRules(next: string, current?: string): void {
  if (typeof next !== 'string' || next.length < MIN_PASSWORD_LENGTH || next.length > 200) {
    throw new InputInvalidException({ newPassword: ['auth.passwordTooShort'] });
  }
  if (current !== undefined && next === current)
    throw new InputInvalidException({ newPassword: ['auth.passwordSame'] });
}
