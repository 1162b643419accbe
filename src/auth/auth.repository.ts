import * as sql from '../database/sql';

/**
 * The auth module's SQL on `staff_user` (docs/data-layer.md): login, lockout, passwords and the
 * second factor. AuthService keeps the rules (timing, lockout policy, password rules) and the
 * audit trail; this file only reads and writes rows, in the transaction the service passes in.
 */

/** What a login needs to know of the account behind an e-mail address. */
export interface LoginRow {
  id: string;
  password_hash: string;
  active: boolean;
  locked: boolean;
  totp_secret: string | null;
  totp_last_step: string | null;
}

/** The account with this e-mail address (case-insensitive), or undefined. */
export function staffByEmail(m: sql.Db, email: string): Promise<LoginRow | undefined> {
  return sql.one<LoginRow>(
    m,
    `SELECT id, password_hash, active, COALESCE(locked_until > now(), false) AS locked, totp_secret, totp_last_step
         FROM staff_user WHERE lower(email) = lower($1)`,
    [email],
  );
}

/**
 * Takes a TOTP step for a login, in one conditional statement: of two logins with the same code at
 * once, only one advances the step; false when it was taken already (a replay).
 */
export async function advanceTotpStep(m: sql.Db, staffUserId: string, step: number): Promise<boolean> {
  const advanced = await sql.rows<{ id: string }>(
    m,
    `UPDATE staff_user SET totp_last_step = $2
          WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id`,
    [staffUserId, step],
  );
  return advanced.length > 0;
}

/** A successful login: the failure count and lock are cleared, the login time noted. */
export async function recordLogin(m: sql.Db, staffUserId: string): Promise<void> {
  await sql.exec(
    m,
    `UPDATE staff_user SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = $1`,
    [staffUserId],
  );
}

/**
 * One more failed login, locking the account for `lockoutMinutes` at `maxFailedLogins`, in one
 * atomic statement (concurrent failures on several instances count correctly).
 */
export function countFailedLogin(
  m: sql.Db,
  staffUserId: string,
  maxFailedLogins: number,
  lockoutMinutes: number,
): Promise<{ failed_logins: number; locked: boolean } | undefined> {
  return sql.one<{ failed_logins: number; locked: boolean }>(
    m,
    `UPDATE staff_user SET failed_logins = failed_logins + 1,
                locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
          WHERE id = $1 RETURNING failed_logins, locked_until IS NOT NULL AND locked_until > now() AS locked`,
    [staffUserId, maxFailedLogins, lockoutMinutes],
  );
}

export async function resetFailedLogins(m: sql.Db, staffUserId: string): Promise<void> {
  await sql.exec(m, `UPDATE staff_user SET failed_logins = 0 WHERE id = $1`, [staffUserId]);
}

/** The password hash of an account, or undefined when there is no such account. */
export async function passwordHashOf(m: sql.Db, staffUserId: string): Promise<string | undefined> {
  const u = await sql.one<{ password_hash: string }>(m, `SELECT password_hash FROM staff_user WHERE id = $1`, [
    staffUserId,
  ]);
  return u?.password_hash;
}

/** A password chosen by its owner: no longer one to change. */
export async function setOwnPassword(m: sql.Db, staffUserId: string, hash: string): Promise<void> {
  await sql.exec(
    m,
    `UPDATE staff_user SET password_hash = $2, must_change_password = false, password_changed_at = now() WHERE id = $1`,
    [staffUserId, hash],
  );
}

/**
 * A temporary password set by an admin, to be changed at the next login; lockout and the second
 * factor are cleared. False when there is no such account.
 */
export async function setTemporaryPassword(m: sql.Db, staffUserId: string, hash: string): Promise<boolean> {
  const rows = await sql.rows<{ id: string }>(
    m,
    `UPDATE staff_user SET password_hash = $2, must_change_password = true, failed_logins = 0, locked_until = NULL,
                totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL
          WHERE id = $1 RETURNING id`,
    [staffUserId, hash],
  );
  return !!rows[0];
}

/** Keeps a new TOTP secret aside until a code confirms it; the account's e-mail address (for the app's label). */
export async function setPendingTotpSecret(m: sql.Db, staffUserId: string, secret: string): Promise<string> {
  const u = await sql.only<{ email: string }>(
    m,
    `UPDATE staff_user SET totp_pending_secret = $2 WHERE id = $1 RETURNING email`,
    [staffUserId, secret],
  );
  return u.email;
}

/** The TOTP secret waiting for confirmation, or null (none started, or no such account). */
export async function pendingTotpSecretOf(m: sql.Db, staffUserId: string): Promise<string | null> {
  const u = await sql.one<{ totp_pending_secret: string | null }>(
    m,
    `SELECT totp_pending_secret FROM staff_user WHERE id = $1`,
    [staffUserId],
  );
  return u?.totp_pending_secret ?? null;
}

/** The pending secret becomes the account's second factor; `step` is the one the confirming code used. */
export async function enableTotp(m: sql.Db, staffUserId: string, step: number): Promise<void> {
  await sql.exec(
    m,
    `UPDATE staff_user SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_enabled_at = now(), totp_last_step = $2 WHERE id = $1`,
    [staffUserId, step],
  );
}

export async function disableTotp(m: sql.Db, staffUserId: string): Promise<void> {
  await sql.exec(
    m,
    `UPDATE staff_user SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = $1`,
    [staffUserId],
  );
}

export async function totpEnabled(m: sql.Db, staffUserId: string): Promise<boolean> {
  const u = await sql.one<{ on: boolean }>(
    m,
    `SELECT totp_enabled_at IS NOT NULL AS on FROM staff_user WHERE id = $1`,
    [staffUserId],
  );
  return !!u?.on;
}
