import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox sender claims a batch with a lease instead of holding row locks and a pooled
 * connection while it talks SMTP (issue 15 item 5): the claim moves `next_attempt_at` past the
 * lease and writes the claim's id; marking a mail sent or failed afterwards only counts while
 * `claim` is still that id. A sender that dies leaves its mail due again when the lease lapses.
 */
export class OutboxClaims1733900000000 implements MigrationInterface {
  name = 'OutboxClaims1733900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN claim uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox DROP COLUMN claim`);
  }
}
