import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mail understanding (issue 20): the finer kind of each processed mail beside its fixed API
 * class (bulk, out-of-office, suspected bulk, delivery delay, …), a list of bulk mail a worker
 * can turn into a case, and the addresses that sent us machine mail lately, so an
 * acknowledgement never goes to a robot.
 */
export class MailKinds1733300000000 implements MigrationInterface {
  name = 'MailKinds1733300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE raw_mail ADD COLUMN kind text CHECK (kind IN (
        'message', 'suspected-bulk', 'suspected-auto-reply', 'bulk', 'out-of-office', 'auto-reply', 'read-receipt',
        'challenge', 'bounce', 'delivery-delay', 'feedback-report', 'list-rejection', 'loop', 'duplicate'))`);
    // Mail from before: its class is its kind, as far as it goes.
    await q.query(`UPDATE raw_mail SET kind = class WHERE class IS NOT NULL`);
    // The bulk list (newest first) that workers and admins convert from.
    await q.query(`CREATE INDEX raw_mail_bulk ON raw_mail (received_at DESC, id DESC) WHERE kind = 'bulk'`);

    // Addresses that sent us a bounce, bulk mail or an auto-reply (and bounced recipients):
    // never acknowledged within 30 days of the last such mail.
    await q.query(`
      CREATE TABLE mail_robot_address (
        address      text PRIMARY KEY CHECK (address = lower(address)),
        kind         text NOT NULL,
        last_seen_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX mail_robot_address_seen ON mail_robot_address (last_seen_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mail_robot_address`);
    await q.query(`DROP INDEX raw_mail_bulk`);
    await q.query(`ALTER TABLE raw_mail DROP COLUMN kind`);
  }
}
