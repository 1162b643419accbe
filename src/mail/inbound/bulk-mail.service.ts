import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import { DataSource } from 'typeorm';
import * as sql from '../../database/sql';
import { AuditService } from '../../audit/audit.service';
import { StaffIdentity } from '../../auth/staff-identity';
import { scopeParam } from '../../cases/staff-case-scope';
import { APP_CONFIG, AppConfig } from '../../config/config';
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

/**
 * The region a stored mail belongs to, in SQL: the case it is attached to (a bulk mail sent to
 * a reply address), else the region whose own address it was sent to, else the fallback region
 * (the service address). `rm` is the raw_mail alias, $1 the mail domain.
 */
const REGION_OF_MAIL = `COALESCE(
  (SELECT c.region_id FROM cases c WHERE c.id = rm.case_id),
  (SELECT r.id FROM region r WHERE lower(r.code) || '@' || $1 IN (SELECT lower(x) FROM unnest(rm.rcpt_to) x) LIMIT 1),
  (SELECT r.id FROM region r WHERE r.is_fallback ORDER BY r.id LIMIT 1))`;

function encodeCursor(i: { receivedAt: Date; id: string }): string {
  return Buffer.from(`${i.receivedAt.toISOString()}|${i.id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string | undefined): { receivedAt: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const receivedAt = new Date(at);
  return Number.isNaN(receivedAt.getTime()) || !UUID.test(id ?? '') ? undefined : { receivedAt, id };
}

/** A bulk mail in the list: its header bytes are parsed in JS. */
interface BulkMailRow {
  id: string;
  received_at: Date;
  reason: string | null;
  region_code: string;
  head: Buffer;
}

/** A stored mail as convert checks it (locked). */
interface ConvertibleMailRow {
  id: string;
  kind: string | null;
  status: string;
  erased: boolean;
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
    const rows = await sql.rows<BulkMailRow>(
      this.db,
      `SELECT rm.id, rm.received_at, rm.reason, r.code AS region_code, substring(rm.bytes from 1 for 16384) AS head
           FROM raw_mail rm JOIN region r ON r.id = ${REGION_OF_MAIL}
          WHERE rm.kind = 'bulk' AND rm.status = 'processed' AND rm.bytes_erased_at IS NULL
            AND ($2::int[] IS NULL OR r.id = ANY($2::int[]))
            AND ($3::timestamptz IS NULL OR (rm.received_at, rm.id) < ($3, $4::uuid))
          ORDER BY rm.received_at DESC, rm.id DESC LIMIT $5`,
      [this.config.mailDomain, scopeParam(staff), after?.receivedAt ?? null, after?.id ?? null, limit + 1],
    );
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
      const row = await sql.one<ConvertibleMailRow>(
        m,
        `SELECT rm.id, rm.kind, rm.status, rm.bytes_erased_at IS NOT NULL AS erased FROM raw_mail rm
          WHERE rm.id = $3 AND ($2::int[] IS NULL OR ${REGION_OF_MAIL} = ANY($2::int[])) FOR UPDATE OF rm`,
        [this.config.mailDomain, scopeParam(staff), id],
      );
      if (!row) throw new NotFoundException({ code: 'mail_not_found', message: 'errors.http404' });
      // Past the retention period the bytes are gone: nothing left to make a case of.
      if (row.kind !== 'bulk' || row.status !== 'processed' || row.erased)
        throw new ConflictException({ code: 'mail_not_bulk', message: 'bulkMail.notBulk' });
      const raw = (await this.store.get(id, m))!;
      const { caseId } = await this.processor.storeAsMessage(m, raw);
      await sql.exec(
        m,
        `UPDATE raw_mail SET class = 'message', kind = 'message', reason = 'bulk-converted', case_id = $2 WHERE id = $1`,
        [id, caseId],
      );
      await this.audit.record(m, { actorId: staff.id, action: 'mail.convert', caseId, data: { rawMailId: id } });
      return { caseId };
    });
  }
}
