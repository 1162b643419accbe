import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inbound e-mail: every accepted mail's raw bytes (committed before SMTP says 250), what
 * processing made of it, the mail details of messages that came by e-mail, and attachments.
 */
export class MailInbound1732450200000 implements MigrationInterface {
  name = 'MailInbound1732450200000';

  async up(q: QueryRunner): Promise<void> {
    // status: stored (accepted, not yet processed) → processed | quarantined (kept with its error).
    // A help-seeker who erases their case takes its mails with it (case_id cascades).
    await q.query(`
      CREATE TABLE raw_mail (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        received_at    timestamptz NOT NULL DEFAULT now(),
        mail_from      text NOT NULL,
        rcpt_to        text[] NOT NULL CHECK (cardinality(rcpt_to) > 0),
        remote_address text,
        size           integer NOT NULL CHECK (size >= 0),
        sha256         bytea NOT NULL CHECK (length(sha256) = 32),
        bytes          bytea NOT NULL,
        status         text NOT NULL DEFAULT 'stored' CHECK (status IN ('stored', 'processed', 'quarantined')),
        class          text CHECK (class IN ('message', 'auto-reply', 'bounce', 'loop', 'duplicate')),
        reason         text,
        message_id     text,
        content_sha256 bytea CHECK (length(content_sha256) = 32),
        case_id        uuid REFERENCES cases(id) ON DELETE CASCADE,
        error          text,
        attempts       integer NOT NULL DEFAULT 0,
        processed_at   timestamptz,
        CONSTRAINT raw_mail_processed_has_class CHECK (status <> 'processed' OR class IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX raw_mail_received ON raw_mail (received_at DESC, id DESC)`);
    await q.query(`CREATE INDEX raw_mail_status_received ON raw_mail (status, received_at DESC, id DESC)`);
    // The sweeper's work list stays small: only mail that still waits.
    await q.query(`CREATE INDEX raw_mail_waiting ON raw_mail (received_at) WHERE status = 'stored'`);
    await q.query(`CREATE INDEX raw_mail_message_id ON raw_mail (message_id, content_sha256) WHERE message_id IS NOT NULL`);
    await q.query(`CREATE INDEX raw_mail_case ON raw_mail (case_id) WHERE case_id IS NOT NULL`);

    // The e-mail side of a message: body_text holds the new text, full_text the whole body.
    await q.query(`
      CREATE TABLE mail_message (
        message_id        uuid PRIMARY KEY REFERENCES message(id) ON DELETE CASCADE,
        raw_mail_id       uuid NOT NULL UNIQUE REFERENCES raw_mail(id) ON DELETE CASCADE,
        header_message_id text,
        from_address      text,
        subject           text,
        full_text         text NOT NULL,
        html              text
      )`);

    // Attachments and inline images, for staff download; bytes kept apart from the message row.
    await q.query(`
      CREATE TABLE mail_attachment (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        message_id   uuid NOT NULL REFERENCES message(id) ON DELETE CASCADE,
        filename     text,
        content_type text NOT NULL,
        size         integer NOT NULL CHECK (size >= 0),
        content_id   text,
        inline       boolean NOT NULL DEFAULT false,
        sha256       bytea NOT NULL CHECK (length(sha256) = 32),
        bytes        bytea NOT NULL
      )`);
    await q.query(`CREATE INDEX mail_attachment_message ON mail_attachment (message_id)`);

    // A bounce tells us the help-seeker's address no longer takes mail: shown on the case, no more sending.
    await q.query(`ALTER TABLE cases ADD COLUMN email_undeliverable_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP COLUMN email_undeliverable_at`);
    await q.query(`DROP TABLE mail_attachment`);
    await q.query(`DROP TABLE mail_message`);
    await q.query(`DROP TABLE raw_mail`);
  }
}
