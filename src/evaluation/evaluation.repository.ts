import * as sql from '../database/sql';
import type { EvaluationDto } from './evaluation.dto';

/**
 * The evaluation's SQL (docs/data-layer.md): `evaluation`, and the case and reply it is about.
 * EvaluationService keeps the rules (the round, the day to change it, the follow-up task); this
 * file only reads and writes rows, in the transaction the service passes in.
 */

export interface EvaluationRow {
  id: string;
  pleasant: boolean;
  helped: boolean;
  personal_contact: boolean;
  meaningful_score: number;
  helped_score: number;
  comment: string | null;
  submitted_at: Date;
}

/** The case an evaluation is written on, locked: one writer per case at a time. */
export interface EvaluatedCaseRow {
  id: string;
  region_id: number;
  channel: string;
  assigned_to: string | null;
  erased_at: Date | null;
}

export function lockCase(m: sql.Db, caseId: string): Promise<EvaluatedCaseRow | undefined> {
  return sql.one<EvaluatedCaseRow>(
    m,
    `SELECT id, region_id, channel, assigned_to, erased_at FROM cases WHERE id = $1 FOR UPDATE`,
    [caseId],
  );
}

/** The case's latest outgoing message (the reply being evaluated) and whether the case is erased; undefined without one. */
export function latestReply(m: sql.Db, caseId: string): Promise<{ id: string; erased: boolean } | undefined> {
  return sql.one<{ id: string; erased: boolean }>(
    m,
    `SELECT msg.id, c.erased_at IS NOT NULL AS erased
         FROM cases c JOIN message msg ON msg.case_id = c.id AND msg.direction = 'out'
        WHERE c.id = $1 ORDER BY msg.created_at DESC, msg.id DESC LIMIT 1`,
    [caseId],
  );
}

/** The evaluation of a reply, or undefined. */
export function evaluationOfReply(m: sql.Db, replyMessageId: string): Promise<EvaluationRow | undefined> {
  return sql.one<EvaluationRow>(
    m,
    `SELECT id, pleasant, helped, personal_contact, meaningful_score, helped_score, comment, submitted_at FROM evaluation WHERE reply_message_id = $1`,
    [replyMessageId],
  );
}

/** The author of a message (null: none, e.g. an automatic one), or undefined when there is no such message. */
export async function authorOf(m: sql.Db, messageId: string): Promise<string | null | undefined> {
  const reply = await sql.one<{ author_id: string | null }>(m, `SELECT author_id FROM message WHERE id = $1`, [
    messageId,
  ]);
  return reply?.author_id;
}

/** The case of a secret link's hash, with the stored hash (compared in constant time by the caller). */
export function caseByTokenHash(
  m: sql.Db,
  tokenHash: Buffer,
): Promise<{ id: string; access_token_hash: Buffer } | undefined> {
  return sql.one<{ id: string; access_token_hash: Buffer }>(
    m,
    `SELECT id, access_token_hash FROM cases WHERE access_token_hash = $1`,
    [tokenHash],
  );
}

/** The answers' columns, in the order both statements below take them. */
const answers = (input: EvaluationDto) => [
  input.pleasant,
  input.helped,
  input.personalContact,
  input.meaningfulScore,
  input.helpedScore,
  input.comment ?? null,
];

/** New answers for an evaluation already given, changed at `now`. */
export async function updateEvaluation(m: sql.Db, id: string, input: EvaluationDto, now: Date): Promise<void> {
  await sql.exec(
    m,
    `UPDATE evaluation SET pleasant = $2, helped = $3, personal_contact = $4, meaningful_score = $5, helped_score = $6, comment = $7, updated_at = $8
            WHERE id = $1`,
    [id, ...answers(input), now],
  );
}

/** The first evaluation of a reply, submitted at `now`; its id. */
export async function insertEvaluation(
  m: sql.Db,
  caseId: string,
  replyMessageId: string,
  input: EvaluationDto,
  now: Date,
): Promise<string> {
  const row = await sql.only<{ id: string }>(
    m,
    `INSERT INTO evaluation (case_id, reply_message_id, pleasant, helped, personal_contact, meaningful_score, helped_score, comment, submitted_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
    [caseId, replyMessageId, ...answers(input), now],
  );
  return String(row.id);
}
