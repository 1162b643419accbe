import * as sql from '../../database/sql';

/**
 * The bulk mail list's SQL (docs/data-layer.md): stored bulk mail scoped to regions, and the
 * lock and mark of one being turned into a message. BulkMailService keeps the cursor, the header
 * parsing, the checks and the transaction; raw-mail.store.ts keeps the raw mail rows' own reads.
 */

/**
 * The region a stored mail belongs to, in SQL: the case it is attached to (a bulk mail sent to
 * a reply address), else the region whose own address it was sent to, else the fallback region
 * (the service address). `rm` is the raw_mail alias, $1 the mail domain.
 */
const REGION_OF_MAIL = `COALESCE(
  (SELECT c.region_id FROM cases c WHERE c.id = rm.case_id),
  (SELECT r.id FROM region r WHERE lower(r.code) || '@' || $1 IN (SELECT lower(x) FROM unnest(rm.rcpt_to) x) LIMIT 1),
  (SELECT r.id FROM region r WHERE r.is_fallback ORDER BY r.id LIMIT 1))`;

/** A bulk mail in the list: its header bytes are parsed in JS. */
export interface BulkMailRow {
  id: string;
  received_at: Date;
  reason: string | null;
  region_code: string;
  head: Buffer;
}

/** A stored mail as convert checks it (locked). */
export interface ConvertibleMailRow {
  id: string;
  kind: string | null;
  status: string;
  erased: boolean;
}

/**
 * Processed bulk mail whose bytes are kept, in the regions `scope` (null: all), newest first:
 * `take` of them after (`afterAt`, `afterId`) if given, each with its first 16 KiB.
 */
export function bulkMailPage(
  m: sql.Db,
  mailDomain: string,
  q: { scope: number[] | null; afterAt: Date | null; afterId: string | null; take: number },
): Promise<BulkMailRow[]> {
  return sql.rows<BulkMailRow>(
    m,
    `SELECT rm.id, rm.received_at, rm.reason, r.code AS region_code, substring(rm.bytes from 1 for 16384) AS head
           FROM raw_mail rm JOIN region r ON r.id = ${REGION_OF_MAIL}
          WHERE rm.kind = 'bulk' AND rm.status = 'processed' AND rm.bytes_erased_at IS NULL
            AND ($2::int[] IS NULL OR r.id = ANY($2::int[]))
            AND ($3::timestamptz IS NULL OR (rm.received_at, rm.id) < ($3, $4::uuid))
          ORDER BY rm.received_at DESC, rm.id DESC LIMIT $5`,
    [mailDomain, q.scope, q.afterAt, q.afterId, q.take],
  );
}

/** The stored mail, if it belongs to the regions `scope` (null: all), locked for the conversion. */
export function lockConvertible(
  m: sql.Db,
  mailDomain: string,
  scope: number[] | null,
  id: string,
): Promise<ConvertibleMailRow | undefined> {
  return sql.one<ConvertibleMailRow>(
    m,
    `SELECT rm.id, rm.kind, rm.status, rm.bytes_erased_at IS NOT NULL AS erased FROM raw_mail rm
          WHERE rm.id = $3 AND ($2::int[] IS NULL OR ${REGION_OF_MAIL} = ANY($2::int[])) FOR UPDATE OF rm`,
    [mailDomain, scope, id],
  );
}

/** The bulk mail is a message now, of the case it became. */
export async function markConverted(m: sql.Db, id: string, caseId: string): Promise<void> {
  await sql.exec(
    m,
    `UPDATE raw_mail SET class = 'message', kind = 'message', reason = 'bulk-converted', case_id = $2 WHERE id = $1`,
    [id, caseId],
  );
}
