import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organisation's own mailboxes, fetched over IMAP (issue 18). `mailbox` holds the settings
 * (secrets only sealed, with a key outside the database), the sync position and the status the
 * admin page and /metrics show. A mailbox routes to one region or, without one, by postcode/text
 * like the service address; when regions come to belong to organisations, an `organisation_id`
 * column can be added here for the mailboxes that route by postcode.
 *
 * `mailbox_message` makes fetching idempotent: one row per mail taken from a mailbox, unique by
 * (mailbox, UIDVALIDITY, UID) and by the mail's fingerprint (its Message-ID, else its bytes), and
 * written in the same transaction as the `raw_mail` row. A refetch after a crash, a cut
 * connection, a changed UIDVALIDITY or a second instance finds the row and stores nothing twice.
 * The row outlives the raw mail (erasure and retention delete that; the fingerprint is a hash, so
 * nothing readable stays behind).
 */
export class Mailboxes1733400000000 implements MigrationInterface {
  name = 'Mailboxes1733400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mailbox (
        id               uuid PRIMARY KEY,
        source           text NOT NULL DEFAULT 'admin' CHECK (source IN ('admin', 'env')),
        address          text NOT NULL,
        host             text NOT NULL,
        port             integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
        security         text NOT NULL CHECK (security IN ('tls', 'starttls', 'none')),
        username         text NOT NULL,
        auth             text NOT NULL CHECK (auth IN ('password', 'microsoft', 'google', 'oauth2')),
        oauth            jsonb NOT NULL DEFAULT '{}',
        secret_sealed    bytea,
        folder           text NOT NULL DEFAULT 'INBOX',
        processed_folder text,
        region_id        integer REFERENCES region(id),
        fetch_since      date,
        send_via         text NOT NULL DEFAULT 'relay' CHECK (send_via IN ('relay', 'mailbox', 'service')),
        smtp_host        text,
        smtp_port        integer CHECK (smtp_port BETWEEN 1 AND 65535),
        smtp_security    text CHECK (smtp_security IN ('tls', 'starttls', 'none')),
        active           boolean NOT NULL DEFAULT true,
        uid_validity     bigint,
        synced_uid       bigint NOT NULL DEFAULT 0,
        lease_owner      text,
        lease_until      timestamptz,
        connected        boolean NOT NULL DEFAULT false,
        last_fetch_at    timestamptz,
        fetched_count    bigint NOT NULL DEFAULT 0,
        last_error       text,
        last_error_detail text,
        last_error_at    timestamptz,
        failing_since    timestamptz,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT mailbox_own_smtp CHECK (send_via <> 'mailbox' OR (smtp_host IS NOT NULL AND smtp_port IS NOT NULL AND smtp_security IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX mailbox_address ON mailbox (lower(address))`);
    // IMAP_URL's mailbox is one row, kept in step with the setting at start.
    await q.query(`CREATE UNIQUE INDEX mailbox_env ON mailbox (source) WHERE source = 'env'`);

    await q.query(`
      CREATE TABLE mailbox_message (
        mailbox_id   uuid NOT NULL REFERENCES mailbox(id) ON DELETE CASCADE,
        uid_validity bigint NOT NULL,
        uid          bigint NOT NULL,
        fingerprint  bytea NOT NULL CHECK (length(fingerprint) = 32),
        raw_mail_id  uuid REFERENCES raw_mail(id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
        fetched_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (mailbox_id, uid_validity, uid)
      )`);
    await q.query(`CREATE UNIQUE INDEX mailbox_message_fingerprint ON mailbox_message (mailbox_id, fingerprint)`);
    // Per-mailbox sending finds the mailbox of a case's mail; erasure and retention set this to NULL.
    await q.query(`CREATE INDEX mailbox_message_raw ON mailbox_message (raw_mail_id) WHERE raw_mail_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mailbox_message`);
    await q.query(`DROP TABLE mailbox`);
  }
}
