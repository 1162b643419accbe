import * as sql from '../database/sql';
import { scopeSql } from './staff-case-scope';

/**
 * The SQL of a case as staff see it (docs/data-layer.md): the case, its timeline (messages,
 * events, notes), tags, the live soft lock, the read marker and an attachment's bytes, always
 * through the region scope (`scopeParam`). StaffCaseService keeps the rules and the audit, and
 * calls these inside its transaction; this file only reads and writes rows.
 */

export interface StaffCaseMessage {
  id: string;
  direction: 'in' | 'out';
  channel: string;
  /** The new text only (quoted history and signature folded away for e-mail). */
  text: string;
  /** The whole body as received. */
  fullText: string;
  createdAt: Date;
  authorName: string | null;
  mail?: { messageId: string | null; from: string | null; subject: string | null };
  /** Sanitised mail HTML, to be shown only inside a sandboxed frame. */
  html?: string;
  attachments: { id: string; filename: string | null; contentType: string; size: number }[];
}

export interface StaffCaseView {
  id: string;
  caseRef: string;
  status: string;
  channel: string;
  crisis: boolean;
  regionCode: string;
  regionName: string;
  /** The region's zone: the case's dates are shown in it. */
  timeZone: string;
  assignedTo: string | null;
  assignedToName: string | null;
  firstReplyDueAt: Date | null;
  nextReplyDueAt: Date | null;
  createdAt: Date;
  lastMessageAt: Date;
  intake: {
    nickname: string;
    topic: string | null;
    need: string | null;
    needOther: string | null;
    ageBand: string | null;
    gender: string | null;
    language: string;
    country: string | null;
    postcodeArea: number | null;
    /** The answer to the form's crisis question, if asked. */
    crisisSelfReport: 'yes' | 'no' | 'rather-not-say' | null;
  };
  messages: StaffCaseMessage[];
  events: { type: string; occurredAt: Date; actorName: string | null; data: Record<string, unknown> }[];
  /** authorName null: the system's own note (auto-close). */
  notes: { id: string; text: string; authorName: string | null; createdAt: Date }[];
  tags: string[];
  lock: { staffUserId: string; displayName: string; expiresAt: Date } | null;
  /** Set when the case's content was erased (privacy): who asked for it. */
  erasedBy?: 'help-seeker' | 'admin' | 'retention' | null;
}

/** The case row of the view: its own columns and the intake's, flat (the SQL's aliases). */
export type CaseViewRow = Omit<StaffCaseView, 'intake' | 'messages' | 'events' | 'notes' | 'tags' | 'lock'> &
  StaffCaseView['intake'];

/** A message with its mail headers when it came or went by e-mail (`isMail`). */
export interface MessageRow extends Omit<StaffCaseMessage, 'mail' | 'html'> {
  isMail: boolean;
  mailMessageId: string | null;
  mailFrom: string | null;
  mailSubject: string | null;
  html: string | null;
}

/** The case within the scope, or undefined: not there or not theirs. */
export function caseView(m: sql.Db, id: string, scope: unknown): Promise<CaseViewRow | undefined> {
  return sql.one<CaseViewRow>(
    m,
    `SELECT c.id, c.case_ref AS "caseRef", c.status, c.channel, c.crisis, r.code AS "regionCode", r.name AS "regionName",
                r.time_zone AS "timeZone", c.assigned_to AS "assignedTo", u.display_name AS "assignedToName",
                c.first_reply_due_at AS "firstReplyDueAt", c.next_reply_due_at AS "nextReplyDueAt",
                c.created_at AS "createdAt", c.last_message_at AS "lastMessageAt",
                h.nickname, c.topic_code AS topic, c.need, c.need_other AS "needOther", h.age_band AS "ageBand", h.gender, h.language,
                c.country, c.postcode_area AS "postcodeArea", c.erased_by AS "erasedBy", c.crisis_self_report AS "crisisSelfReport"
           FROM cases c
           JOIN region r ON r.id = c.region_id
           JOIN help_seeker h ON h.id = c.help_seeker_id
           LEFT JOIN staff_user u ON u.id = c.assigned_to
          WHERE c.id = $1 AND ${scopeSql(2)}`,
    [id, scope],
  );
}

/** The case's messages, oldest first, with their mail headers and attachments (not the inline ones). */
export function messagesOf(m: sql.Db, caseId: string): Promise<MessageRow[]> {
  return sql.rows<MessageRow>(
    m,
    `SELECT m.id, m.direction, m.channel, m.body_text AS text, COALESCE(mm.full_text, m.body_text) AS "fullText", m.created_at AS "createdAt",
                a.display_name AS "authorName", mm.message_id IS NOT NULL AS "isMail", mm.header_message_id AS "mailMessageId",
                mm.from_address AS "mailFrom", mm.subject AS "mailSubject", mm.html,
                COALESCE((SELECT json_agg(json_build_object('id', at.id, 'filename', at.filename, 'contentType', at.content_type, 'size', at.size) ORDER BY at.filename)
                            FROM mail_attachment at WHERE at.message_id = m.id AND NOT at.inline), '[]') AS attachments
           FROM message m
           LEFT JOIN mail_message mm ON mm.message_id = m.id
           LEFT JOIN staff_user a ON a.id = m.author_id
          WHERE m.case_id = $1 ORDER BY m.created_at, m.id`,
    [caseId],
  );
}

export function eventsOf(m: sql.Db, caseId: string): Promise<StaffCaseView['events']> {
  return sql.rows<StaffCaseView['events'][number]>(
    m,
    `SELECT e.type, e.occurred_at AS "occurredAt", u.display_name AS "actorName", e.data
           FROM case_event e LEFT JOIN staff_user u ON u.id = e.actor_id WHERE e.case_id = $1 ORDER BY e.occurred_at, e.id`,
    [caseId],
  );
}

export function notesOf(m: sql.Db, caseId: string): Promise<StaffCaseView['notes']> {
  return sql.rows<StaffCaseView['notes'][number]>(
    m,
    `SELECT n.id, n.body_text AS text, u.display_name AS "authorName", n.created_at AS "createdAt"
           FROM case_note n LEFT JOIN staff_user u ON u.id = n.author_id WHERE n.case_id = $1 ORDER BY n.created_at, n.id`,
    [caseId],
  );
}

export async function tagsOf(m: sql.Db, caseId: string): Promise<string[]> {
  return (await sql.rows<{ tag: string }>(m, `SELECT tag FROM case_tag WHERE case_id = $1 ORDER BY tag`, [caseId])).map(
    (r) => r.tag,
  );
}

/** The soft lock while it is live, with its holder's name. */
export function liveLock(m: sql.Db, caseId: string): Promise<NonNullable<StaffCaseView['lock']> | undefined> {
  return sql.one<NonNullable<StaffCaseView['lock']>>(
    m,
    `SELECT l.staff_user_id AS "staffUserId", u.display_name AS "displayName", l.expires_at AS "expiresAt"
           FROM case_lock l JOIN staff_user u ON u.id = l.staff_user_id WHERE l.case_id = $1 AND l.expires_at > now()`,
    [caseId],
  );
}

/** The user's read marker on the case moves to now. */
export async function markRead(m: sql.Db, staffUserId: string, caseId: string): Promise<void> {
  await sql.exec(
    m,
    `INSERT INTO case_read (staff_user_id, case_id, read_at) VALUES ($1, $2, now())
         ON CONFLICT (staff_user_id, case_id) DO UPDATE SET read_at = now()`,
    [staffUserId, caseId],
  );
}

export interface AttachmentRow {
  filename: string | null;
  contentType: string;
  bytes: Buffer;
}

/** An attachment of one of the case's messages, when the case is in the scope. */
export function attachmentOf(
  m: sql.Db,
  attachmentId: string,
  caseId: string,
  scope: unknown,
): Promise<AttachmentRow | undefined> {
  return sql.one<AttachmentRow>(
    m,
    `SELECT at.filename, at.content_type AS "contentType", at.bytes
         FROM mail_attachment at JOIN message m ON m.id = at.message_id JOIN cases c ON c.id = m.case_id
        WHERE at.id = $1 AND c.id = $2 AND ${scopeSql(3)}`,
    [attachmentId, caseId, scope],
  );
}
