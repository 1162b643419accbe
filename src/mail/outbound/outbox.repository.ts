import type { CaseEventType } from '../../cases/case-events';
import * as sql from '../../database/sql';
import type { OutboxRow as ClaimedRow } from './outbound-message';

/**
 * The outbox's SQL (docs/data-layer.md): the rows OutboxService writes and reads for a case, and
 * the sender's claims and marks (with the reply tokens and `email.sent` events they write beside
 * them). OutboxService and OutboxSender keep the rules, the transactions and the logging, and pass
 * their manager (or the data source, for a statement of its own).
 */

export type OutboxKind = 'acknowledgement' | 'reply-notification' | 'reply' | 'staff-sla';

/** An outbox row as it is written (OutboxService works the values out). */
export interface OutboxRow {
  caseId: string | null;
  kind: string;
  automatic: boolean;
  language: string;
  recipient: string;
  subject: string;
  text: string;
  html: string | null;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  sealedLink: Buffer | null;
  staffUserId: string | null;
  senderName: string | null;
  /**
   * Written only if no acknowledgement went to the recipient in this many minutes (the caller
   * holds the address's lock); null: always.
   */
  throttleMinutes: number | null;
}

/** The row and the NOTIFY that wakes the senders (delivered on commit), in one statement; undefined when throttled. */
export async function insertOutboxRow(m: sql.Db, r: OutboxRow, channel: string): Promise<string | undefined> {
  const row = await sql.one<{ id: string }>(
    m,
    `WITH ins AS (
       INSERT INTO outbox (case_id, kind, automatic, language, recipient, subject, text_body, html_body, message_id, in_reply_to, "references", sealed_link, staff_user_id, sender_name)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $16
        WHERE $15::int IS NULL OR NOT EXISTS (
              SELECT 1 FROM outbox WHERE kind = 'acknowledgement' AND lower(recipient) = lower($5)
                 AND created_at > now() - make_interval(mins => $15::int))
       RETURNING id)
     SELECT ins.id, pg_notify($14, '') FROM ins`,
    [
      r.caseId,
      r.kind,
      r.automatic,
      r.language,
      r.recipient,
      r.subject,
      r.text,
      r.html,
      r.messageId,
      r.inReplyTo,
      r.references,
      r.sealedLink,
      r.staffUserId,
      channel,
      r.throttleMinutes,
      r.senderName,
    ],
    // Once per new case: parsed and planned once per connection.
    { prepared: true },
  );
  return row?.id;
}

/**
 * Many rows in one statement, each under its own throttle as in `insertOutboxRow` (the recipients
 * must differ: a row does not see the others of the statement). The ids of the rows written, by
 * their Message-ID.
 */
export async function insertOutboxRows(m: sql.Db, rows: OutboxRow[], channel: string): Promise<Map<string, string>> {
  const col = <T>(f: (r: OutboxRow) => T) => rows.map(f);
  const written = await sql.rows<{ id: string; message_id: string }>(
    m,
    `WITH ins AS (
       INSERT INTO outbox (case_id, kind, automatic, language, recipient, subject, text_body, html_body, message_id, in_reply_to, "references", sealed_link, staff_user_id, sender_name)
       SELECT u.case_id, u.kind, u.automatic, u.language, u.recipient, u.subject, u.text_body, u.html_body, u.message_id, u.in_reply_to,
              ARRAY(SELECT jsonb_array_elements_text(u.refs)), u.sealed_link, u.staff_user_id, u.sender_name
         FROM unnest($1::uuid[], $2::text[], $3::bool[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                     $10::text[], $11::jsonb[], $12::bytea[], $13::uuid[], $14::text[], $15::int[])
           AS u(case_id, kind, automatic, language, recipient, subject, text_body, html_body, message_id, in_reply_to, refs,
                sealed_link, staff_user_id, sender_name, throttle)
        WHERE u.throttle IS NULL OR NOT EXISTS (
              SELECT 1 FROM outbox o WHERE o.kind = 'acknowledgement' AND lower(o.recipient) = lower(u.recipient)
                 AND o.created_at > now() - make_interval(mins => u.throttle))
       RETURNING id, message_id)
     SELECT ins.id, ins.message_id FROM ins, pg_notify($16, '')`,
    [
      col((r) => r.caseId),
      col((r) => r.kind),
      col((r) => r.automatic),
      col((r) => r.language),
      col((r) => r.recipient),
      col((r) => r.subject),
      col((r) => r.text),
      col((r) => r.html),
      col((r) => r.messageId),
      col((r) => r.inReplyTo),
      col((r) => JSON.stringify(r.references)),
      col((r) => r.sealedLink),
      col((r) => r.staffUserId),
      col((r) => r.senderName),
      col((r) => r.throttleMinutes),
      channel,
    ],
    { prepared: true },
  );
  return new Map(written.map((w) => [w.message_id, w.id]));
}

/** The transaction-level advisory lock on `key` (an address's acknowledgement lock), held until commit. */
export async function lockKey(m: sql.Db, key: string): Promise<void> {
  await sql.exec(m, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [key]);
}

export interface Delivery {
  id: string;
  kind: OutboxKind;
  status: 'pending' | 'sent' | 'kept' | 'failed';
  attempts: number;
  /** An SMTP code or error code of the last failed try, never the relay's words. */
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** The mails of one case and how they fared: no addresses, no content. */
export function deliveriesOf(m: sql.Db, caseId: string): Promise<Delivery[]> {
  return sql.rows<Delivery>(
    m,
    `SELECT id, kind, status, attempts, last_error AS "lastError", created_at AS "createdAt", sent_at AS "sentAt"
         FROM outbox WHERE case_id = $1 ORDER BY created_at, id`,
    [caseId],
  );
}

/** The help-seeker of a case who consented to mail, with what a mail to them needs. */
export interface RecipientRow {
  email: string | null;
  language: string;
  channel: 'web' | 'email';
  undeliverable: boolean;
  dueAt: Date | null;
  timeZone: string;
  regionId: number;
}

/** The case's recipient, if its help-seeker consented to mail (the address may still be missing). */
export async function recipientOf(m: sql.Db, caseId: string): Promise<RecipientRow | undefined> {
  const rows = await sql.rows<RecipientRow>(
    m,
    `SELECT h.email, h.language, c.channel, c.email_undeliverable_at IS NOT NULL AS undeliverable,
              COALESCE(c.next_reply_due_at, c.first_reply_due_at) AS "dueAt", r.time_zone AS "timeZone",
              c.region_id AS "regionId"
         FROM cases c JOIN help_seeker h ON h.id = c.help_seeker_id JOIN region r ON r.id = c.region_id
        WHERE c.id = $1 AND h.email_consent_at IS NOT NULL`,
    [caseId],
  );
  return rows[0];
}

/** A mail of a case's thread: its Message-ID, and whether the help-seeker sent it. */
export interface ThreadMailRow {
  id: string;
  inbound: boolean;
}

/** The case's last ten mails, theirs and ours, newest first. */
export function latestThreadMails(m: sql.Db, caseId: string): Promise<ThreadMailRow[]> {
  return sql.rows<ThreadMailRow>(
    m,
    `SELECT id, inbound FROM (
         SELECT mm.header_message_id AS id, true AS inbound, msg.created_at AS at
           FROM mail_message mm JOIN message msg ON msg.id = mm.message_id
          WHERE msg.case_id = $1 AND mm.header_message_id IS NOT NULL
         UNION ALL
         SELECT message_id, false, created_at FROM outbox WHERE case_id = $1
       ) t ORDER BY at DESC LIMIT 10`,
    [caseId],
  );
}

const ROW_COLUMNS = `id, case_id AS "caseId", kind, automatic, recipient, subject, text_body AS "textBody", html_body AS "htmlBody",
  message_id AS "messageId", in_reply_to AS "inReplyTo", "references", sealed_link AS "sealedLink", attempts,
  sender_name AS "senderName"`;

/**
 * Claims up to `batchSize` due rows in one statement (FOR UPDATE SKIP LOCKED): writes `claim`,
 * counts the try and moves `next_attempt_at` past the lease. Oldest due first.
 */
export function claimDue(m: sql.Db, batchSize: number, claim: string, claimSeconds: number): Promise<ClaimedRow[]> {
  return sql.rows<ClaimedRow>(
    m,
    `WITH picked AS (
         SELECT id, next_attempt_at AS due FROM outbox WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE outbox o SET claim = $2, attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $3)
           FROM picked WHERE o.id = picked.id
         RETURNING o.${ROW_COLUMNS}, picked.due
       )
       SELECT * FROM claimed ORDER BY due, id`,
    [batchSize, claim, claimSeconds],
  );
}

/**
 * Of mails about cases leaving through a mailbox (`caseIds[k]` via the mailbox `addresses[k]`),
 * the `indexes[k]` of those whose mailbox belongs to another organisation than the case's region.
 */
export async function foreignMailboxes(
  m: sql.Db,
  caseIds: (string | null)[],
  addresses: (string | undefined)[],
  indexes: number[],
): Promise<number[]> {
  const foreign = await sql.rows<{ i: number }>(
    m,
    `SELECT x.i FROM unnest($1::uuid[], $2::text[], $3::int[]) AS x(case_id, address, i)
         JOIN cases c ON c.id = x.case_id
         JOIN region r ON r.id = c.region_id
         JOIN mailbox b ON lower(b.address) = lower(x.address)
        WHERE COALESCE(b.organisation_id, (SELECT br.organisation_id FROM region br WHERE br.id = b.region_id)) <> r.organisation_id`,
    [caseIds, addresses, indexes],
  );
  return foreign.map((f) => f.i);
}

/** Reply tokens (by their hashes) for the cases of mails about to leave. */
export async function insertReplyTokens(m: sql.Db, tokenHashes: Buffer[], caseIds: string[]): Promise<void> {
  await sql.exec(m, `INSERT INTO reply_token (token_hash, case_id) SELECT * FROM unnest($1::bytea[], $2::uuid[])`, [
    tokenHashes,
    caseIds,
  ]);
}

/**
 * Sent or kept: the rows marked where `claim` still holds, their sealed case link wiped, and an
 * event of `eventType` for each row of a case — one statement. How many were marked.
 */
export async function markDone(
  m: sql.Db,
  ids: string[],
  status: 'sent' | 'kept',
  eventType: CaseEventType,
  claim: string,
): Promise<number> {
  const { n } = await sql.only<{ n: number }>(
    m,
    `WITH done AS (
         UPDATE outbox SET status = $2, sent_at = now(), sealed_link = NULL, last_error = NULL, claim = NULL
          WHERE id = ANY($1::uuid[]) AND claim = $4 RETURNING id, case_id, kind
       ), events AS (
         INSERT INTO case_event (case_id, type, channel, data)
         SELECT case_id, $3, 'email', jsonb_build_object('outboxId', id, 'kind', kind, 'delivery', $2::text) FROM done WHERE case_id IS NOT NULL
       )
       SELECT count(*)::int AS n FROM done`,
    [ids, status, eventType, claim],
  );
  return n;
}

/** Given up, where `claim` still holds (the sealed case link wiped): 1 if marked, 0 if the claim lapsed. */
export function markFailed(m: sql.Db, id: string, reason: string, claim: string): Promise<number> {
  return sql.count(
    m,
    `UPDATE outbox SET status = 'failed', last_error = $2, sealed_link = NULL, claim = NULL
          WHERE id = $1 AND claim = $3 RETURNING id`,
    [id, reason, claim],
  );
}

/** The next try in `delaySeconds`, where `claim` still holds: 1 if scheduled, 0 if the claim lapsed. */
export function scheduleRetry(
  m: sql.Db,
  id: string,
  reason: string,
  delaySeconds: number,
  claim: string,
): Promise<number> {
  return sql.count(
    m,
    `UPDATE outbox SET last_error = $2, next_attempt_at = now() + make_interval(secs => $3), claim = NULL
        WHERE id = $1 AND claim = $4 RETURNING id`,
    [id, reason, delaySeconds, claim],
  );
}
