import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The SLA engine: a calendar and policies per region, the running reply target on each case, a
 * pause ledger for "waiting on the help-seeker", warning/breach notices (one per case, kind and
 * run of a target, which is what makes the scan idempotent across instances) and in-app staff
 * notifications.
 */
export class Sla1732450300000 implements MigrationInterface {
  name = 'Sla1732450300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sla_calendar (
        region_id       integer PRIMARY KEY REFERENCES region(id) ON DELETE CASCADE,
        weekly_hours    jsonb NOT NULL,
        holiday_country char(2) CHECK (holiday_country IN ('NL', 'BE')),
        holiday_state   text CHECK (holiday_state ~ '^[A-Z]{2,3}$'),
        opt_in_holidays text[] NOT NULL DEFAULT '{}',
        updated_at      timestamptz NOT NULL DEFAULT now(),
        updated_by      uuid REFERENCES staff_user(id)
      )`);
    await q.query(`
      CREATE TABLE sla_closed_day (
        region_id integer NOT NULL REFERENCES region(id) ON DELETE CASCADE,
        day       date NOT NULL,
        reason    text CHECK (length(reason) <= 200),
        PRIMARY KEY (region_id, day)
      )`);

    // Targets in business minutes (or wall-clock minutes when wall_clock); topic-specific rows win.
    await q.query(`
      CREATE TABLE sla_policy (
        id                  serial PRIMARY KEY,
        region_id           integer NOT NULL REFERENCES region(id) ON DELETE CASCADE,
        topic_code          text REFERENCES topic(code),
        crisis              boolean NOT NULL DEFAULT false,
        first_reply_minutes integer NOT NULL CHECK (first_reply_minutes BETWEEN 1 AND 100000),
        next_reply_minutes  integer NOT NULL CHECK (next_reply_minutes BETWEEN 1 AND 100000),
        wall_clock          boolean NOT NULL DEFAULT false,
        warn_percent        integer NOT NULL DEFAULT 75 CHECK (warn_percent BETWEEN 1 AND 99),
        updated_at          timestamptz NOT NULL DEFAULT now(),
        updated_by          uuid REFERENCES staff_user(id)
      )`);
    await q.query(`CREATE UNIQUE INDEX sla_policy_scope ON sla_policy (region_id, COALESCE(topic_code, ''), crisis)`);

    // The running target: which reply is owed since when; sla_check_at is the next moment the
    // warning scan must look at the case (its warning instant, then its due time, then nothing).
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN sla_target     text CHECK (sla_target IN ('first', 'next')),
        ADD COLUMN sla_started_at timestamptz,
        ADD COLUMN sla_check_at   timestamptz`);
    await q.query(`CREATE INDEX cases_first_reply_due ON cases (first_reply_due_at) WHERE first_reply_due_at IS NOT NULL`);
    await q.query(`CREATE INDEX cases_next_reply_due ON cases (next_reply_due_at) WHERE next_reply_due_at IS NOT NULL`);
    await q.query(`CREATE INDEX cases_sla_check ON cases (sla_check_at) WHERE sla_check_at IS NOT NULL`);
    // A policy or calendar change walks a region's running targets in id order.
    await q.query(`CREATE INDEX cases_sla_running ON cases (region_id, id) WHERE sla_target IS NOT NULL`);

    // Waiting on the help-seeker stops the clock; at most one open pause per case.
    await q.query(`
      CREATE TABLE sla_pause (
        id         bigserial PRIMARY KEY,
        case_id    uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        started_at timestamptz NOT NULL,
        ended_at   timestamptz,
        CONSTRAINT sla_pause_ordered CHECK (ended_at IS NULL OR ended_at >= started_at)
      )`);
    await q.query(`CREATE INDEX sla_pause_case ON sla_pause (case_id, started_at)`);
    await q.query(`CREATE UNIQUE INDEX sla_pause_open ON sla_pause (case_id) WHERE ended_at IS NULL`);

    // One warning and one breach per run of a target (identified by its clock start), however
    // often its due time is recomputed.
    await q.query(`
      CREATE TABLE sla_notice (
        case_id           uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        kind              text NOT NULL CHECK (kind IN ('warning', 'breach')),
        target_started_at timestamptz NOT NULL,
        due_at            timestamptz NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, kind, target_started_at)
      )`);

    // In-app notifications for staff: facts and a case id, never case content.
    await q.query(`
      CREATE TABLE staff_notification (
        id            bigserial PRIMARY KEY,
        staff_user_id uuid NOT NULL REFERENCES staff_user(id) ON DELETE CASCADE,
        case_id       uuid REFERENCES cases(id) ON DELETE CASCADE,
        kind          text NOT NULL,
        data          jsonb NOT NULL DEFAULT '{}',
        created_at    timestamptz NOT NULL DEFAULT now(),
        read_at       timestamptz
      )`);
    await q.query(`CREATE INDEX staff_notification_unread ON staff_notification (staff_user_id, created_at DESC) WHERE read_at IS NULL`);
    await q.query(`CREATE INDEX staff_notification_case ON staff_notification (case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['staff_notification', 'sla_notice', 'sla_pause', 'sla_policy', 'sla_closed_day', 'sla_calendar']) await q.query(`DROP TABLE IF EXISTS ${t}`);
    for (const i of ['cases_first_reply_due', 'cases_next_reply_due', 'cases_sla_check', 'cases_sla_running']) await q.query(`DROP INDEX IF EXISTS ${i}`);
    await q.query(`ALTER TABLE cases DROP COLUMN sla_target, DROP COLUMN sla_started_at, DROP COLUMN sla_check_at`);
  }
}
