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
import * as repo from './auth.repository';

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
    const u = await repo.staffByEmail(this.db, input.email.trim());
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
      if (!(await repo.advanceTotpStep(this.db, u.id, step))) return this.fail(u.id, client, 'totp-invalid');
    }
    // The session and its audit row commit together: no login without its trace.
    const token = await this.db.transaction(async (m) => {
      await repo.recordLogin(m, u.id);
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
      const row = await repo.countFailedLogin(m, userId, maxFailedLogins, lockoutMinutes);
      await this.audit.record(m, {
        actorId: null,
        targetUserId: userId,
        action: 'auth.login-failed',
        data: { failures: row?.failed_logins ?? null },
      });
      if (!row?.locked) return false;
      await repo.resetFailedLogins(m, userId);
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
    const stored = await repo.passwordHashOf(this.db, staffUserId);
    if (stored === undefined || !(await verifyPassword(stored, current))) {
      throw new InputInvalidException({ currentPassword: ['auth.currentPasswordWrong'] });
    }
    assertPasswordRules(next, current);
    const hash = await hashPassword(next);
    await this.db.transaction(async (m) => {
      await repo.setOwnPassword(m, staffUserId, hash);
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
      if (!(await repo.setTemporaryPassword(m, staffUserId, hash))) return false;
      await this.sessions.endAllOf(staffUserId, undefined, m);
      await this.audit.record(m, { actorId: adminId, targetUserId: staffUserId, action: 'user.password-reset' });
      return true;
    });
    return reset ? { temporaryPassword } : undefined;
  }

  /** Step one of switching on TOTP: a new secret, kept aside until a code proves the app has it. */
  async startTotp(staffUserId: string): Promise<{ secret: string; otpauthUrl: string }> {
    const secret = newTotpSecret();
    const email = await repo.setPendingTotpSecret(this.db, staffUserId, secret);
    return { secret, otpauthUrl: totpUri(secret, email) };
  }

  async confirmTotp(staffUserId: string, code: string): Promise<void> {
    const pending = await repo.pendingTotpSecretOf(this.db, staffUserId);
    if (!pending) throw new InputInvalidException({ code: ['auth.totpNotStarted'] });
    const step = await checkTotp(pending, code, null);
    if (step === null) throw new InputInvalidException({ code: ['auth.totpWrong'] });
    await this.db.transaction(async (m) => {
      await repo.enableTotp(m, staffUserId, step);
      await this.audit.record(m, { actorId: staffUserId, action: 'auth.totp-enabled' });
    });
  }

  /** Switching the second factor off needs the password, and is refused where configuration requires it. */
  async disableTotp(staffUserId: string, role: string, password: string): Promise<void> {
    if (this.config.staffAuth.totpRequiredRoles.includes(role))
      throw new InputInvalidException({ password: ['auth.totpMandatory'] }, 'totp_mandatory');
    const stored = await repo.passwordHashOf(this.db, staffUserId);
    if (stored === undefined || !(await verifyPassword(stored, password))) {
      throw new InputInvalidException({ password: ['auth.currentPasswordWrong'] });
    }
    await this.db.transaction(async (m) => {
      await repo.disableTotp(m, staffUserId);
      await this.audit.record(m, { actorId: staffUserId, action: 'auth.totp-disabled' });
    });
  }

  async totpEnabled(staffUserId: string): Promise<boolean> {
    return repo.totpEnabled(this.db, staffUserId);
  }
}

export function assertPasswordRules(next: string, current?: string): void {
  if (typeof next !== 'string' || next.length < MIN_PASSWORD_LENGTH || next.length > 200) {
    throw new InputInvalidException({ newPassword: ['auth.passwordTooShort'] });
  }
  if (current !== undefined && next === current)
    throw new InputInvalidException({ newPassword: ['auth.passwordSame'] });
}
