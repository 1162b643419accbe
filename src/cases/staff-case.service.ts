import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { StaffIdentity } from '../auth/staff-identity';
import * as sql from '../database/sql';
import { sanitiseMailHtml } from '../mail/inbound/html-sanitiser';
import { assertCaseId, caseNotFound, scopeParam, scopeSql } from './staff-case-scope';

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
type CaseViewRow = Omit<StaffCaseView, 'intake' | 'messages' | 'events' | 'notes' | 'tags' | 'lock'> &
  StaffCaseView['intake'];

/** A message with its mail headers when it came or went by e-mail (`isMail`). */
interface MessageRow extends Omit<StaffCaseMessage, 'mail' | 'html'> {
  isMail: boolean;
  mailMessageId: string | null;
  mailFrom: string | null;
  mailSubject: string | null;
  html: string | null;
}

/**
 * A case as staff see it, always through the region scope in SQL. Opening it records who looked
 * (audit) and moves the user's read marker, in one transaction with the read.
 */
@Injectable()
export class StaffCaseService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async open(staff: StaffIdentity, id: string, via: 'page' | 'api'): Promise<StaffCaseView> {
    assertCaseId(id);
    return this.db.transaction(async (m) => {
      const c = await sql.one<CaseViewRow>(
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
        [id, scopeParam(staff)],
      );
      if (!c) throw caseNotFound();
      const messages = await sql.rows<MessageRow>(
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
        [id],
      );
      const events = await sql.rows<StaffCaseView['events'][number]>(
        m,
        `SELECT e.type, e.occurred_at AS "occurredAt", u.display_name AS "actorName", e.data
           FROM case_event e LEFT JOIN staff_user u ON u.id = e.actor_id WHERE e.case_id = $1 ORDER BY e.occurred_at, e.id`,
        [id],
      );
      const notes = await sql.rows<StaffCaseView['notes'][number]>(
        m,
        `SELECT n.id, n.body_text AS text, u.display_name AS "authorName", n.created_at AS "createdAt"
           FROM case_note n LEFT JOIN staff_user u ON u.id = n.author_id WHERE n.case_id = $1 ORDER BY n.created_at, n.id`,
        [id],
      );
      const tags = (
        await sql.rows<{ tag: string }>(m, `SELECT tag FROM case_tag WHERE case_id = $1 ORDER BY tag`, [id])
      ).map((r) => r.tag);
      const lock = await sql.one<NonNullable<StaffCaseView['lock']>>(
        m,
        `SELECT l.staff_user_id AS "staffUserId", u.display_name AS "displayName", l.expires_at AS "expiresAt"
           FROM case_lock l JOIN staff_user u ON u.id = l.staff_user_id WHERE l.case_id = $1 AND l.expires_at > now()`,
        [id],
      );
      await sql.exec(
        m,
        `INSERT INTO case_read (staff_user_id, case_id, read_at) VALUES ($1, $2, now())
         ON CONFLICT (staff_user_id, case_id) DO UPDATE SET read_at = now()`,
        [staff.id, id],
      );
      await this.audit.record(m, { actorId: staff.id, action: 'case.open', caseId: id, data: { via } });
      return {
        id: c.id,
        caseRef: c.caseRef,
        erasedBy: c.erasedBy,
        status: c.status,
        channel: c.channel,
        crisis: c.crisis,
        regionCode: c.regionCode,
        regionName: c.regionName,
        timeZone: c.timeZone,
        assignedTo: c.assignedTo,
        assignedToName: c.assignedToName,
        firstReplyDueAt: c.firstReplyDueAt,
        nextReplyDueAt: c.nextReplyDueAt,
        createdAt: c.createdAt,
        lastMessageAt: c.lastMessageAt,
        intake: {
          nickname: c.nickname,
          topic: c.topic,
          need: c.need,
          needOther: c.needOther,
          ageBand: c.ageBand,
          gender: c.gender,
          language: c.language,
          country: c.country,
          postcodeArea: c.postcodeArea,
          crisisSelfReport: c.crisisSelfReport,
        },
        messages: messages.map((r): StaffCaseMessage => ({
          id: r.id,
          direction: r.direction,
          channel: r.channel,
          text: r.text,
          fullText: r.fullText,
          createdAt: r.createdAt,
          authorName: r.authorName,
          ...(r.isMail ? { mail: { messageId: r.mailMessageId, from: r.mailFrom, subject: r.mailSubject } } : {}),
          ...(typeof r.html === 'string' && r.html ? { html: sanitiseMailHtml(r.html) } : {}),
          attachments: r.attachments,
        })),
        events,
        notes,
        tags,
        lock: lock ?? null,
      };
    });
  }

  /** An attachment's bytes, through the same scope; the download is audited as an export. */
  async attachment(
    staff: StaffIdentity,
    caseId: string,
    attachmentId: string,
  ): Promise<{ filename: string; contentType: string; bytes: Buffer }> {
    assertCaseId(caseId);
    assertCaseId(attachmentId);
    const a = await sql.one<{ filename: string | null; contentType: string; bytes: Buffer }>(
      this.db,
      `SELECT at.filename, at.content_type AS "contentType", at.bytes
         FROM mail_attachment at JOIN message m ON m.id = at.message_id JOIN cases c ON c.id = m.case_id
        WHERE at.id = $1 AND c.id = $2 AND ${scopeSql(3)}`,
      [attachmentId, caseId, scopeParam(staff)],
    );
    if (!a) throw caseNotFound();
    await this.audit.record(null, { actorId: staff.id, action: 'case.export', caseId, data: { attachmentId } });
    return { filename: a.filename ?? 'attachment', contentType: a.contentType, bytes: a.bytes };
  }
}
