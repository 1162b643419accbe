import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import * as sql from '../../database/sql';
import { AuditService } from '../../audit/audit.service';
import { OutboxKind } from './outbox.service';
import { CASE_LINK_MARKER, fillCaseLink } from './sealed-link';

export type OutboxStatus = 'pending' | 'sent' | 'kept' | 'failed';
export const OUTBOX_STATUSES: OutboxStatus[] = ['pending', 'sent', 'kept', 'failed'];

export interface OutboundMailSummary {
  id: string;
  /** Null for staff mail, which belongs to no case. */
  caseId: string | null;
  kind: OutboxKind;
  status: OutboxStatus;
  messageId: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface OutboundMail extends OutboundMailSummary {
  to: string;
  subject: string;
  text: string;
  html: string | null;
  inReplyTo: string | null;
  references: string[];
}

/** Shown to admins where the mail carries the case link: the token is never shown to staff. */
export const LINK_PLACEHOLDER = '[case link]';

const SUMMARY = `id, case_id AS "caseId", kind, status, message_id AS "messageId", attempts, last_error AS "lastError",
  created_at AS "createdAt", sent_at AS "sentAt"`;

function encodeCursor(s: OutboundMailSummary): string {
  return Buffer.from(`${s.createdAt.toISOString()}|${s.id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } | undefined {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(at);
  if (Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/.test(id ?? '')) return undefined;
  return { at: date, id };
}

/**
 * The admins' view of outgoing mail. Without a relay (the demo) this is where sent mail can be
 * read. Reading one mail shows a help-seeker's address and words, so it is audited like opening
 * the case; the case link appears only as a placeholder.
 */
@Injectable()
export class OutboundMailLogService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Newest first, keyset-paged; no addresses or content in the list. */
  async list(filter: {
    status?: OutboxStatus;
    caseId?: string;
    limit?: number;
    after?: string;
  }): Promise<{ items: OutboundMailSummary[]; next: string | null }> {
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
    const after = filter.after ? decodeCursor(filter.after) : undefined;
    const rows = await sql.rows<OutboundMailSummary>(
      this.db,
      `SELECT ${SUMMARY} FROM outbox
        WHERE ($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR case_id = $2)
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $5`,
      [filter.status ?? null, filter.caseId ?? null, after?.at ?? null, after?.id ?? null, limit + 1],
    );
    const items = rows.slice(0, limit);
    return { items, next: rows.length > limit ? encodeCursor(items[items.length - 1]) : null };
  }

  async read(id: string, actorId: string): Promise<OutboundMail> {
    return this.db.transaction(async (m) => {
      const mail = await sql.one<OutboundMail>(
        m,
        `SELECT ${SUMMARY}, recipient AS "to", subject, text_body AS text, html_body AS html, in_reply_to AS "inReplyTo", "references"
           FROM outbox WHERE id = $1`,
        [id],
      );
      if (!mail) throw new NotFoundException({ code: 'mail_not_found', message: 'errors.notFound' });
      await this.audit.record(m, { actorId, action: 'case.open', caseId: mail.caseId, data: { outboundMailId: id } });
      const hide = (body: string) => (body.includes(CASE_LINK_MARKER) ? fillCaseLink(body, LINK_PLACEHOLDER) : body);
      return { ...mail, text: hide(mail.text), html: mail.html === null ? null : hide(mail.html) };
    });
  }
}
