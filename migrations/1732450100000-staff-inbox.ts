import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff accounts and the case inbox: sessions kept in the database (every instance sees them),
 * lockout and TOTP columns, per-user read state, internal notes, tags, soft locks, the
 * append-only audit log, and one index per inbox view.
 */
export class StaffInbox1732450100000 implements MigrationInterface {
  name = 'StaffInbox1732450100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE staff_user
        ADD COLUMN failed_logins        integer NOT NULL DEFAULT 0,
        ADD COLUMN locked_until         timestamptz,
        ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
        ADD COLUMN password_changed_at  timestamptz,
        ADD COLUMN totp_secret          text,
        ADD COLUMN totp_pending_secret  text,
        ADD COLUMN totp_enabled_at      timestamptz,
        ADD COLUMN totp_last_step       bigint,
        ADD COLUMN last_login_at        timestamptz`);

    // A login: the browser cookie or an API bearer token. Only the SHA-256 of the secret is kept.
    await q.query(`
      CREATE TABLE staff_session (
        token_hash    bytea PRIMARY KEY CHECK (length(token_hash) = 32),
        staff_user_id uuid NOT NULL REFERENCES staff_user(id) ON DELETE CASCADE,
        kind          text NOT NULL CHECK (kind IN ('cookie', 'bearer')),
        created_at    timestamptz NOT NULL DEFAULT now(),
        last_seen_at  timestamptz NOT NULL DEFAULT now(),
        expires_at    timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX staff_session_user ON staff_session (staff_user_id)`);
    await q.query(`CREATE INDEX staff_session_expires ON staff_session (expires_at)`);

    // Which case a worker last opened when: the inbox's unread marker.
    await q.query(`
      CREATE TABLE case_read (
        staff_user_id uuid NOT NULL REFERENCES staff_user(id) ON DELETE CASCADE,
        case_id       uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        read_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (staff_user_id, case_id)
      )`);
    await q.query(`CREATE INDEX case_read_case ON case_read (case_id)`);

    // Internal notes: staff only, never sent to the help-seeker.
    await q.query(`
      CREATE TABLE case_note (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id    uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        author_id  uuid NOT NULL REFERENCES staff_user(id),
        body_text  text NOT NULL CHECK (length(body_text) BETWEEN 1 AND 10000),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_note_case ON case_note (case_id, created_at)`);

    await q.query(`
      CREATE TABLE case_tag (
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        tag     text NOT NULL CHECK (tag ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
        PRIMARY KEY (case_id, tag)
      )`);

    // "… is writing a reply": a soft lock that runs out by itself.
    await q.query(`
      CREATE TABLE case_lock (
        case_id       uuid PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
        staff_user_id uuid NOT NULL REFERENCES staff_user(id) ON DELETE CASCADE,
        expires_at    timestamptz NOT NULL
      )`);

    // Every look at and change of a case by staff. No foreign key to cases: a help-seeker who
    // erases their case must not be blocked by (or erase) the trail of who looked at it.
    await q.query(`
      CREATE TABLE audit_log (
        id             bigserial PRIMARY KEY,
        occurred_at    timestamptz NOT NULL DEFAULT now(),
        actor_id       uuid,
        action         text NOT NULL,
        case_id        uuid,
        target_user_id uuid,
        data           jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX audit_log_case ON audit_log (case_id, occurred_at) WHERE case_id IS NOT NULL`);
    await q.query(`CREATE INDEX audit_log_actor ON audit_log (actor_id, occurred_at)`);
    await q.query(`CREATE INDEX audit_log_target ON audit_log (target_user_id, occurred_at) WHERE target_user_id IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`);

    // Inbox order: crisis first, then due time (stored by the SLA engine; none yet = last),
    // then oldest first. A generated column keeps the sort key non-null for keyset pagination.
    await q.query(`
      ALTER TABLE cases ADD COLUMN inbox_due_at timestamptz
        GENERATED ALWAYS AS (COALESCE(next_reply_due_at, first_reply_due_at, 'infinity'::timestamptz)) STORED NOT NULL`);
    const order = `(NOT crisis), inbox_due_at, created_at, id`;
    await q.query(`CREATE INDEX cases_inbox_unassigned ON cases (region_id, ${order}) WHERE status <> 'closed' AND assigned_to IS NULL`);
    await q.query(`CREATE INDEX cases_inbox_open ON cases (region_id, ${order}) WHERE status <> 'closed'`);
    await q.query(`CREATE INDEX cases_inbox_waiting ON cases (region_id, ${order}) WHERE status = 'waiting'`);
    await q.query(`CREATE INDEX cases_inbox_mine ON cases (assigned_to, region_id, ${order}) WHERE status <> 'closed'`);
    await q.query(`CREATE INDEX cases_inbox_closed ON cases (region_id, updated_at DESC, id DESC) WHERE status = 'closed'`);
    // Continuity: the earlier cases of a help-seeker with the same address.
    await q.query(`CREATE INDEX help_seeker_email ON help_seeker (lower(email)) WHERE email IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS help_seeker_email`);
    for (const i of ['unassigned', 'open', 'waiting', 'mine', 'closed']) await q.query(`DROP INDEX IF EXISTS cases_inbox_${i}`);
    await q.query(`ALTER TABLE cases DROP COLUMN IF EXISTS inbox_due_at`);
    for (const t of ['audit_log', 'case_lock', 'case_tag', 'case_note', 'case_read', 'staff_session']) await q.query(`DROP TABLE IF EXISTS ${t}`);
    await q.query(`DROP FUNCTION IF EXISTS audit_log_refuse_change()`);
    await q.query(`
      ALTER TABLE staff_user DROP COLUMN failed_logins, DROP COLUMN locked_until, DROP COLUMN must_change_password,
        DROP COLUMN password_changed_at, DROP COLUMN totp_secret, DROP COLUMN totp_pending_secret,
        DROP COLUMN totp_enabled_at, DROP COLUMN totp_last_step, DROP COLUMN last_login_at`);
  }
}
