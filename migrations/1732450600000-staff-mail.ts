import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff e-mail through the outbox: the SLA digest to a staff member is about no single case, so
 * a row may name a staff user instead of a case. The new kind `staff-sla` carries no case
 * content; staff_user_id also keys the per-person throttle.
 */
export class StaffMail1732450600000 implements MigrationInterface {
  name = 'StaffMail1732450600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE outbox
        ALTER COLUMN case_id DROP NOT NULL,
        ADD COLUMN staff_user_id uuid REFERENCES staff_user(id) ON DELETE CASCADE,
        DROP CONSTRAINT outbox_kind_check,
        ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('acknowledgement', 'reply-notification', 'reply', 'staff-sla')),
        ADD CONSTRAINT outbox_has_addressee CHECK (case_id IS NOT NULL OR staff_user_id IS NOT NULL),
        ADD CONSTRAINT outbox_staff_mail_no_case CHECK (kind <> 'staff-sla' OR (case_id IS NULL AND staff_user_id IS NOT NULL))`);
    // The throttle: a staff member's last SLA mail.
    await q.query(`CREATE INDEX outbox_staff_recent ON outbox (staff_user_id, created_at) WHERE staff_user_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM outbox WHERE case_id IS NULL`);
    await q.query(`DROP INDEX IF EXISTS outbox_staff_recent`);
    await q.query(`
      ALTER TABLE outbox
        DROP CONSTRAINT outbox_staff_mail_no_case,
        DROP CONSTRAINT outbox_has_addressee,
        DROP CONSTRAINT outbox_kind_check,
        ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('acknowledgement', 'reply-notification', 'reply')),
        DROP COLUMN staff_user_id,
        ALTER COLUMN case_id SET NOT NULL`);
  }
}
