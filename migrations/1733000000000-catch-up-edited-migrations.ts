import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Four landed migrations were edited after some databases had already run them (staff-inbox,
 * sla, privacy, dashboard). TypeORM never runs a migration twice, so such a database silently
 * lacked the later text. This one brings any of them to exactly today's schema, and does nothing
 * on a database created after the edits. Every step checks what is there first.
 */
export class CatchUpEditedMigrations1733000000000 implements MigrationInterface {
  name = 'CatchUpEditedMigrations1733000000000';

  async up(q: QueryRunner): Promise<void> {
    await this.inboxMineIndex(q);
    await this.slaNoticeByTargetRun(q);
    // privacy: /metrics counts given-up outgoing mail at every scrape.
    await q.query(`CREATE INDEX IF NOT EXISTS outbox_failed ON outbox (created_at) WHERE status = 'failed'`);
    await this.dashboardRollups(q);
  }

  /** staff-inbox: "my cases" is scoped by region too, so the index leads with both. */
  private async inboxMineIndex(q: QueryRunner): Promise<void> {
    const [idx] = await q.query(`SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'cases_inbox_mine'`);
    if (idx && /\(assigned_to, region_id,/.test(idx.indexdef)) return;
    await q.query(`DROP INDEX IF EXISTS cases_inbox_mine`);
    await q.query(
      `CREATE INDEX cases_inbox_mine ON cases (assigned_to, region_id, (NOT crisis), inbox_due_at, created_at, id) WHERE status <> 'closed'`,
    );
  }

  /**
   * sla: a notice is unique per run of a target (its clock start), not per due time, which moved
   * with every recompute. The old rows are carried over: a notice for the case's current due time
   * belongs to the current run; an older one keeps its due time as a stand-in for its run.
   */
  private async slaNoticeByTargetRun(q: QueryRunner): Promise<void> {
    if (await this.hasColumn(q, 'sla_notice', 'target_started_at')) return;
    await q.query(`ALTER TABLE sla_notice RENAME TO sla_notice_before_runs`);
    // Free the constraint names, so the new table's match a fresh database's.
    for (const c of ['pkey', 'case_id_fkey', 'kind_check']) {
      await q.query(`ALTER TABLE sla_notice_before_runs RENAME CONSTRAINT sla_notice_${c} TO sla_notice_before_runs_${c}`);
    }
    await q.query(`
      CREATE TABLE sla_notice (
        case_id           uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        kind              text NOT NULL CHECK (kind IN ('warning', 'breach')),
        target_started_at timestamptz NOT NULL,
        due_at            timestamptz NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, kind, target_started_at)
      )`);
    await q.query(`
      INSERT INTO sla_notice (case_id, kind, target_started_at, due_at, created_at)
      SELECT n.case_id, n.kind,
             CASE WHEN c.sla_started_at IS NOT NULL AND n.due_at = COALESCE(c.first_reply_due_at, c.next_reply_due_at)
                  THEN c.sla_started_at ELSE n.due_at END,
             n.due_at, n.created_at
        FROM sla_notice_before_runs n JOIN cases c ON c.id = n.case_id
      ON CONFLICT DO NOTHING`);
    await q.query(`DROP TABLE sla_notice_before_runs`);
  }

  /**
   * dashboard: the daily roll-up gained running sums (for means) and a region-summed twin. Roll-ups
   * are derived from the case_event facts, so an old shape is dropped, created anew and every day
   * marked for the roll-up job to rebuild; the column order then matches a fresh database too.
   */
  private async dashboardRollups(q: QueryRunner): Promise<void> {
    const current =
      (await this.hasColumn(q, 'dashboard_daily', 'next_business_sum')) &&
      (await this.hasColumn(q, 'dashboard_daily_all', 'next_business_sum'));
    if (!current) {
      await q.query(`DROP TABLE IF EXISTS dashboard_daily_all`);
      await q.query(`DROP TABLE IF EXISTS dashboard_daily`);
      await q.query(`
        CREATE TABLE dashboard_daily (
          day                   date NOT NULL,
          region_id             integer NOT NULL REFERENCES region(id) ON DELETE CASCADE,
          topic_code            text NOT NULL,
          channel               text NOT NULL,
          cases_new             integer NOT NULL DEFAULT 0,
          messages_in           integer NOT NULL DEFAULT 0,
          messages_out          integer NOT NULL DEFAULT 0,
          first_replies         integer NOT NULL DEFAULT 0,
          first_met             integer NOT NULL DEFAULT 0,
          next_replies          integer NOT NULL DEFAULT 0,
          next_met              integer NOT NULL DEFAULT 0,
          first_wall_sum        bigint NOT NULL DEFAULT 0,
          first_business_sum    bigint NOT NULL DEFAULT 0,
          next_wall_sum         bigint NOT NULL DEFAULT 0,
          next_business_sum     bigint NOT NULL DEFAULT 0,
          check_summary         integer NOT NULL DEFAULT 0,
          check_verification    integer NOT NULL DEFAULT 0,
          check_open_question   integer NOT NULL DEFAULT 0,
          check_strengths       integer NOT NULL DEFAULT 0,
          check_advice          integer NOT NULL DEFAULT 0,
          check_recap           integer NOT NULL DEFAULT 0,
          check_feedback        integer NOT NULL DEFAULT 0,
          check_referral        integer NOT NULL DEFAULT 0,
          check_online_referral integer NOT NULL DEFAULT 0,
          referrals_social_work integer NOT NULL DEFAULT 0,
          referrals_face_to_face integer NOT NULL DEFAULT 0,
          referrals_online      integer NOT NULL DEFAULT 0,
          evaluations           integer NOT NULL DEFAULT 0,
          eval_pleasant         integer NOT NULL DEFAULT 0,
          eval_helped           integer NOT NULL DEFAULT 0,
          eval_personal_contact integer NOT NULL DEFAULT 0,
          eval_meaningful_sum   integer NOT NULL DEFAULT 0,
          eval_helped_sum       integer NOT NULL DEFAULT 0,
          PRIMARY KEY (day, region_id, topic_code, channel)
        )`);
      await q.query(`CREATE INDEX dashboard_daily_region_day ON dashboard_daily (region_id, day)`);
      await q.query(
        `CREATE TABLE dashboard_daily_all (LIKE dashboard_daily INCLUDING DEFAULTS, PRIMARY KEY (day, topic_code, channel))`,
      );
      // An empty ledger makes the roll-up job rebuild every day with facts.
      await q.query(`DELETE FROM dashboard_rollup_day`);
    }
    await q.query(`
      CREATE INDEX IF NOT EXISTS dashboard_response_first_time ON dashboard_response (answered_at)
        INCLUDE (region_id, wall_seconds, business_seconds, topic_code, channel) WHERE target = 'first'`);
    await q.query(`
      CREATE INDEX IF NOT EXISTS dashboard_response_sample_time ON dashboard_response (answered_at)
        INCLUDE (region_id, target, wall_seconds, business_seconds, topic_code, channel) WHERE event_id % 16 = 0`);
    await q.query(`
      CREATE INDEX IF NOT EXISTS dashboard_response_sample_region ON dashboard_response (region_id, answered_at)
        INCLUDE (target, wall_seconds, business_seconds, topic_code, channel) WHERE event_id % 16 = 0`);
  }

  private async hasColumn(q: QueryRunner, table: string, column: string): Promise<boolean> {
    const rows = await q.query(
      `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2`,
      [table, column],
    );
    return rows.length > 0;
  }

  async down(): Promise<void> {
    // Nothing to undo: the schema this reaches is the one the edited migrations create themselves.
  }
}
