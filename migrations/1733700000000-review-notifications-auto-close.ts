import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17, items 1, 2 and 7.
 *
 * - `notification` (owned by src/notifications): the staff in-app notifications. It is the old
 *   `staff_notification` renamed (its rows and ids kept) with a task state for the help-seeker's
 *   request for personal contact (`done_at`). Facts and a case id only, never case content.
 * - `notification_setting`: per staff member, how the content-free SLA e-mail goes out: off,
 *   immediately (throttled, as before) or once a day as a digest (`digest_through`: what the last
 *   digest covered).
 * - `reply_review` (owned by src/replies): every review step of a trainee's reply (submitted,
 *   edited, returned, approved) with the supervisor's comment and, for an edit, the sections before
 *   it. Comments live only here, apart from the reply, so nothing that sends a reply can reach them;
 *   the old `reply.review_comment` column is moved here and dropped.
 * - `region.auto_close_days`: a case waiting on the help-seeker this many days is closed by the
 *   daily job (null: never). `case_note.author_id` may be null for the system's own note.
 */
export class ReviewNotificationsAutoClose1733700000000 implements MigrationInterface {
  name = 'ReviewNotificationsAutoClose1733700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff_notification RENAME TO notification`);
    await q.query(`ALTER SEQUENCE staff_notification_id_seq RENAME TO notification_id_seq`);
    await q.query(`ALTER INDEX staff_notification_unread RENAME TO notification_unread`);
    await q.query(`ALTER INDEX staff_notification_case RENAME TO notification_case`);
    await q.query(`ALTER TABLE notification ADD COLUMN done_at timestamptz`);
    // The list pages newest first by (created_at, id); the unread index serves the count.
    await q.query(`CREATE INDEX notification_list ON notification (staff_user_id, created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE notification_setting (
        staff_user_id  uuid PRIMARY KEY REFERENCES staff_user(id) ON DELETE CASCADE,
        sla_mail       text NOT NULL DEFAULT 'immediately' CHECK (sla_mail IN ('off', 'immediately', 'daily')),
        digest_through timestamptz,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE reply_review (
        id              bigserial PRIMARY KEY,
        reply_id        uuid NOT NULL REFERENCES reply(id) ON DELETE CASCADE,
        case_id         uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        actor_id        uuid NOT NULL REFERENCES staff_user(id),
        step            text NOT NULL CHECK (step IN ('submitted', 'edited', 'returned', 'approved')),
        comment         text CHECK (length(comment) <= 2000),
        sections_before jsonb,
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX reply_review_reply ON reply_review (reply_id, created_at, id)`);
    await q.query(`CREATE INDEX reply_review_case ON reply_review (case_id)`);
    await q.query(`
      INSERT INTO reply_review (reply_id, case_id, actor_id, step, comment, created_at)
      SELECT id, case_id, COALESCE(reviewed_by, author_id), 'returned', review_comment, updated_at
        FROM reply WHERE review_comment IS NOT NULL`);
    await q.query(`ALTER TABLE reply DROP COLUMN review_comment`);
    // The review queue: pending replies of a region, oldest first.
    await q.query(`CREATE INDEX reply_pending_case ON reply (case_id, updated_at) WHERE status = 'pending-review'`);

    await q.query(
      `ALTER TABLE region ADD COLUMN auto_close_days integer DEFAULT 14 CHECK (auto_close_days BETWEEN 1 AND 365)`,
    );
    await q.query(`ALTER TABLE case_note ALTER COLUMN author_id DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM case_note WHERE author_id IS NULL`);
    await q.query(`ALTER TABLE case_note ALTER COLUMN author_id SET NOT NULL`);
    await q.query(`ALTER TABLE region DROP COLUMN auto_close_days`);
    await q.query(`DROP INDEX IF EXISTS reply_pending_case`);
    await q.query(`ALTER TABLE reply ADD COLUMN review_comment text CHECK (length(review_comment) <= 2000)`);
    await q.query(`
      UPDATE reply r SET review_comment = (SELECT comment FROM reply_review v WHERE v.reply_id = r.id AND v.comment IS NOT NULL
                                            ORDER BY v.created_at DESC, v.id DESC LIMIT 1)`);
    await q.query(`DROP TABLE reply_review`);
    await q.query(`DROP TABLE notification_setting`);
    await q.query(`DROP INDEX notification_list`);
    await q.query(`ALTER TABLE notification DROP COLUMN done_at`);
    await q.query(`ALTER INDEX notification_case RENAME TO staff_notification_case`);
    await q.query(`ALTER INDEX notification_unread RENAME TO staff_notification_unread`);
    await q.query(`ALTER SEQUENCE notification_id_seq RENAME TO staff_notification_id_seq`);
    await q.query(`ALTER TABLE notification RENAME TO staff_notification`);
  }
}
