import * as sql from '../../database/sql';
import type { OutboxKind } from './outbox.repository';

/**
 * The admins' log of outgoing mail, in SQL (docs/data-layer.md): the outbox read newest first
 * and one mail in full. OutboundMailLogService keeps the paging cursor, the audit and the case
 * link's placeholder.
 */

export type OutboxStatus = 'pending' | 'sent' | 'kept' | 'failed';

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

const SUMMARY = `id, case_id AS "caseId", kind, status, message_id AS "messageId", attempts, last_error AS "lastError",
  created_at AS "createdAt", sent_at AS "sentAt"`;

/** Newest first, `take` of them, after the mail at (`afterAt`, `afterId`) if given; null filters: any. */
export function summaries(
  m: sql.Db,
  q: { status: OutboxStatus | null; caseId: string | null; afterAt: Date | null; afterId: string | null; take: number },
): Promise<OutboundMailSummary[]> {
  return sql.rows<OutboundMailSummary>(
    m,
    `SELECT ${SUMMARY} FROM outbox
        WHERE ($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR case_id = $2)
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $5`,
    [q.status, q.caseId, q.afterAt, q.afterId, q.take],
  );
}

/** One mail with its recipient and content, if it exists. */
export function mailById(m: sql.Db, id: string): Promise<OutboundMail | undefined> {
  return sql.one<OutboundMail>(
    m,
    `SELECT ${SUMMARY}, recipient AS "to", subject, text_body AS text, html_body AS html, in_reply_to AS "inReplyTo", "references"
           FROM outbox WHERE id = $1`,
    [id],
  );
}
