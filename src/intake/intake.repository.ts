import * as sql from '../database/sql';
import type { CrisisSelfReport } from './question.dto';

/**
 * The help-seeker side's SQL (docs/data-layer.md): question idempotency keys, help-seeker browser
 * sessions, and the case and messages a help-seeker's page reads. IntakeService, HelpSeekerSessions
 * and CaseLinkThrottle keep the rules (tokens, cookies, sealing, when to purge) and pass their
 * manager, so a statement runs in the caller's transaction.
 */

/** A question already asked under an idempotency key, with what the first answer showed. */
export interface IdempotencyRow {
  case_id: string;
  fingerprint: Buffer;
  sealed_token: Buffer;
  case_ref: string;
  crisis: boolean;
  code: string;
  time_zone: string;
  first_reply_due_at: Date | null;
}

/** A case as its help-seeker's page shows it (the messages come separately). */
export interface HelpSeekerCaseRow {
  id: string;
  case_ref: string;
  status: string;
  region_name: string;
  nickname: string;
  time_zone: string;
  due_at: Date | null;
  region_id: number;
  country: 'NL' | 'BE' | null;
  crisis: boolean;
  crisis_self_report: CrisisSelfReport | null;
  has_email: boolean;
}

export interface CaseMessageRow {
  id: string;
  direction: 'in' | 'out';
  channel: 'web' | 'email';
  body_text: string;
  created_at: Date;
}

/** A live session's case and sealed token. */
export interface SessionRow {
  case_id: string;
  sealed_token: Buffer;
}

/** Whether a case has this access token hash. */
export async function caseTokenHashExists(m: sql.Db, tokenHash: Buffer): Promise<boolean> {
  const rows = await sql.rows<{ '?column?': number }>(m, `SELECT 1 FROM cases WHERE access_token_hash = $1`, [
    tokenHash,
  ]);
  return rows.length > 0;
}

/** The case with this access token hash (the caller compares the token in constant time). */
export async function caseByTokenHash(
  m: sql.Db,
  tokenHash: Buffer,
): Promise<{ id: string; access_token_hash: Buffer } | undefined> {
  const rows = await sql.rows<{ id: string; access_token_hash: Buffer }>(
    m,
    `SELECT id, access_token_hash FROM cases WHERE access_token_hash = $1`,
    [tokenHash],
  );
  return rows[0];
}

/**
 * Takes the idempotency key for the new case (when there is a key) and starts the browser
 * session (when asked, and only if the key was taken): one statement. 1 when the key was taken.
 */
export async function claimQuestionKey(
  m: sql.Db,
  keyHash: Buffer | null,
  fingerprint: Buffer,
  caseId: string,
  sealedToken: Buffer,
  sessionHash: Buffer | null,
): Promise<number> {
  const { claimed } = await sql.only<{ claimed: number }>(
    m,
    `WITH k AS (
             INSERT INTO question_idempotency (key_hash, fingerprint, case_id, sealed_token)
             SELECT $1, $2, $3, $4 WHERE $1::bytea IS NOT NULL
             ON CONFLICT (key_hash) DO NOTHING RETURNING case_id),
           s AS (
             INSERT INTO help_seeker_session (id_hash, case_id, sealed_token)
             SELECT $5, $3, $4 WHERE $5::bytea IS NOT NULL AND ($1::bytea IS NULL OR EXISTS (SELECT 1 FROM k)))
           SELECT (SELECT count(*) FROM k)::int AS claimed`,
    [keyHash, fingerprint, caseId, sealedToken, sessionHash],
  );
  return claimed;
}

/** The question first asked under this key, with its case. */
export function questionByKey(m: sql.Db, keyHash: Buffer): Promise<IdempotencyRow | undefined> {
  return sql.one<IdempotencyRow>(
    m,
    `SELECT q.case_id, q.fingerprint, q.sealed_token, c.case_ref, c.crisis, r.code, r.time_zone, c.first_reply_due_at
         FROM question_idempotency q JOIN cases c ON c.id = q.case_id JOIN region r ON r.id = c.region_id
        WHERE q.key_hash = $1`,
    [keyHash],
  );
}

/** The case as its help-seeker's page shows it. */
export function helpSeekerCase(m: sql.Db, caseId: string): Promise<HelpSeekerCaseRow> {
  return sql.only<HelpSeekerCaseRow>(
    m,
    `SELECT c.id, c.case_ref, c.status, r.name AS region_name, h.nickname, r.time_zone,
              COALESCE(c.next_reply_due_at, c.first_reply_due_at) AS due_at,
              c.region_id, c.country, c.crisis, c.crisis_self_report, h.email IS NOT NULL AS has_email
         FROM cases c JOIN region r ON r.id = c.region_id JOIN help_seeker h ON h.id = c.help_seeker_id
        WHERE c.id = $1`,
    [caseId],
  );
}

/** The case's conversation, oldest first. */
export function caseMessages(m: sql.Db, caseId: string): Promise<CaseMessageRow[]> {
  return sql.rows<CaseMessageRow>(
    m,
    `SELECT id, direction, channel, body_text, created_at FROM message WHERE case_id = $1 ORDER BY created_at, id`,
    [caseId],
  );
}

/** Codes of the active topics, in their sort order. */
export async function activeTopicCodes(m: sql.Db): Promise<string[]> {
  const rows = await sql.rows<{ code: string }>(m, `SELECT code FROM topic WHERE active ORDER BY sort_order, code`);
  return rows.map((r) => r.code);
}

/** A browser session of the case, stored by the hash of its cookie value. */
export async function insertSession(m: sql.Db, idHash: Buffer, caseId: string, sealedToken: Buffer): Promise<void> {
  await sql.exec(m, `INSERT INTO help_seeker_session (id_hash, case_id, sealed_token) VALUES ($1, $2, $3)`, [
    idHash,
    caseId,
    sealedToken,
  ]);
}

/** The session, if still live (within its idle and maximum time); its idle time restarts. */
export async function touchLiveSession(
  m: sql.Db,
  idHash: Buffer,
  idleMinutes: number,
  maxHours: number,
): Promise<SessionRow | undefined> {
  const rows = await sql.rows<SessionRow>(
    m,
    `UPDATE help_seeker_session SET last_seen_at = now()
        WHERE id_hash = $1 AND last_seen_at > now() - make_interval(mins => $2) AND created_at > now() - make_interval(hours => $3)
        RETURNING case_id, sealed_token`,
    [idHash, idleMinutes, maxHours],
  );
  return rows[0];
}

export async function deleteSession(m: sql.Db, idHash: Buffer): Promise<void> {
  await sql.exec(m, `DELETE FROM help_seeker_session WHERE id_hash = $1`, [idHash]);
}

export async function deleteSessionsOfCase(m: sql.Db, caseId: string): Promise<void> {
  await sql.exec(m, `DELETE FROM help_seeker_session WHERE case_id = $1`, [caseId]);
}

/** Sessions past their idle or maximum time. */
export async function deleteExpiredSessions(m: sql.Db, idleMinutes: number, maxHours: number): Promise<void> {
  await sql.exec(
    m,
    `DELETE FROM help_seeker_session WHERE last_seen_at < now() - make_interval(mins => $1) OR created_at < now() - make_interval(hours => $2)`,
    [idleMinutes, maxHours],
  );
}

/** Question keys older than a day (their sealed tokens with them). */
export async function deleteOldQuestionKeys(m: sql.Db): Promise<void> {
  await sql.exec(m, `DELETE FROM question_idempotency WHERE created_at < now() - interval '1 day'`);
}
