import * as sql from '../../database/sql';

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
