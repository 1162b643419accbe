import { MigrationInterface, QueryRunner } from 'typeorm';
/**
 * Manager dashboards read daily roll-ups of the `case_event` facts, never messages or replies.
 * A `reply.sent` event now records each reply's checklist and referral kinds (backfilled here for
 * replies sent before). The roll-up job rebuilds whole days (delete + insert in one
 * transaction), so a run is idempotent and two runners agree; `dashboard_rollup_day` says when a
 * day was last rebuilt, so settled days are left alone.
 */
export class Dashboard1732450800000 implements MigrationInterface {
  name = 'Dashboard1732450800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO case_event (case_id, type, region_id, channel, actor_id, data, occurred_at)
      SELECT r.case_id, 'reply.sent', c.region_id, c.channel, r.author_id,
             jsonb_build_object(
               'replyId', r.id,
               'checks', COALESCE((SELECT jsonb_agg(i->>'item') FROM jsonb_array_elements(r.checklist) i WHERE (i->>'ok')::boolean), '[]'::jsonb),
               'referrals', jsonb_build_object(
                 'social-work', (SELECT count(*) FROM reply_referral rr WHERE rr.reply_id = r.id AND rr.kind = 'social-work'),
                 'face-to-face', (SELECT count(*) FROM reply_referral rr WHERE rr.reply_id = r.id AND rr.kind = 'face-to-face'),
                 'online', (SELECT count(*) FROM reply_referral rr WHERE rr.reply_id = r.id AND rr.kind = 'online'))),
             r.sent_at
        FROM reply r JOIN cases c ON c.id = r.case_id
       WHERE r.status = 'sent' AND r.sent_at IS NOT NULL`);
    // Evaluations are rolled up by the day they were submitted.
    await q.query(`CREATE INDEX evaluation_submitted ON evaluation (submitted_at)`);

    // One row per day, region, topic ('' when none) and channel: sums, so any period adds up.
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
    // Managers ask for their own regions: region first; admins over all regions use the primary key.
    await q.query(`CREATE INDEX dashboard_daily_region_day ON dashboard_daily (region_id, day)`);
    // The same sums over all regions (region_id 0), kept by the roll-up beside the per-region
    // rows: a year for every region is then ~44 rows a day instead of one per region, topic and
    // channel (a million cases fill ~1,300 a day), so admins' long periods stay fast.
    await q.query(`CREATE TABLE dashboard_daily_all (LIKE dashboard_daily INCLUDING DEFAULTS, PRIMARY KEY (day, topic_code, channel))`);

    // Exact percentiles need the single response times: one narrow row per answered reply
    // target, copied from the sla.met/sla.missed facts with the case's topic and channel.
    await q.query(`
      CREATE TABLE dashboard_response (
        event_id         bigint PRIMARY KEY,
        day              date NOT NULL,
        answered_at      timestamptz NOT NULL,
        region_id        integer NOT NULL REFERENCES region(id) ON DELETE CASCADE,
        topic_code       text NOT NULL,
        channel          text NOT NULL,
        target           text NOT NULL CHECK (target IN ('first', 'next')),
        met              boolean NOT NULL,
        wall_seconds     integer NOT NULL,
        business_seconds integer NOT NULL
      )`);
    // INCLUDE makes every dashboard read an index-only scan of the period.
    await q.query(`
      CREATE INDEX dashboard_response_region_time ON dashboard_response (region_id, answered_at)
        INCLUDE (target, met, wall_seconds, business_seconds, topic_code, channel)`);
    // Admins over all regions, and the roll-up's delete of one day, read by time alone.
    await q.query(`
      CREATE INDEX dashboard_response_time ON dashboard_response (answered_at)
        INCLUDE (region_id, target, met, wall_seconds, business_seconds, topic_code, channel)`);
    // The weekly trend of first replies over all regions reads one week at a time from this
    // one, without stepping over the follow-up replies (more than half of the rows).
    await q.query(`
      CREATE INDEX dashboard_response_first_time ON dashboard_response (answered_at)
        INCLUDE (region_id, wall_seconds, business_seconds, topic_code, channel) WHERE target = 'first'`);

    // Percentiles of very many response times are estimated from a fixed 1-in-16 sample (by event
    // id, which says nothing about the time itself); these indexes hold just that sample.
    await q.query(`
      CREATE INDEX dashboard_response_sample_time ON dashboard_response (answered_at)
        INCLUDE (region_id, target, wall_seconds, business_seconds, topic_code, channel) WHERE event_id % 16 = 0`);
    await q.query(`
      CREATE INDEX dashboard_response_sample_region ON dashboard_response (region_id, answered_at)
        INCLUDE (target, wall_seconds, business_seconds, topic_code, channel) WHERE event_id % 16 = 0`);

    // Replies written per worker and day (staff workload, not help-seeker data).
    await q.query(`
      CREATE TABLE dashboard_worker_daily (
        day           date NOT NULL,
        region_id     integer NOT NULL REFERENCES region(id) ON DELETE CASCADE,
        topic_code    text NOT NULL,
        channel       text NOT NULL,
        staff_user_id uuid NOT NULL REFERENCES staff_user(id) ON DELETE CASCADE,
        replies_sent  integer NOT NULL,
        PRIMARY KEY (day, region_id, topic_code, channel, staff_user_id)
      )`);
    await q.query(`CREATE INDEX dashboard_worker_daily_region_day ON dashboard_worker_daily (region_id, day)`);

    await q.query(`
      CREATE TABLE dashboard_rollup_day (
        day       date PRIMARY KEY,
        rolled_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['dashboard_rollup_day', 'dashboard_worker_daily', 'dashboard_response', 'dashboard_daily_all', 'dashboard_daily']) await q.query(`DROP TABLE IF EXISTS ${t}`);
    await q.query(`DROP INDEX IF EXISTS evaluation_submitted`);
    await q.query(`DELETE FROM case_event WHERE type = 'reply.sent'`);
  }
}
