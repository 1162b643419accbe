import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import * as repo from './outbound-mail-log.repository';
import type { OutboundMail, OutboundMailSummary, OutboxStatus } from './outbound-mail-log.repository';
import { CASE_LINK_MARKER, fillCaseLink } from './sealed-link';

export type { OutboundMail, OutboundMailSummary, OutboxStatus } from './outbound-mail-log.repository';
export const OUTBOX_STATUSES: OutboxStatus[] = ['pending', 'sent', 'kept', 'failed'];

/** Shown to admins where the mail carries the case link: the token is never shown to staff. */
export const LINK_PLACEHOLDER = '[case link]';

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
    const rows = await repo.summaries(this.db, {
      status: filter.status ?? null,
      caseId: filter.caseId ?? null,
      afterAt: after?.at ?? null,
      afterId: after?.id ?? null,
      take: limit + 1,
    });
    const items = rows.slice(0, limit);
    return { items, next: rows.length > limit ? encodeCursor(items[items.length - 1]) : null };
  }

  async read(id: string, actorId: string): Promise<OutboundMail> {
    return this.db.transaction(async (m) => {
      const mail = await repo.mailById(m, id);
      if (!mail) throw new NotFoundException({ code: 'mail_not_found', message: 'errors.notFound' });
      await this.audit.record(m, { actorId, action: 'case.open', caseId: mail.caseId, data: { outboundMailId: id } });
      const hide = (body: string) => (body.includes(CASE_LINK_MARKER) ? fillCaseLink(body, LINK_PLACEHOLDER) : body);
      return { ...mail, text: hide(mail.text), html: mail.html === null ? null : hide(mail.html) };
    });
  }
}
