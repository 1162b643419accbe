import { scopeSql } from '../cases/staff-case-scope';
import * as sql from '../database/sql';
import type { Referral } from '../referrals/referrals.service';
import type { ChecklistResult } from './reply-checklist';
import type { ReplySections } from './reply-sections';

/**
 * The replies module's SQL (docs/data-layer.md): every statement on `reply`, `reply_referral`,
 * `reply_review` and `reply_checklist_rule`, and the case rows a reply is written against.
 * RepliesService keeps the rules (who may do what, the checklist, the review steps); this file
 * only reads and writes rows, inside whatever transaction the service passes in.
 */

export type ReplyStatus = 'draft' | 'pending-review' | 'returned' | 'sent';

export type ReviewStep = 'submitted' | 'edited' | 'returned' | 'approved';

export interface ReplyResult {
  id: string;
  status: ReplyStatus;
  checklist: ChecklistResult[];
}

export interface ReplyView extends ReplyResult {
  caseId: string;
  authorId: string;
  authorName: string;
  templateId: string | null;
  sections: ReplySections;
  referralIds: string[];
  reviewComment: string | null;
  text: string | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
}

/** One step of a trainee reply's review; the comment is staff-only and lives only in `reply_review`. */
export interface ReviewStepView {
  step: ReviewStep;
  actorId: string;
  actorName: string;
  comment: string | null;
  /** For an edit: which sections the supervisor changed. */
  changed: string[];
  createdAt: Date;
}

/** A review step as stored: `before` is the reply an edit replaced (sections and referral ids). */
export type ReviewStepRow = Omit<ReviewStepView, 'changed'> & { before: Record<string, unknown> | null };

/** The case a reply is written on, with what the reply's variables and scope need. */
export interface CaseRow {
  id: string;
  status: string;
  channel: 'web' | 'email';
  region_id: number;
  assigned_to: string | null;
  nickname: string;
  language?: string;
  region_name: string;
  /** The organisation of the case's region: its templates and referrals are the ones a reply may use. */
  organisation_id: number;
}

export interface ReplyRow {
  id: string;
  case_id: string;
  author_id: string;
  status: ReplyStatus;
  sections: ReplySections;
}

/** The case within the caller's scope (`scopeParam`), locked for the reply's transaction. */
export function lockCase(m: sql.Db, caseId: string, scope: unknown): Promise<CaseRow | undefined> {
  return sql.one<CaseRow>(
    m,
    `SELECT c.id, c.status, c.channel, c.region_id, c.assigned_to, h.nickname, h.language, r.name AS region_name,
              r.organisation_id
         FROM cases c JOIN help_seeker h ON h.id = c.help_seeker_id JOIN region r ON r.id = c.region_id
        WHERE c.id = $1 AND ${scopeSql(2)} FOR UPDATE OF c`,
    [caseId, scope],
  );
}

/** The same case, unlocked and not erased, with the help-seeker's language (what a review shows). */
export function caseForReview(
  m: sql.Db,
  caseId: string,
  scope: unknown,
): Promise<(CaseRow & { language: string }) | undefined> {
  return sql.one<CaseRow & { language: string }>(
    m,
    `SELECT c.id, c.status, c.channel, c.region_id, c.assigned_to, h.nickname, h.language, r.name AS region_name,
              r.organisation_id
           FROM cases c JOIN help_seeker h ON h.id = c.help_seeker_id JOIN region r ON r.id = c.region_id
          WHERE c.id = $1 AND c.erased_at IS NULL AND ${scopeSql(2)}`,
    [caseId, scope],
  );
}

export async function caseInScope(m: sql.Db, caseId: string, scope: unknown): Promise<boolean> {
  const c = await sql.one<{ id: string }>(m, `SELECT c.id FROM cases c WHERE c.id = $1 AND ${scopeSql(2)}`, [
    caseId,
    scope,
  ]);
  return !!c;
}

export async function blockingItems(m: sql.Db): Promise<string[]> {
  const rows = await sql.rows<{ item: string }>(m, `SELECT item FROM reply_checklist_rule WHERE blocking`);
  return rows.map((r) => r.item);
}

export async function setBlocking(m: sql.Db, item: string, blocking: boolean): Promise<void> {
  await sql.exec(
    m,
    `INSERT INTO reply_checklist_rule (item, blocking) VALUES ($1, $2) ON CONFLICT (item) DO UPDATE SET blocking = EXCLUDED.blocking`,
    [item, blocking],
  );
}

export async function displayNameOf(m: sql.Db, staffUserId: string): Promise<string | undefined> {
  const author = await sql.one<{ display_name: string }>(m, `SELECT display_name FROM staff_user WHERE id = $1`, [
    staffUserId,
  ]);
  return author?.display_name;
}

/** The worker's one unsent reply on the case, locked: the next save picks it up again. */
export function unsentReplyOf(
  m: sql.Db,
  caseId: string,
  authorId: string,
): Promise<{ id: string; status: ReplyStatus } | undefined> {
  return sql.one<{ id: string; status: ReplyStatus }>(
    m,
    `SELECT id, status FROM reply WHERE case_id = $1 AND author_id = $2 AND status <> 'sent' FOR UPDATE`,
    [caseId, authorId],
  );
}

export interface ReplyDraft {
  templateId: string | null;
  templateVersion: number | null;
  status: ReplyStatus;
  sections: ReplySections;
  checklist: ChecklistResult[];
}

/** Drops the case's unsent replies (drafts, waiting for review, returned); review steps and referrals go with them. */
export function discardUnsent(m: sql.Db, caseId: string): Promise<number> {
  return sql.count(m, `DELETE FROM reply WHERE case_id = $1 AND status <> 'sent'`, [caseId]);
}

export async function updateReply(m: sql.Db, id: string, d: ReplyDraft): Promise<void> {
  await sql.exec(
    m,
    `UPDATE reply SET template_id = COALESCE($2, template_id), template_version = COALESCE($3, template_version), status = $4, sections = $5, checklist = $6, updated_at = now() WHERE id = $1`,
    [id, d.templateId, d.templateVersion, d.status, JSON.stringify(d.sections), JSON.stringify(d.checklist)],
  );
}

export async function insertReply(m: sql.Db, caseId: string, authorId: string, d: ReplyDraft): Promise<string> {
  const { id } = await sql.only<{ id: string }>(
    m,
    `INSERT INTO reply (case_id, author_id, template_id, template_version, status, sections, checklist) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      caseId,
      authorId,
      d.templateId,
      d.templateVersion,
      d.status,
      JSON.stringify(d.sections),
      JSON.stringify(d.checklist),
    ],
  );
  return id;
}

/** A supervisor's edit of a reply under review. */
export async function saveEdit(m: sql.Db, replyId: string, sections: ReplySections, reviewedBy: string): Promise<void> {
  await sql.exec(m, `UPDATE reply SET sections = $2, reviewed_by = $3, updated_at = now() WHERE id = $1`, [
    replyId,
    JSON.stringify(sections),
    reviewedBy,
  ]);
}

/** Back to the trainee; answers the reply's checklist as it stands. */
export async function markReturned(m: sql.Db, replyId: string, reviewedBy: string): Promise<ChecklistResult[]> {
  const r = await sql.only<{ checklist: ChecklistResult[] }>(
    m,
    // The CTE dates from TypeORM's `[rows, count]` answer to a bare UPDATE … RETURNING; sql.ts reads both alike.
    `WITH u AS (UPDATE reply SET status = 'returned', reviewed_by = $2, updated_at = now() WHERE id = $1 RETURNING checklist) SELECT checklist FROM u`,
    [replyId, reviewedBy],
  );
  return r.checklist;
}

export async function markSent(
  m: sql.Db,
  replyId: string,
  o: { text: string; checklist: ChecklistResult[]; messageId: string; at: Date },
): Promise<void> {
  await sql.exec(
    m,
    `UPDATE reply SET status = 'sent', body_text = $2, checklist = $3, message_id = $4, sent_at = $5, updated_at = $5 WHERE id = $1`,
    [replyId, o.text, JSON.stringify(o.checklist), o.messageId, o.at],
  );
}

/** The replies of a case a user sees: everything sent or waiting for review, and their own drafts. */
export function repliesOfCase(m: sql.Db, caseId: string, staffUserId: string): Promise<ReplyView[]> {
  return sql.rows<ReplyView>(
    m,
    `SELECT r.id, r.case_id AS "caseId", r.author_id AS "authorId", u.display_name AS "authorName", r.template_id AS "templateId", r.status, r.sections,
              r.checklist,
              CASE WHEN r.status = 'returned' THEN (SELECT v.comment FROM reply_review v WHERE v.reply_id = r.id AND v.step = 'returned'
                                                     ORDER BY v.created_at DESC, v.id DESC LIMIT 1) END AS "reviewComment",
              r.body_text AS text, r.created_at AS "createdAt", r.updated_at AS "updatedAt", r.sent_at AS "sentAt",
              COALESCE((SELECT array_agg(rr.referral_id ORDER BY rr.position) FROM reply_referral rr WHERE rr.reply_id = r.id), '{}') AS "referralIds"
         FROM reply r JOIN staff_user u ON u.id = r.author_id
        WHERE r.case_id = $1 AND (r.status IN ('sent', 'pending-review') OR r.author_id = $2)
        ORDER BY r.created_at`,
    [caseId, staffUserId],
  );
}

export async function caseIdOfReply(m: sql.Db, replyId: string): Promise<string | undefined> {
  const r = await sql.one<{ case_id: string }>(m, `SELECT case_id FROM reply WHERE id = $1`, [replyId]);
  return r?.case_id;
}

export function lockReply(m: sql.Db, replyId: string): Promise<ReplyRow> {
  return sql.only<ReplyRow>(m, `SELECT id, case_id, author_id, status, sections FROM reply WHERE id = $1 FOR UPDATE`, [
    replyId,
  ]);
}

export async function referralIdsOf(m: sql.Db, replyId: string): Promise<string[]> {
  const rows = await sql.rows<{ referral_id: string }>(
    m,
    `SELECT referral_id FROM reply_referral WHERE reply_id = $1 ORDER BY position`,
    [replyId],
  );
  return rows.map((r) => r.referral_id);
}

/** The reply's referrals become `chosen`, in that order. */
export async function replaceReferrals(m: sql.Db, replyId: string, chosen: Referral[]): Promise<void> {
  await sql.exec(m, `DELETE FROM reply_referral WHERE reply_id = $1`, [replyId]);
  for (const [i, r] of chosen.entries()) {
    await sql.exec(m, `INSERT INTO reply_referral (reply_id, referral_id, position, kind) VALUES ($1, $2, $3, $4)`, [
      replyId,
      r.id,
      i,
      r.kind,
    ]);
  }
}

export function reviewStepsOf(m: sql.Db, replyId: string): Promise<ReviewStepRow[]> {
  return sql.rows<ReviewStepRow>(
    m,
    `SELECT v.step, v.actor_id AS "actorId", u.display_name AS "actorName", v.comment, v.created_at AS "createdAt",
                v.sections_before AS before
           FROM reply_review v JOIN staff_user u ON u.id = v.actor_id
          WHERE v.reply_id = $1 ORDER BY v.created_at, v.id`,
    [replyId],
  );
}

export async function insertReviewStep(
  m: sql.Db,
  s: {
    replyId: string;
    caseId: string;
    actorId: string;
    step: ReviewStep;
    comment: string | null;
    sectionsBefore: Record<string, unknown> | null;
  },
): Promise<string> {
  const { id } = await sql.only<{ id: string }>(
    m,
    `INSERT INTO reply_review (reply_id, case_id, actor_id, step, comment, sections_before) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [s.replyId, s.caseId, s.actorId, s.step, s.comment, s.sectionsBefore ? JSON.stringify(s.sectionsBefore) : null],
  );
  return id;
}

/** The sent reply's `out` message (the outbox mail and the case's state are other modules' writes). */
export async function insertOutMessage(
  m: sql.Db,
  o: { caseId: string; channel: 'web' | 'email'; text: string; authorId: string; at: Date },
): Promise<string> {
  const msg = await sql.only<{ id: string }>(
    m,
    `INSERT INTO message (case_id, direction, channel, body_text, author_id, created_at) VALUES ($1, 'out', $2, $3, $4, $5) RETURNING id`,
    [o.caseId, o.channel, o.text, o.authorId, o.at],
  );
  return msg.id;
}
