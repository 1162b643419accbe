import { createHash } from 'node:crypto';
import * as sql from '../../database/sql';
import type { ParsedInboundMail } from './parsed-mail';
import { robotRecentlySql } from './robot-addresses.repository';

/**
 * The inbound mail processor's SQL (docs/data-layer.md): what a mail's transaction reads about it
 * (an earlier copy, the sender's machine mail, reply tokens, the cases our Message-IDs name, the
 * region of a region address) and the mail details it writes. InboundMailProcessor keeps the
 * classification, the threading, the groups and their transactions; raw-mail.store.ts keeps the
 * raw mail rows, and the cases module writes cases and messages.
 */

/** What a group's transaction read for one of its mails, under the group's locks (see processGroup). */
export interface GroupFacts {
  /** An earlier processed copy (same Message-ID and content): this one is a duplicate of it. */
  found: boolean;
  case_id: string | null;
  /** The sender's address sent us machine mail lately (no acknowledgement). */
  robot: boolean;
  /** A help-seeker with the sender's address exists already (continuity may apply). */
  known: boolean;
}

/** A region as a region address routes to it. */
export interface RegionRow {
  id: number;
  code: string;
  name: string;
  is_fallback: boolean;
}

/** The mail_message row of a message, and its attachments. */
export interface MailDetails {
  messageRowId: string;
  rawMailId: string;
  mail: ParsedInboundMail;
  fullText: string;
}

/** The rest of the caller's transaction commits without waiting for its WAL flush. */
export async function commitWithoutFlushWait(m: sql.Db): Promise<void> {
  await sql.exec(m, `SET LOCAL synchronous_commit = off`);
}

/**
 * A group's facts in one statement, a row per mail in the order given: the k-th mail is the raw
 * mail `ids[k]` with `messageIds[k]`, content hash `hashes[k]` and sender `addresses[k]` (lower case).
 */
export function groupFacts(
  m: sql.Db,
  ids: string[],
  messageIds: (string | null)[],
  hashes: Buffer[],
  addresses: (string | null)[],
): Promise<GroupFacts[]> {
  return sql.rows<GroupFacts>(
    m,
    `SELECT o.found IS NOT NULL AS found, o.case_id, ${robotRecentlySql('u.address')} AS robot,
                  EXISTS (SELECT 1 FROM help_seeker h WHERE lower(h.email) = u.address AND h.email IS NOT NULL) AS known
             FROM unnest($1::uuid[], $2::text[], $3::bytea[], $4::text[]) WITH ORDINALITY AS u(id, message_id, sha, address, i)
             LEFT JOIN LATERAL (
               SELECT true AS found, case_id FROM raw_mail
                WHERE message_id = u.message_id AND content_sha256 = u.sha AND status = 'processed' AND class <> 'duplicate' AND id <> u.id
                ORDER BY received_at LIMIT 1) o ON true
            ORDER BY u.i`,
    [ids, messageIds, hashes, addresses],
    { prepared: true },
  );
}

/** The transaction-level lock on a Message-ID, held until commit. */
export async function lockMessageId(m: sql.Db, messageId: string): Promise<void> {
  await sql.exec(m, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [messageId]);
}

/**
 * The original of a duplicate (an earlier processed copy of raw mail `rawMailId`: same Message-ID
 * and content) and, in the same round trip, whether the sender's `address` (lower case) sent us
 * machine mail lately. One row always: the LATERAL join hangs off a single-row FROM.
 */
export function seenBefore(
  m: sql.Db,
  messageId: string | null,
  contentSha256: Buffer,
  rawMailId: string,
  address: string | null,
): Promise<Omit<GroupFacts, 'known'>> {
  return sql.only<Omit<GroupFacts, 'known'>>(
    m,
    `SELECT o.found IS NOT NULL AS found, o.case_id, ${robotRecentlySql('$4')} AS robot
           FROM (SELECT 1) one LEFT JOIN LATERAL (
             SELECT true AS found, case_id FROM raw_mail
              WHERE message_id = $1 AND content_sha256 = $2 AND status = 'processed' AND class <> 'duplicate' AND id <> $3
              ORDER BY received_at LIMIT 1) o ON true`,
    [messageId, contentSha256, rawMailId, address],
  );
}

/** The case of a reply token (by its hash), if there is one. */
export async function caseOfReplyToken(m: sql.Db, tokenHash: Buffer): Promise<string | undefined> {
  const row = await sql.one<{ case_id: string }>(m, `SELECT case_id FROM reply_token WHERE token_hash = $1`, [
    tokenHash,
  ]);
  return row?.case_id;
}

/** Of these cases, the ones not erased, with their help-seeker's address (lower case). */
export function casesWithSender(m: sql.Db, caseIds: string[]): Promise<{ id: string; email: string | null }[]> {
  return sql.rows<{ id: string; email: string | null }>(
    m,
    // An erased case takes no more mail, not even a bounce: it must stay without traces.
    `SELECT c.id, lower(h.email) AS email FROM cases c JOIN help_seeker h ON h.id = c.help_seeker_id WHERE c.id = ANY($1::uuid[]) AND c.erased_at IS NULL`,
    [caseIds],
  );
}

/** The mail_message rows of messages and their attachments: a statement each, whatever their number. */
export async function insertMailDetails(m: sql.Db, rows: MailDetails[]): Promise<void> {
  if (!rows.length) return;
  await sql.rows(
    m,
    `INSERT INTO mail_message (message_id, raw_mail_id, header_message_id, from_address, subject, full_text, html)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
    [
      rows.map((r) => r.messageRowId),
      rows.map((r) => r.rawMailId),
      rows.map((r) => r.mail.messageId ?? null),
      rows.map((r) => r.mail.fromAddress ?? null),
      rows.map((r) => r.mail.subject ?? null),
      rows.map((r) => r.fullText),
      rows.map((r) => r.mail.html ?? null),
    ],
    { prepared: true },
  );
  const attachments = rows.flatMap((r) => r.mail.attachments.map((a) => ({ messageRowId: r.messageRowId, a })));
  if (!attachments.length) return;
  await sql.exec(
    m,
    `INSERT INTO mail_attachment (message_id, filename, content_type, size, content_id, inline, sha256, bytes)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::bool[], $7::bytea[], $8::bytea[])`,
    [
      attachments.map((x) => x.messageRowId),
      attachments.map((x) => x.a.filename ?? null),
      attachments.map((x) => x.a.contentType),
      attachments.map((x) => x.a.content.length),
      attachments.map((x) => x.a.contentId ?? null),
      attachments.map((x) => x.a.inline),
      attachments.map((x) => createHash('sha256').update(x.a.content).digest()),
      attachments.map((x) => x.a.content),
    ],
  );
}

/** The region with this code (none or one row: codes are unique). */
export function regionsByCode(m: sql.Db, code: string): Promise<RegionRow[]> {
  return sql.rows<RegionRow>(m, `SELECT id, code, name, is_fallback FROM region WHERE code = $1`, [code]);
}
