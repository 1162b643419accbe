import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import * as sql from '../../database/sql';
import { MailboxProblem } from './mailbox-errors';
import { AuthKind, Mailbox, OAuthSettings, Security, SendVia } from './mailbox-settings';

/** A mailbox's health as the admin page, the API, /metrics and /health show it. */
export interface MailboxStatus {
  /** Some instance holds a live connection (its lease has not run out). */
  connected: boolean;
  lastFetchAt: Date | null;
  fetched: number;
  lastError: string | null;
  lastErrorDetail: string | null;
  lastErrorAt: Date | null;
  /** Since when every attempt failed; null while it works. */
  failingSince: Date | null;
}

export interface MailboxWithStatus extends Mailbox {
  /** The organisation whose mailbox it is (its region's); null: the platform's (no region, or IMAP_URL). */
  organisationId: number | null;
  status: MailboxStatus;
}

/** Settings as written by the admin service (secrets already sealed). */
export interface MailboxWrite {
  address: string;
  host: string;
  port: number;
  security: Security;
  username: string;
  auth: AuthKind;
  oauth: OAuthSettings;
  folder: string;
  processedFolder: string | null;
  regionId: number | null;
  fetchSince: string | null;
  sendVia: SendVia;
  smtpHost: string | null;
  smtpPort: number | null;
  smtpSecurity: Security | null;
  active: boolean;
  /** The region's organisation; null or absent: the platform's. */
  organisationId?: number | null;
}

/** One fetched mail, ready to be stored. */
export interface FetchedMail {
  uid: number;
  fingerprint: Buffer;
  rawMailId: string;
}

interface Row {
  id: string;
  source: 'admin' | 'env';
  address: string;
  host: string;
  port: number;
  security: Security;
  username: string;
  auth: AuthKind;
  oauth: OAuthSettings;
  folder: string;
  processed_folder: string | null;
  region_id: number | null;
  region_code: string | null;
  organisation_id: number | null;
  fetch_since: string | null;
  send_via: SendVia;
  smtp_host: string | null;
  smtp_port: number | null;
  smtp_security: Security | null;
  active: boolean;
  updated_at: Date;
  connected: boolean;
  last_fetch_at: Date | null;
  fetched_count: string;
  last_error: string | null;
  last_error_detail: string | null;
  last_error_at: Date | null;
  failing_since: Date | null;
}

const COLUMNS = `m.id, m.source, m.address, m.host, m.port, m.security, m.username, m.auth, m.oauth, m.folder, m.processed_folder,
  m.region_id, r.code AS region_code, m.organisation_id, to_char(m.fetch_since, 'YYYY-MM-DD') AS fetch_since, m.send_via, m.smtp_host, m.smtp_port,
  m.smtp_security, m.active, m.updated_at, (m.connected AND m.lease_until > now()) AS connected, m.last_fetch_at,
  m.fetched_count, m.last_error, m.last_error_detail, m.last_error_at, m.failing_since`;

function toMailbox(r: Row): MailboxWithStatus {
  return {
    id: r.id,
    source: r.source,
    address: r.address,
    host: r.host,
    port: r.port,
    security: r.security,
    username: r.username,
    auth: r.auth,
    oauth: r.oauth ?? {},
    folder: r.folder,
    processedFolder: r.processed_folder,
    regionId: r.region_id,
    regionCode: r.region_code,
    organisationId: r.organisation_id,
    fetchSince: r.fetch_since,
    sendVia: r.send_via,
    smtpHost: r.smtp_host,
    smtpPort: r.smtp_port,
    smtpSecurity: r.smtp_security,
    active: r.active,
    updatedAt: r.updated_at,
    status: {
      connected: r.connected === true,
      lastFetchAt: r.last_fetch_at,
      fetched: Number(r.fetched_count),
      lastError: r.last_error,
      lastErrorDetail: r.last_error_detail,
      lastErrorAt: r.last_error_at,
      failingSince: r.failing_since,
    },
  };
}

function writeParams(w: MailboxWrite): unknown[] {
  return [
    w.address,
    w.host,
    w.port,
    w.security,
    w.username,
    w.auth,
    JSON.stringify(w.oauth),
    w.folder,
    w.processedFolder,
    w.regionId,
    w.fetchSince,
    w.sendVia,
    w.smtpHost,
    w.smtpPort,
    w.smtpSecurity,
    w.active,
  ];
}

/**
 * The `mailbox` and `mailbox_message` tables (this module is their only writer): settings,
 * sealed secrets, the sync position, the fetching lease and the status.
 */
@Injectable()
export class MailboxStore {
  constructor(private readonly db: DataSource) {}

  /** Every mailbox, or (`scope`: an organisation id, as organisationParam gives it) that organisation's. */
  async list(scope: number | null = null): Promise<MailboxWithStatus[]> {
    const rows = await sql.rows<Row>(
      this.db,
      `SELECT ${COLUMNS} FROM mailbox m LEFT JOIN region r ON r.id = m.region_id
        WHERE ($1::int IS NULL OR m.organisation_id = $1::int) ORDER BY m.source DESC, lower(m.address)`,
      [scope],
    );
    return rows.map(toMailbox);
  }

  /** Whether any mailbox is configured (SMTP-only services skip the per-mailbox routing). */
  async any(): Promise<boolean> {
    const { any } = await sql.only<{ any: boolean }>(this.db, `SELECT EXISTS (SELECT 1 FROM mailbox) AS any`);
    return any === true;
  }

  async get(id: string): Promise<MailboxWithStatus | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const rows = await sql.rows<Row>(
      this.db,
      `SELECT ${COLUMNS} FROM mailbox m LEFT JOIN region r ON r.id = m.region_id WHERE m.id = $1`,
      [id],
    );
    return rows[0] && toMailbox(rows[0]);
  }

  /** Active mailboxes and when they last changed: what the fetch supervisor runs. */
  async active(): Promise<MailboxWithStatus[]> {
    const rows = await sql.rows<Row>(
      this.db,
      `SELECT ${COLUMNS} FROM mailbox m LEFT JOIN region r ON r.id = m.region_id WHERE m.active ORDER BY m.id`,
    );
    return rows.map(toMailbox);
  }

  async insert(m: EntityManager, id: string, w: MailboxWrite, sealed: Buffer | null): Promise<void> {
    await sql.exec(
      m,
      `INSERT INTO mailbox (id, address, host, port, security, username, auth, oauth, folder, processed_folder, region_id, fetch_since,
                            send_via, smtp_host, smtp_port, smtp_security, active, secret_sealed, organisation_id)
       VALUES ($17, $1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11::date, $12, $13, $14, $15, $16, $18, $19)`,
      [...writeParams(w), id, sealed, w.organisationId ?? null],
    );
  }

  /**
   * Settings changed by an admin. A changed server, account or folder starts the sync afresh
   * (the UIDs of another folder mean nothing here); fetching stays idempotent by fingerprint.
   */
  async update(m: EntityManager, id: string, w: MailboxWrite, sealed: Buffer | undefined): Promise<boolean> {
    const changed = await sql.count(
      m,
      `UPDATE mailbox SET
          uid_validity = CASE WHEN (host, port, username, folder) IS DISTINCT FROM ($2, $3, $5, $8) THEN NULL ELSE uid_validity END,
          synced_uid = CASE WHEN (host, port, username, folder) IS DISTINCT FROM ($2, $3, $5, $8) THEN 0 ELSE synced_uid END,
          address = $1, host = $2, port = $3, security = $4, username = $5, auth = $6, oauth = $7::jsonb, folder = $8,
          processed_folder = $9, region_id = $10, fetch_since = $11::date, send_via = $12, smtp_host = $13, smtp_port = $14,
          smtp_security = $15, active = $16, secret_sealed = CASE WHEN $18::boolean THEN $19 ELSE secret_sealed END,
          organisation_id = $20, failing_since = NULL, updated_at = now()
        WHERE id = $17 AND source = 'admin' RETURNING id`,
      [...writeParams(w), id, sealed !== undefined, sealed ?? null, w.organisationId ?? null],
    );
    return changed > 0;
  }

  /** IMAP_URL's mailbox: one row (source 'env'), brought in step with the setting at every start. */
  async upsertEnv(w: MailboxWrite, newId: string): Promise<string> {
    const rows = await sql.rows<{ id: string }>(
      this.db,
      `INSERT INTO mailbox (id, source, address, host, port, security, username, auth, oauth, folder, processed_folder, region_id,
                            fetch_since, send_via, smtp_host, smtp_port, smtp_security, active)
       VALUES ($17, 'env', $1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11::date, $12, $13, $14, $15, $16)
       ON CONFLICT (source) WHERE source = 'env' DO UPDATE SET
          uid_validity = CASE WHEN (mailbox.host, mailbox.port, mailbox.username, mailbox.folder) IS DISTINCT FROM (EXCLUDED.host, EXCLUDED.port, EXCLUDED.username, EXCLUDED.folder)
                              THEN NULL ELSE mailbox.uid_validity END,
          synced_uid = CASE WHEN (mailbox.host, mailbox.port, mailbox.username, mailbox.folder) IS DISTINCT FROM (EXCLUDED.host, EXCLUDED.port, EXCLUDED.username, EXCLUDED.folder)
                            THEN 0 ELSE mailbox.synced_uid END,
          address = EXCLUDED.address, host = EXCLUDED.host, port = EXCLUDED.port, security = EXCLUDED.security,
          username = EXCLUDED.username, folder = EXCLUDED.folder, processed_folder = EXCLUDED.processed_folder,
          region_id = EXCLUDED.region_id, active = true,
          updated_at = CASE WHEN (mailbox.address, mailbox.host, mailbox.port, mailbox.security, mailbox.username, mailbox.folder, mailbox.processed_folder, mailbox.region_id, mailbox.active)
                                 IS DISTINCT FROM (EXCLUDED.address, EXCLUDED.host, EXCLUDED.port, EXCLUDED.security, EXCLUDED.username, EXCLUDED.folder, EXCLUDED.processed_folder, EXCLUDED.region_id, true)
                            THEN now() ELSE mailbox.updated_at END
       RETURNING id`,
      [...writeParams(w), newId],
    );
    return rows[0].id;
  }

  /** IMAP_URL was removed: its mailbox stops (its history stays, for idempotency and the log). */
  async deactivateEnv(): Promise<void> {
    await sql.exec(
      this.db,
      `UPDATE mailbox SET active = false, connected = false, updated_at = now() WHERE source = 'env' AND active`,
    );
  }

  async sealedSecret(id: string): Promise<Buffer | null> {
    const rows = await sql.rows<{ secret_sealed: Buffer | null }>(
      this.db,
      `SELECT secret_sealed FROM mailbox WHERE id = $1`,
      [id],
    );
    return rows[0]?.secret_sealed ?? null;
  }

  /** A rotated refresh token (or re-sealed secret); does not count as a settings change. */
  async saveSecret(id: string, sealed: Buffer): Promise<void> {
    await sql.exec(this.db, `UPDATE mailbox SET secret_sealed = $2 WHERE id = $1`, [id, sealed]);
  }

  // ---- The fetching lease: one instance fetches a mailbox, another takes over when it lapses --

  async acquireLease(id: string, owner: string, seconds: number): Promise<boolean> {
    const changed = await sql.count(
      this.db,
      `UPDATE mailbox SET lease_owner = $2, lease_until = now() + make_interval(secs => $3)
        WHERE id = $1 AND active AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until < now()) RETURNING id`,
      [id, owner, seconds],
    );
    return changed > 0;
  }

  async releaseLease(id: string, owner: string): Promise<void> {
    await sql.exec(
      this.db,
      `UPDATE mailbox SET lease_owner = NULL, lease_until = NULL, connected = false WHERE id = $1 AND lease_owner = $2`,
      [id, owner],
    );
  }

  // ---- Status ---------------------------------------------------------------------------------

  async markConnected(id: string, owner: string, connected: boolean): Promise<void> {
    await sql.exec(this.db, `UPDATE mailbox SET connected = $3 WHERE id = $1 AND lease_owner = $2`, [
      id,
      owner,
      connected,
    ]);
  }

  /** Records a problem; `failing` (the default) also starts the failing clock /health watches. */
  async markProblem(id: string, owner: string | null, p: MailboxProblem, failing = true): Promise<void> {
    await sql.exec(
      this.db,
      `UPDATE mailbox SET last_error = $2, last_error_detail = $3, last_error_at = now(),
              failing_since = CASE WHEN $5 THEN COALESCE(failing_since, now()) ELSE failing_since END
        WHERE id = $1 AND ($4::text IS NULL OR lease_owner = $4)`,
      [id, p.code, p.detail, owner, failing],
    );
  }

  /** A sync went through: the mailbox works (again). */
  async markSynced(id: string, owner: string): Promise<void> {
    await sql.exec(
      this.db,
      `UPDATE mailbox SET last_fetch_at = now(), failing_since = NULL WHERE id = $1 AND lease_owner = $2`,
      [id, owner],
    );
  }

  /** Mailboxes failing longer than `minutes` (for /health). */
  async failingLongerThan(
    minutes: number,
  ): Promise<{ id: string; address: string; since: Date; error: string | null }[]> {
    return sql.rows<{ id: string; address: string; since: Date; error: string | null }>(
      this.db,
      `SELECT id, address, failing_since AS since, last_error AS error FROM mailbox
        WHERE active AND failing_since IS NOT NULL AND failing_since <= now() - make_interval(mins => $1) ORDER BY failing_since`,
      [minutes],
    );
  }

  // ---- Sync position and idempotency --------------------------------------------------------------

  async syncState(id: string): Promise<{ uidValidity: number | null; syncedUid: number }> {
    const rows = await sql.rows<{ uid_validity: string | null; synced_uid: string }>(
      this.db,
      `SELECT uid_validity, synced_uid FROM mailbox WHERE id = $1`,
      [id],
    );
    const r = rows[0];
    return {
      uidValidity: r?.uid_validity == null ? null : Number(r.uid_validity),
      syncedUid: Number(r?.synced_uid ?? 0),
    };
  }

  /** A new UIDVALIDITY (or a first sync): every UID is looked at again; fingerprints keep it from doubling. */
  async resetSync(id: string, uidValidity: number): Promise<void> {
    await sql.exec(this.db, `UPDATE mailbox SET uid_validity = $2, synced_uid = 0 WHERE id = $1`, [id, uidValidity]);
  }

  /** Every UID up to `uid` is stored and marked on the server; never moves backwards. */
  async advance(id: string, uidValidity: number, uid: number): Promise<void> {
    await sql.exec(
      this.db,
      `UPDATE mailbox SET synced_uid = GREATEST(synced_uid, $3) WHERE id = $1 AND uid_validity = $2`,
      [id, uidValidity, uid],
    );
  }

  /** Whether anything was ever stored from this mailbox (a resync checks Message-IDs first). */
  async hasMessages(id: string): Promise<boolean> {
    const { any } = await sql.only<{ any: boolean }>(
      this.db,
      `SELECT EXISTS (SELECT 1 FROM mailbox_message WHERE mailbox_id = $1) AS any`,
      [id],
    );
    return any === true;
  }

  /** Which of these UIDs are already stored (committed before a crash or a cut connection). */
  async knownUids(id: string, uidValidity: number, uids: number[]): Promise<Set<number>> {
    if (!uids.length) return new Set();
    const rows = await sql.rows<{ uid: string }>(
      this.db,
      `SELECT uid FROM mailbox_message WHERE mailbox_id = $1 AND uid_validity = $2 AND uid = ANY($3::bigint[])`,
      [id, uidValidity, uids],
    );
    return new Set(rows.map((r) => Number(r.uid)));
  }

  /** Which of these fingerprints are already stored (the same mail under another UID). */
  async knownFingerprints(id: string, fingerprints: Buffer[]): Promise<Set<string>> {
    if (!fingerprints.length) return new Set();
    const rows = await sql.rows<{ fingerprint: Buffer }>(
      this.db,
      `SELECT fingerprint FROM mailbox_message WHERE mailbox_id = $1 AND fingerprint = ANY($2::bytea[])`,
      [id, fingerprints],
    );
    return new Set(rows.map((r) => r.fingerprint.toString('hex')));
  }

  /**
   * Claims the fetched mails for this mailbox inside the caller's transaction. A mail whose UID or
   * fingerprint is already there (stored earlier, or by another instance a moment ago: the insert
   * waits for its commit) is left out; the caller stores raw mail only for the ones returned.
   */
  async claim(m: EntityManager, id: string, uidValidity: number, mails: FetchedMail[]): Promise<Set<number>> {
    if (!mails.length) return new Set();
    const rows = await sql.rows<{ uid: string }>(
      m,
      `INSERT INTO mailbox_message (mailbox_id, uid_validity, uid, fingerprint, raw_mail_id)
       SELECT $1, $2, u.uid, u.fp, u.raw FROM unnest($3::bigint[], $4::bytea[], $5::uuid[]) AS u(uid, fp, raw)
       ON CONFLICT DO NOTHING RETURNING uid`,
      [id, uidValidity, mails.map((x) => x.uid), mails.map((x) => x.fingerprint), mails.map((x) => x.rawMailId)],
    );
    return new Set(rows.map((r) => Number(r.uid)));
  }

  async countFetched(m: EntityManager, id: string, n: number): Promise<void> {
    if (n > 0)
      await sql.exec(m, `UPDATE mailbox SET fetched_count = fetched_count + $2, last_fetch_at = now() WHERE id = $1`, [
        id,
        n,
      ]);
  }

  /** The mailbox each case's latest fetched mail came from (per-mailbox sending). */
  async mailboxesOfCases(caseIds: string[]): Promise<Map<string, string>> {
    if (!caseIds.length) return new Map();
    const rows = await sql.rows<{ case_id: string; mailbox_id: string }>(
      this.db,
      `SELECT DISTINCT ON (rm.case_id) rm.case_id, mm.mailbox_id
         FROM raw_mail rm JOIN mailbox_message mm ON mm.raw_mail_id = rm.id
        WHERE rm.case_id = ANY($1::uuid[])
        ORDER BY rm.case_id, rm.received_at DESC`,
      [caseIds],
    );
    return new Map(rows.map((r) => [r.case_id, r.mailbox_id]));
  }
}
