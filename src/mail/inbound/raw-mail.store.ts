import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { MailClass, MailKind } from './mail-classifier';

export type { MailClass } from './mail-classifier';
import { pgText } from './pg-text';
import { rawMessageId } from './raw-headers';
import * as sql from '../../database/sql';

/** Channel on which committed new mail is announced (NOTIFY is delivered only on commit). */
export const RAW_MAIL_CHANNEL = 'luister_raw_mail';

/**
 * A mail taken by a processing run: `claims` counts the runs that took it since it was stored.
 * Its bytes and envelope come with the claim (they never change once stored), so the run can
 * parse it before it opens a transaction; `messageId` is the one read from the raw header.
 */
export interface ClaimedMail {
  id: string;
  claims: number;
  receivedAt: Date;
  envelope: Envelope;
  bytes: Buffer;
  messageId: string | null;
}

/** What processing made of a mail (see markProcessed). */
export interface ProcessedMail {
  class: MailClass;
  kind?: MailKind;
  reason: string | null;
  messageId: string | null;
  contentSha256: Buffer | null;
  caseId: string | null;
}

export type RawMailStatus = 'stored' | 'processed' | 'quarantined';

export interface Envelope {
  /** Envelope sender; empty for the null sender `<>` (bounces, many auto-replies). */
  mailFrom: string;
  rcptTo: string[];
  remoteAddress?: string;
}

export interface RawMail {
  id: string;
  receivedAt: Date;
  envelope: Envelope;
  bytes: Buffer;
  status: RawMailStatus;
  class: MailClass | null;
  kind: MailKind | null;
  reason: string | null;
  messageId: string | null;
  caseId: string | null;
  error: string | null;
}

export interface RawMailSummary {
  id: string;
  messageId: string | null;
  receivedAt: Date;
  status: RawMailStatus;
  class: MailClass | null;
  /** The finer kind (bulk, out-of-office, suspected bulk, …) beside the fixed class. */
  kind: MailKind | null;
  reason: string | null;
  caseId: string | null;
  error: string | null;
}

/** A raw_mail row as the summary reads it (SUMMARY_COLUMNS). */
interface Row {
  id: string;
  received_at: Date;
  status: RawMailStatus;
  class: MailClass | null;
  kind: MailKind | null;
  reason: string | null;
  message_id: string | null;
  case_id: string | null;
  error: string | null;
}

/** A raw_mail row with its envelope and bytes (get). */
interface RowWithBytes extends Row {
  mail_from: string;
  rcpt_to: string[];
  remote_address: string | null;
  bytes: Buffer;
}

/** A mail as claim's RETURNING gives it. */
interface ClaimedRow {
  id: string;
  claims: number;
  received_at: Date;
  mail_from: string;
  rcpt_to: string[];
  remote_address: string | null;
  bytes: Buffer;
  message_id: string | null;
}

// Rows per group commit: bounded so one batch never holds more than a few hundred MB of mail.
const MAX_BATCH = 16;
// One commit at a time: the next batch forms while it runs (two at once measured slower: the
// WAL flushes queue behind each other and the batches stay small).
const MAX_COMMITS_IN_FLIGHT = 1;

const SUMMARY_COLUMNS = `id, received_at, status, class, kind, reason, message_id, case_id, error`;

/** The `raw_mail` table: every accepted mail's bytes, and what processing made of it. */
@Injectable()
export class RawMailStore {
  constructor(private readonly db: DataSource) {}

  private pending: { row: unknown[]; done: (e?: Error) => void }[] = [];
  private flushing = 0;

  /**
   * Stores and commits one accepted mail; resolves only after the commit (SMTP answers 250 after
   * this). Group commit: mails arriving while a commit is in flight are written together in the
   * next transaction, so under load one WAL flush serves many mails and none waits longer than
   * one commit. A failed batch fails every mail in it (each sender gets 451 and retries).
   */
  store(envelope: Envelope, bytes: Buffer): Promise<string> {
    const id = randomUUID();
    const sha256 = createHash('sha256').update(bytes).digest();
    // The envelope is text (a NUL in MAIL FROM would fail the insert); the bytes stay as sent.
    const row = [
      id,
      pgText(envelope.mailFrom),
      envelope.rcptTo.map((r) => pgText(r)),
      pgText(envelope.remoteAddress ?? null),
      bytes.length,
      sha256,
      bytes,
      rawMessageId(bytes) ?? null,
    ];
    return new Promise<string>((resolve, reject) => {
      this.pending.push({ row, done: (e) => (e ? reject(e) : resolve(id)) });
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing >= MAX_COMMITS_IN_FLIGHT) return;
    this.flushing++;
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0, MAX_BATCH);
        const params: unknown[] = [];
        const values = batch.map(({ row }) => {
          const first = params.length;
          params.push(...row);
          return `(${row.map((_, i) => `$${first + i + 1}`).join(', ')})`;
        });
        try {
          // The NOTIFY wakes the processing runs of every instance once this commits.
          params.push(RAW_MAIL_CHANNEL);
          await sql.exec(
            this.db,
            `WITH stored AS (INSERT INTO raw_mail (id, mail_from, rcpt_to, remote_address, size, sha256, bytes, message_id) VALUES ${values.join(', ')})
             SELECT pg_notify($${params.length}, '')`,
            params,
          );
          for (const p of batch) p.done();
        } catch (e) {
          for (const p of batch) p.done(e as Error);
        }
      }
    } finally {
      this.flushing--;
    }
  }

  /**
   * Mail fetched from a mailbox (IMAP): inserted inside the caller's transaction, which also
   * records its IMAP origin, so both commit together before the mail is marked on the server.
   */
  async insertFetched(
    m: EntityManager,
    mails: { id: string; envelope: Envelope; bytes: Buffer; receivedAt: Date }[],
  ): Promise<void> {
    if (!mails.length) return;
    await sql.exec(
      m,
      `INSERT INTO raw_mail (id, mail_from, rcpt_to, remote_address, size, sha256, bytes, message_id, received_at)
       SELECT u.id, u.mail_from, u.rcpt::text[], u.remote_address, u.size, u.sha256, u.bytes, u.message_id, u.received_at
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bytea[], $7::bytea[], $8::text[], $9::timestamptz[])
           AS u(id, mail_from, rcpt, remote_address, size, sha256, bytes, message_id, received_at)`,
      [
        mails.map((x) => x.id),
        mails.map((x) => pgText(x.envelope.mailFrom)),
        // unnest flattens a text[][]; each mail's recipients travel as one literal instead.
        mails.map((x) => `{${x.envelope.rcptTo.map((r) => `"${pgText(r).replace(/["\\]/g, '\\$&')}"`).join(',')}}`),
        mails.map((x) => pgText(x.envelope.remoteAddress ?? null)),
        mails.map((x) => x.bytes.length),
        mails.map((x) => createHash('sha256').update(x.bytes).digest()),
        mails.map((x) => x.bytes),
        mails.map((x) => rawMessageId(x.bytes) ?? null),
        mails.map((x) => x.receivedAt),
      ],
    );
  }

  /**
   * The whole row; with `lock`, held FOR UPDATE until the caller's transaction ends. With
   * `lockMessageId` also the transaction's advisory lock on the row's Message-ID (the key of
   * duplicate detection; the row id when it has none), in the same round trip.
   */
  async get(
    id: string,
    m: EntityManager = this.db.manager,
    lock = false,
    lockMessageId = false,
  ): Promise<RawMail | undefined> {
    const r = await sql.one<RowWithBytes>(
      m,
      `SELECT id, received_at, mail_from, rcpt_to, remote_address, bytes, status, class, kind, reason, message_id, case_id, error
              ${lockMessageId ? `, pg_advisory_xact_lock(hashtextextended(coalesce(message_id, id::text), 0))::text AS locked` : ''}
         FROM raw_mail WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    if (!r) return undefined;
    return {
      ...this.summary(r),
      envelope: { mailFrom: r.mail_from, rcptTo: r.rcpt_to, remoteAddress: r.remote_address ?? undefined },
      bytes: r.bytes,
    };
  }

  async summaryOf(id: string): Promise<RawMailSummary | undefined> {
    const r = await sql.one<Row>(this.db, `SELECT ${SUMMARY_COLUMNS} FROM raw_mail WHERE id = $1`, [id]);
    return r && this.summary(r);
  }

  async markProcessed(m: EntityManager, id: string, result: ProcessedMail): Promise<void> {
    await sql.exec(
      m,
      `UPDATE raw_mail SET status = 'processed', class = $2, reason = $3, message_id = $4, content_sha256 = $5, case_id = $6,
              error = NULL, attempts = attempts + 1, processed_at = now(), kind = $7, claimed_until = NULL
        WHERE id = $1`,
      [
        id,
        result.class,
        result.reason,
        result.messageId,
        result.contentSha256,
        result.caseId,
        result.kind ?? result.class,
      ],
    );
  }

  /**
   * markProcessed for a group of mails processed in one transaction, in one statement.
   * processed_at is the clock at this statement (the group's last), not the transaction's start.
   */
  async markProcessedMany(m: EntityManager, rows: { id: string; result: ProcessedMail }[]): Promise<void> {
    if (!rows.length) return;
    await sql.exec(
      m,
      `UPDATE raw_mail r SET status = 'processed', class = u.class, reason = u.reason, message_id = u.message_id,
              content_sha256 = u.sha, case_id = u.case_id, error = NULL, attempts = r.attempts + 1,
              processed_at = clock_timestamp(), kind = u.kind, claimed_until = NULL
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::uuid[], $7::text[])
           AS u(id, class, reason, message_id, sha, case_id, kind)
        WHERE r.id = u.id`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.result.class),
        rows.map((r) => r.result.reason),
        rows.map((r) => r.result.messageId),
        rows.map((r) => r.result.contentSha256),
        rows.map((r) => r.result.caseId),
        rows.map((r) => r.result.kind ?? r.result.class),
      ],
      { prepared: true },
    );
  }

  /**
   * The start of a group's processing transaction, in one statement: the transaction-level
   * advisory locks on `lockKeys` (taken in one fixed order, so two groups never wait on each
   * other crosswise), then the rows locked FOR UPDATE; returns the ids still waiting to be
   * processed (another run or a replay may have finished one meanwhile).
   */
  async lockGroup(m: EntityManager, ids: string[], lockKeys: string[]): Promise<Set<string>> {
    const rows = await sql.rows<{ id: string }>(
      m,
      `WITH locked AS (
         SELECT count(pg_advisory_xact_lock(k)) AS n
           FROM (SELECT DISTINCT hashtextextended(key, 0) AS k FROM unnest($2::text[]) key ORDER BY 1) keys)
       SELECT r.id FROM locked, raw_mail r WHERE r.id = ANY($1::uuid[]) AND r.status = 'stored' FOR UPDATE OF r`,
      [ids, lockKeys],
      { prepared: true },
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Kept with its error for an admin to look at and replay; never dropped. */
  async markQuarantined(id: string, error: string, messageId: string | null): Promise<void> {
    await sql.exec(
      this.db,
      `UPDATE raw_mail SET status = 'quarantined', error = $2, message_id = COALESCE($3, message_id), attempts = attempts + 1, processed_at = now(),
              claimed_until = NULL
        WHERE id = $1 AND status <> 'processed'`,
      [id, pgText(error).slice(0, 1000), messageId],
    );
  }

  /**
   * Back to the work list (admin replay of a quarantined mail), claimed by the replay itself for
   * `leaseSeconds` with a fresh count of runs: if the replay dies, a processing run takes it later.
   */
  async markStored(id: string, leaseSeconds = 120): Promise<void> {
    await sql.exec(
      this.db,
      `UPDATE raw_mail SET status = 'stored', error = NULL, claims = 1, claimed_until = now() + make_interval(secs => $2)
        WHERE id = $1 AND status = 'quarantined'`,
      [id, leaseSeconds],
    );
  }

  /**
   * Claims up to `limit` stored mails nobody holds (never claimed, or the claim lapsed), oldest
   * first, for `leaseSeconds`. SKIP LOCKED: runs side by side (other instances) each get other
   * mail; a row another run claimed a moment ago fails the re-check of `claimed_until` under the
   * lock, so a mail is never held by two runs at once.
   */
  async claim(limit: number, leaseSeconds: number): Promise<ClaimedMail[]> {
    const rows = await sql.rows<ClaimedRow>(
      this.db,
      `WITH claimed AS (
         UPDATE raw_mail SET claimed_until = now() + make_interval(secs => $2), claims = claims + 1
          WHERE id IN (SELECT id FROM raw_mail
                        WHERE status = 'stored' AND (claimed_until IS NULL OR claimed_until <= now())
                        ORDER BY received_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id, claims, received_at, mail_from, rcpt_to, remote_address, bytes, message_id)
       SELECT * FROM claimed ORDER BY received_at`,
      [limit, leaseSeconds],
    );
    return rows.map((r) => ({
      id: r.id,
      claims: r.claims,
      receivedAt: r.received_at,
      envelope: { mailFrom: r.mail_from, rcptTo: r.rcpt_to, remoteAddress: r.remote_address ?? undefined },
      bytes: r.bytes,
      messageId: r.message_id,
    }));
  }

  /** A claimed mail the run could not finish (passing database trouble): free again after `delaySeconds`. */
  async releaseClaim(id: string, delaySeconds: number): Promise<void> {
    await sql.exec(
      this.db,
      `UPDATE raw_mail SET claimed_until = now() + make_interval(secs => $2) WHERE id = $1 AND status = 'stored'`,
      [id, delaySeconds],
    );
  }

  /** Claimed mails a stopping run never started: free for another run at once, the claim not counted. */
  async returnClaims(ids: string[]): Promise<void> {
    if (!ids.length) return;
    await sql.exec(
      this.db,
      `UPDATE raw_mail SET claimed_until = NULL, claims = greatest(claims - 1, 0) WHERE id = ANY($1::uuid[]) AND status = 'stored'`,
      [ids],
    );
  }

  /**
   * The admin mail log, newest first, keyset-paginated on (received_at, id). Message-IDs are
   * matched with or without their angle brackets.
   */
  async list(filter: {
    messageId?: string;
    status?: RawMailStatus;
    limit: number;
    after?: { receivedAt: Date; id: string };
  }): Promise<RawMailSummary[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.messageId) {
      const bare = filter.messageId.trim().replace(/^<|>$/g, '');
      params.push(`<${bare}>`);
      where.push(`message_id = $${params.length}`);
    }
    if (filter.status) {
      params.push(filter.status);
      where.push(`status = $${params.length}`);
    }
    if (filter.after) {
      params.push(filter.after.receivedAt, filter.after.id);
      where.push(`(received_at, id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(filter.limit);
    const rows = await sql.rows<Row>(
      this.db,
      `SELECT ${SUMMARY_COLUMNS} FROM raw_mail ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY received_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => this.summary(r));
  }

  private summary(r: Row): RawMailSummary {
    return {
      id: r.id,
      messageId: r.message_id,
      receivedAt: r.received_at,
      status: r.status,
      class: r.class,
      kind: r.kind,
      reason: r.reason,
      caseId: r.case_id,
      error: r.error,
    };
  }
}
