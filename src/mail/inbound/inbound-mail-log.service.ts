import { Injectable, NotFoundException } from '@nestjs/common';
import { InboundMailProcessor } from './inbound-mail.processor';
import { RawMailStatus, RawMailStore, RawMailSummary } from './raw-mail.store';

export interface MailLogPage {
  items: RawMailSummary[];
  next: string | null;
}

function encodeCursor(s: RawMailSummary): string {
  return Buffer.from(`${s.receivedAt.toISOString()}|${s.id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { receivedAt: Date; id: string } | undefined {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const receivedAt = new Date(at);
  if (Number.isNaN(receivedAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id ?? '')) return undefined;
  return { receivedAt, id };
}

/** The admins' view of inbound mail: what arrived, what it became, and replay of quarantined mail. */
@Injectable()
export class InboundMailLogService {
  constructor(
    private readonly store: RawMailStore,
    private readonly processor: InboundMailProcessor,
  ) {}

  /** Newest first; `after` is the `next` of the previous page. An unusable cursor starts over. */
  async list(filter: {
    messageId?: string;
    status?: RawMailStatus;
    limit?: number;
    after?: string;
  }): Promise<MailLogPage> {
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
    const items = await this.store.list({
      messageId: filter.messageId,
      status: filter.status,
      limit: limit + 1,
      after: filter.after ? decodeCursor(filter.after) : undefined,
    });
    const page = items.slice(0, limit);
    return { items: page, next: items.length > limit ? encodeCursor(page[page.length - 1]) : null };
  }

  /**
   * Processes a stored or quarantined mail again, now. Idempotent: a processed mail stays as it
   * is (same case, no second message), a quarantined one is tried afresh.
   */
  async replay(id: string): Promise<RawMailSummary> {
    const before = await this.store.summaryOf(id);
    if (!before) throw new NotFoundException({ code: 'mail_not_found', message: 'errors.notFound' });
    if (before.status !== 'processed') {
      await this.store.markStored(id);
      await this.processor.process(id);
    }
    return (await this.store.summaryOf(id))!;
  }
}
