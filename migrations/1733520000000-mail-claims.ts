import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inbound mail is claimed straight from `raw_mail` (issue 21 item 3) instead of one queue job
 * per mail: a run takes a batch of stored mail FOR UPDATE SKIP LOCKED and sets a lease
 * (`claimed_until`), so instances side by side never take the same mail and a run that dies
 * leaves its mail to the next one once the lease lapses. `claims` counts the runs that took a
 * mail since it was stored (or replayed): past a limit it is quarantined, never dropped.
 */
export class MailClaims1733520000000 implements MigrationInterface {
  name = 'MailClaims1733520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE raw_mail ADD COLUMN claimed_until timestamptz`);
    await q.query(`ALTER TABLE raw_mail ADD COLUMN claims integer NOT NULL DEFAULT 0 CHECK (claims >= 0)`);
    // The claim reads waiting mail oldest first (raw_mail_waiting, on received_at WHERE status =
    // 'stored', already serves it); nothing else is needed.
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE raw_mail DROP COLUMN claims`);
    await q.query(`ALTER TABLE raw_mail DROP COLUMN claimed_until`);
  }
}
