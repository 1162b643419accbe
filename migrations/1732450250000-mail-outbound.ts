import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox: every outgoing mail is a row written in the same transaction as the
 * event that causes it; the sender claims due rows (SKIP LOCKED) and marks them sent, kept (no
 * relay configured: admins read them in the app) or failed.
 */
export class MailOutbound1732450250000 implements MigrationInterface {
  name = 'MailOutbound1732450250000';

  async up(q: QueryRunner): Promise<void> {
    // message_id is fixed at enqueue time: a resend after a crash carries the same one.
    // sealed_link holds the case link's token encrypted, only until the mail is sent or kept.
    // An erased case takes its mails with it.
    await q.query(`
      CREATE TABLE outbox (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id         uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        kind            text NOT NULL CHECK (kind IN ('acknowledgement', 'reply-notification', 'reply')),
        automatic       boolean NOT NULL,
        language        text NOT NULL CHECK (language IN ('nl', 'en')),
        recipient       text NOT NULL,
        subject         text NOT NULL,
        text_body       text NOT NULL,
        html_body       text,
        message_id      text NOT NULL UNIQUE,
        in_reply_to     text,
        "references"    text[] NOT NULL DEFAULT '{}',
        sealed_link     bytea,
        status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'kept', 'failed')),
        attempts        integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error      text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        sent_at         timestamptz,
        CONSTRAINT outbox_done_has_time CHECK (status NOT IN ('sent', 'kept') OR sent_at IS NOT NULL)
      )`);
    // The sender's work list stays small: only mail that still waits.
    await q.query(`CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX outbox_case ON outbox (case_id, created_at)`);
    // The acknowledgement throttle: the last acknowledgement to one address.
    await q.query(`CREATE INDEX outbox_ack_recipient ON outbox (lower(recipient), created_at) WHERE kind = 'acknowledgement'`);
    // The admins' list of mail kept in the app, newest first.
    await q.query(`CREATE INDEX outbox_created ON outbox (created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox`);
  }
}
