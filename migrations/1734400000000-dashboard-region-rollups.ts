import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Narrow roll-ups for the figures per region and per worker (issue 16: the platform admin's
 * `regions`, `organisations` and `workload` over all 200 regions). Those figures need a handful
 * of sums per region or per worker, yet read `dashboard_daily` and `dashboard_worker_daily`,
 * split per topic and channel: an admin's year was a seq scan of ~1.2-1.4 million wide rows.
 * Without a topic or channel filter they now read these tables, the same sums added up over topic
 * and channel (per day and region; per week, region and worker), kept by the roll-up job in the
 * same transaction as the others; with a filter they read the split tables as before. Both are
 * derived data, so they are filled here from the split tables.
 */
export class DashboardRegionRollups1734400000000 implements MigrationInterface {
  name = 'DashboardRegionRollups1734400000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per day and region: ~200 a day instead of one per region, topic and channel.
    await q.query(`
      CREATE TABLE dashboard_region_daily (
        day          date NOT NULL,
        region_id    integer NOT NULL REFERENCES region(id) ON DELETE CASCADE,
        cases_new    integer NOT NULL,
        messages_out integer NOT NULL,
        answered     integer NOT NULL,
        met          integer NOT NULL,
        PRIMARY KEY (day, region_id)
      )`);
    // Managers ask for their own regions; admins over all regions use the primary key.
    await q.query(`CREATE INDEX dashboard_region_daily_region_day ON dashboard_region_daily (region_id, day)`);
    await q.query(`
      INSERT INTO dashboard_region_daily (day, region_id, cases_new, messages_out, answered, met)
      SELECT day, region_id, sum(cases_new), sum(messages_out), sum(first_replies + next_replies), sum(first_met + next_met)
        FROM dashboard_daily GROUP BY day, region_id`);

    // Replies per worker, region and ISO week (starting Monday), without text columns: a worker's
    // day is ~1.7 replies, so per day this would still be ~600,000 rows for an admin's year; per
    // week it is ~100,000. A period's whole weeks come from here, its few days around them from
    // dashboard_worker_daily.
    await q.query(`
      CREATE TABLE dashboard_worker_weekly (
        week          date NOT NULL CHECK (extract(isodow FROM week) = 1),
        region_id     integer NOT NULL REFERENCES region(id) ON DELETE CASCADE,
        staff_user_id uuid NOT NULL REFERENCES staff_user(id) ON DELETE CASCADE,
        replies_sent  integer NOT NULL,
        PRIMARY KEY (week, region_id, staff_user_id) INCLUDE (replies_sent)
      )`);
    await q.query(
      `CREATE INDEX dashboard_worker_weekly_region_week ON dashboard_worker_weekly (region_id, week) INCLUDE (staff_user_id, replies_sent)`,
    );
    await q.query(`
      INSERT INTO dashboard_worker_weekly (week, region_id, staff_user_id, replies_sent)
      SELECT day - (extract(isodow FROM day)::int - 1), region_id, staff_user_id, sum(replies_sent)
        FROM dashboard_worker_daily GROUP BY 1, region_id, staff_user_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS dashboard_worker_weekly`);
    await q.query(`DROP TABLE IF EXISTS dashboard_region_daily`);
  }
}
