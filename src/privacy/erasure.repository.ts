import * as sql from '../database/sql';

/**
 * The SQL of erasure (docs/data-layer.md): what eraseCases (case-erasure.ts) blanks and deletes,
 * statement by statement, and the case look-ups of ErasureService. The callers keep the order,
 * the counts and the transaction (every function runs on the manager it is given).
 */

/** A case locked for erasure. */
export interface CaseToErase {
  id: string;
  region_id: number;
  channel: string;
  help_seeker_id: string;
}

/** The cases not yet erased, locked in id order (so concurrent erasures of overlapping batches cannot deadlock). */
export function lockCasesToErase(m: sql.Db, caseIds: string[]): Promise<CaseToErase[]> {
  return sql.rows<CaseToErase>(
    m,
    `SELECT id, region_id, channel, help_seeker_id FROM cases WHERE id = ANY($1::uuid[]) AND erased_at IS NULL ORDER BY id FOR UPDATE`,
    [caseIds],
  );
}

/** Deletes the attachments of the cases' messages; how many. */
export function deleteAttachments(m: sql.Db, ids: string[]): Promise<number> {
  return sql.count(
    m,
    `DELETE FROM mail_attachment a USING message msg WHERE a.message_id = msg.id AND msg.case_id = ANY($1::uuid[])`,
    [ids],
  );
}

/** Deletes the mail side of the cases' messages (addresses, subjects, full text, HTML). */
export async function deleteMailMessages(m: sql.Db, ids: string[]): Promise<void> {
  await sql.exec(
    m,
    `DELETE FROM mail_message mm USING message msg WHERE mm.message_id = msg.id AND msg.case_id = ANY($1::uuid[])`,
    [ids],
  );
}

/** Deletes the cases' raw mails; how many. */
export function deleteRawMails(m: sql.Db, ids: string[]): Promise<number> {
  return sql.count(m, `DELETE FROM raw_mail WHERE case_id = ANY($1::uuid[])`, [ids]);
}

/** Overwrites the text of the cases' messages with ''; how many had text. */
export function blankMessages(m: sql.Db, ids: string[]): Promise<number> {
  return sql.count(m, `UPDATE message SET body_text = '' WHERE case_id = ANY($1::uuid[]) AND body_text <> ''`, [ids]);
}

/** Deletes the cases' outgoing mails (pending ones are never sent); how many. */
export function deleteOutboxMails(m: sql.Db, ids: string[]): Promise<number> {
  return sql.count(m, `DELETE FROM outbox WHERE case_id = ANY($1::uuid[])`, [ids]);
}

/** Deletes the cases' staff notes; how many. */
export function deleteNotes(m: sql.Db, ids: string[]): Promise<number> {
  return sql.count(m, `DELETE FROM case_note WHERE case_id = ANY($1::uuid[])`, [ids]);
}

export async function deleteReplyTokens(m: sql.Db, ids: string[]): Promise<void> {
  await sql.exec(m, `DELETE FROM reply_token WHERE case_id = ANY($1::uuid[])`, [ids]);
}

/** Whether the replies module's tables exist (reply, reply_review). */
export function replyTablesPresent(m: sql.Db): Promise<{ reply: boolean; review: boolean }> {
  return sql.only<{ reply: boolean; review: boolean }>(
    m,
    `SELECT to_regclass('public.reply') IS NOT NULL AS reply, to_regclass('public.reply_review') IS NOT NULL AS review`,
  );
}

/** Blanks the text of the cases' replies; status, template, checklist and referrals stay as facts. */
export async function blankReplies(m: sql.Db, ids: string[]): Promise<void> {
  await sql.exec(m, `UPDATE reply SET sections = '{}'::jsonb, body_text = NULL WHERE case_id = ANY($1::uuid[])`, [ids]);
}

/** Blanks review steps' comments and the text before an edit; who did what and when stays. */
export async function blankReviewComments(m: sql.Db, ids: string[]): Promise<void> {
  await sql.exec(m, `UPDATE reply_review SET comment = NULL, sections_before = NULL WHERE case_id = ANY($1::uuid[])`, [
    ids,
  ]);
}

export async function deleteCaseLocks(m: sql.Db, ids: string[]): Promise<void> {
  await sql.exec(m, `DELETE FROM case_lock WHERE case_id = ANY($1::uuid[])`, [ids]);
}

/** Help-seeker sessions and question keys hold the case token sealed: they go with the case. */
export async function deleteSessionsAndQuestionKeys(m: sql.Db, ids: string[]): Promise<void> {
  await sql.exec(m, `DELETE FROM help_seeker_session WHERE case_id = ANY($1::uuid[])`, [ids]);
  await sql.exec(m, `DELETE FROM question_idempotency WHERE case_id = ANY($1::uuid[])`, [ids]);
}

/** The nickname becomes a placeholder (the column requires one); the address and consent go. */
export async function blankHelpSeekers(m: sql.Db, helpSeekerIds: string[]): Promise<void> {
  await sql.exec(
    m,
    `UPDATE help_seeker SET nickname = '-', email = NULL, email_consent_at = NULL WHERE id = ANY($1::uuid[])`,
    [helpSeekerIds],
  );
}

/** One `case.erased` event per case, saying by whom. */
export async function recordErasedEvents(m: sql.Db, ids: string[], by: string, now: Date): Promise<void> {
  await sql.exec(
    m,
    `INSERT INTO case_event (case_id, type, region_id, channel, data, occurred_at)
     SELECT c.id, 'case.erased', c.region_id, c.channel, jsonb_build_object('by', $2::text), $3 FROM cases c WHERE c.id = ANY($1::uuid[])`,
    [ids, by, now],
  );
}

/** The case's reference and whether it is erased. */
export function caseRefAndErased(
  m: sql.Db,
  caseId: string,
): Promise<{ case_ref: string; erased: boolean } | undefined> {
  return sql.one<{ case_ref: string; erased: boolean }>(
    m,
    `SELECT case_ref, erased_at IS NOT NULL AS erased FROM cases WHERE id = $1`,
    [caseId],
  );
}

/** The case's erasure time (null: not erased), or undefined when there is no such case. */
export function caseErasedAt(m: sql.Db, caseId: string): Promise<{ erased_at: Date | null } | undefined> {
  return sql.one<{ erased_at: Date | null }>(m, `SELECT erased_at FROM cases WHERE id = $1`, [caseId]);
}
