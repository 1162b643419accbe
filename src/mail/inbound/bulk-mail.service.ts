import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { StaffIdentity } from '../../auth/staff-identity';
import { scopeParam } from '../../cases/staff-case-scope';
import { APP_CONFIG, AppConfig } from '../../config/config';
import * as repo from './bulk-mail.repository';
import { InboundMailProcessor } from './inbound-mail.processor';
import { RawMailStore } from './raw-mail.store';

export interface BulkMailItem {
  id: string;
  receivedAt: Date;
  /** Which rule made it bulk. */
  reason: string | null;
  regionCode: string;
  fromName: string | null;
  fromAddress: string | null;
  subject: string | null;
}

export interface BulkMailPage {
  items: BulkMailItem[];
  next: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function encodeCursor(i: { receivedAt: Date; id: string }): string {
  return Buffer.from(`${i.receivedAt.toISOString()}|${i.id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string | undefined): { receivedAt: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const receivedAt = new Date(at);
  return Number.isNaN(receivedAt.getTime()) || !UUID.test(id ?? '') ? undefined : { receivedAt, id };
}

/** Sender and subject from the header section only (the body is not read for the list). */
async function headerSummary(
  head: Buffer,
): Promise<{ fromName: string | null; fromAddress: string | null; subject: string | null }> {
  const text = head.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const section = Buffer.from(`${end === -1 ? text : text.slice(0, end)}\r\n\r\n`, 'latin1');
  const p = await simpleParser(section, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true });
  const from = p.from?.value[0];
  return {
    fromName: from?.name || null,
    fromAddress: from?.address?.toLowerCase() || null,
    subject: p.subject ?? null,
  };
}

/**
 * Bulk mail (newsletters, notifications) is stored without a case. Workers of the mail's region
 * and admins see it here and can turn one into a case with one click when it was a person after
 * all; the case is made by the normal processing path (CasesService), without acknowledgement.
 */
@Injectable()
export class BulkMailService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly processor: InboundMailProcessor,
    private readonly store: RawMailStore,
    private readonly audit: AuditService,
  ) {}

  /** Newest first, scoped to the caller's regions in SQL (admins: all). */
  async list(staff: StaffIdentity, q: { limit?: number; after?: string } = {}): Promise<BulkMailPage> {
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
    const after = decodeCursor(q.after);
    const rows = await repo.bulkMailPage(this.db, this.config.mailDomain, {
      scope: scopeParam(staff),
      afterAt: after?.receivedAt ?? null,
      afterId: after?.id ?? null,
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    const items = await Promise.all(
      page.map(async (r) => ({
        id: r.id,
        receivedAt: r.received_at,
        reason: r.reason,
        regionCode: r.region_code,
        ...(await headerSummary(r.head)),
      })),
    );
    const last = items[items.length - 1];
    return { items, next: rows.length > limit && last ? encodeCursor(last) : null };
  }

  /**
   * One click: the bulk mail becomes a message in a new case (or the case of the reply address
   * it was sent to). Out of the caller's regions or unknown: 404; no longer bulk (or its bytes
   * erased by retention): 409.
   */
  async convert(staff: StaffIdentity, id: string): Promise<{ caseId: string }> {
    if (!UUID.test(id)) throw new NotFoundException({ code: 'mail_not_found', message: 'errors.http404' });
    return this.db.transaction(async (m) => {
      const row = await repo.lockConvertible(m, this.config.mailDomain, scopeParam(staff), id);
      if (!row) throw new NotFoundException({ code: 'mail_not_found', message: 'errors.http404' });
      // Past the retention period the bytes are gone: nothing left to make a case of.
      if (row.kind !== 'bulk' || row.status !== 'processed' || row.erased)
        throw new ConflictException({ code: 'mail_not_bulk', message: 'bulkMail.notBulk' });
      const raw = (await this.store.get(id, m))!;
      const { caseId } = await this.processor.storeAsMessage(m, raw);
      await repo.markConverted(m, id, caseId);
      await this.audit.record(m, { actorId: staff.id, action: 'mail.convert', caseId, data: { rawMailId: id } });
      return { caseId };
    });
  }
}
