import * as sql from '../database/sql';

/**
 * The retention policy's SQL (docs/data-layer.md): the organisations' own periods, the dry run's
 * counts and the batches a run erases (claimed with SKIP LOCKED). RetentionRunner keeps the
 * cutoffs, the batch loops, the transactions and the audit row.
 */

/** Where each organisation's closed cases are cut off, as the parameters of closedCases. */
export interface ClosedCaseParams {
  /** The latest cutoff of all; null: no closed case is erased at all. */
  latest: Date | null;
  organisationIds: number[];
  before: Date[];
  platform: Date | null;
}

/**
 * Closed cases (alias `c`) past their retention: their organisation's period when it has one, else
 * the platform's. Parameters from $p: the latest cutoff of all (so the partial index bounds the
 * scan), the organisations with a period of their own, their cutoffs, the platform's cutoff.
 */
const closedCases = (p: number) => `c.status = 'closed' AND c.erased_at IS NULL AND c.updated_at < $${p}
  AND c.updated_at < COALESCE(
    (SELECT o.before FROM region r JOIN unnest($${p + 1}::int[], $${p + 2}::timestamptz[]) AS o (id, before) ON o.id = r.organisation_id
      WHERE r.id = c.region_id),
    $${p + 3}::timestamptz)`;

const closedParams = (c: ClosedCaseParams) => [c.latest, c.organisationIds, c.before, c.platform];
const closed = `SELECT c.id FROM cases c WHERE ${closedCases(1)}`;
const PROCESSED_MAIL = `status = 'processed' AND bytes_erased_at IS NULL AND received_at < $1`;
const QUARANTINED_MAIL = `status = 'quarantined' AND received_at < $1`;

/** Organisations with a closed-case retention period of their own, by code. */
export function organisationRetentionMonths(m: sql.Db): Promise<{ id: number; code: string; months: number }[]> {
  return sql.rows<{ id: number; code: string; months: number }>(
    m,
    `SELECT id, code, retention_closed_case_months AS months FROM organisation
        WHERE retention_closed_case_months IS NOT NULL ORDER BY code`,
  );
}

async function countOf(m: sql.Db, text: string, params: sql.Params): Promise<number> {
  return Number((await sql.only<{ n: number }>(m, text, params)).n);
}

/** Closed cases past their retention. */
export function countClosedCases(m: sql.Db, cut: ClosedCaseParams): Promise<number> {
  return countOf(m, `SELECT count(*)::int AS n FROM (${closed}) x`, closedParams(cut));
}

/** Messages with text of the closed cases past their retention. */
export function countClosedCaseMessages(m: sql.Db, cut: ClosedCaseParams): Promise<number> {
  return countOf(
    m,
    `SELECT count(*)::int AS n FROM message WHERE case_id IN (${closed}) AND body_text <> ''`,
    closedParams(cut),
  );
}

/** Attachments of the closed cases past their retention. */
export function countClosedCaseAttachments(m: sql.Db, cut: ClosedCaseParams): Promise<number> {
  return countOf(
    m,
    `SELECT count(*)::int AS n FROM mail_attachment a JOIN message m ON m.id = a.message_id WHERE m.case_id IN (${closed})`,
    closedParams(cut),
  );
}

/** Raw mails of the closed cases past their retention. */
export function countClosedCaseRawMails(m: sql.Db, cut: ClosedCaseParams): Promise<number> {
  return countOf(m, `SELECT count(*)::int AS n FROM raw_mail WHERE case_id IN (${closed})`, closedParams(cut));
}

/**
 * Processed raw mails received before `before` whose bytes are still kept; mail of the closed cases
 * erased with them (when `cut.latest`) is not counted twice.
 */
export function countProcessedRawMails(m: sql.Db, before: Date, cut: ClosedCaseParams): Promise<number> {
  return countOf(
    m,
    `SELECT count(*)::int AS n FROM raw_mail WHERE ${PROCESSED_MAIL}` +
      (cut.latest ? ` AND (case_id IS NULL OR case_id NOT IN (SELECT c.id FROM cases c WHERE ${closedCases(2)}))` : ''),
    cut.latest ? [before, ...closedParams(cut)] : [before],
  );
}

/** Quarantined raw mails received before `before`. */
export function countQuarantinedMails(m: sql.Db, before: Date): Promise<number> {
  return countOf(m, `SELECT count(*)::int AS n FROM raw_mail WHERE ${QUARANTINED_MAIL}`, [before]);
}

/** Up to `batch` closed cases past their retention, oldest first, locked (others' locked rows skipped). */
export async function claimClosedCases(m: sql.Db, batch: number, cut: ClosedCaseParams): Promise<string[]> {
  return (
    await sql.rows<{ id: string }>(
      m,
      `SELECT c.id FROM cases c WHERE ${closedCases(2)} ORDER BY c.updated_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [batch, ...closedParams(cut)],
    )
  ).map((r) => r.id);
}

/**
 * One batch of processed raw mails received before `before`: the bytes and the sender address go;
 * size, hash, class, status and times stay for the mail log. How many.
 */
export function eraseProcessedRawMailBytes(m: sql.Db, before: Date, batch: number, now: Date): Promise<number> {
  return sql.count(
    m,
    `UPDATE raw_mail SET bytes = '\\x'::bytea, mail_from = '', bytes_erased_at = $3
          WHERE id IN (SELECT id FROM raw_mail WHERE ${PROCESSED_MAIL} ORDER BY received_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    [before, batch, now],
  );
}

/** One batch of quarantined raw mails received before `before`, deleted. How many. */
export function deleteQuarantinedMails(m: sql.Db, before: Date, batch: number): Promise<number> {
  return sql.count(
    m,
    `DELETE FROM raw_mail WHERE id IN (SELECT id FROM raw_mail WHERE ${QUARANTINED_MAIL} ORDER BY received_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    [before, batch],
  );
}
