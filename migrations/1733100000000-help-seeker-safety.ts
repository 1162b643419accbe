import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Help-seeker safety: the short-lived browser session a case link is exchanged for (so the token
 * leaves the address bar and the history, and quick exit can end it on the server), idempotency
 * keys for questions (a reload or a double click gives the same case), and the answer to the
 * form's crisis question. Sessions and keys hold the case token only sealed (AES-GCM under a
 * server secret), because the confirmation page must be able to show the link again.
 */
export class HelpSeekerSafety1733100000000 implements MigrationInterface {
  name = 'HelpSeekerSafety1733100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE help_seeker_session (
        id_hash      bytea PRIMARY KEY CHECK (length(id_hash) = 32),
        case_id      uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        sealed_token bytea NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX help_seeker_session_case ON help_seeker_session (case_id)`);
    await q.query(`CREATE INDEX help_seeker_session_seen ON help_seeker_session (last_seen_at)`);

    await q.query(`
      CREATE TABLE question_idempotency (
        key_hash     bytea PRIMARY KEY CHECK (length(key_hash) = 32),
        fingerprint  bytea NOT NULL,
        case_id      uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        sealed_token bytea NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX question_idempotency_created ON question_idempotency (created_at)`);
    await q.query(`CREATE INDEX question_idempotency_case ON question_idempotency (case_id)`);

    await q.query(`
      ALTER TABLE cases ADD COLUMN crisis_self_report text
        CHECK (crisis_self_report IN ('yes', 'no', 'rather-not-say'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP COLUMN crisis_self_report`);
    await q.query(`DROP TABLE question_idempotency`);
    await q.query(`DROP TABLE help_seeker_session`);
  }
}
