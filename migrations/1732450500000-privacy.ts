import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Privacy: a case erased by its help-seeker, an admin or the retention policy keeps only its facts
 * (events, region, topic, channel, times). Raw mail whose bytes retention removed says when.
 */
export class Privacy1732450500000 implements MigrationInterface {
  name = 'Privacy1732450500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN erased_at timestamptz,
        ADD COLUMN erased_by text CHECK (erased_by IN ('help-seeker', 'admin', 'retention')),
        ADD CONSTRAINT cases_erased_by_with_time CHECK ((erased_at IS NULL) = (erased_by IS NULL))`);
    // Retention's work list: closed cases not yet erased, oldest change first.
    await q.query(`CREATE INDEX cases_retention_closed ON cases (updated_at) WHERE status = 'closed' AND erased_at IS NULL`);

    await q.query(`ALTER TABLE raw_mail ADD COLUMN bytes_erased_at timestamptz`);
    // Retention's work lists for raw mail: processed mail still holding bytes, and quarantined mail.
    await q.query(`CREATE INDEX raw_mail_processed_bytes ON raw_mail (received_at) WHERE status = 'processed' AND bytes_erased_at IS NULL`);
    await q.query(`CREATE INDEX raw_mail_quarantined ON raw_mail (received_at) WHERE status = 'quarantined'`);
    // /metrics counts given-up outgoing mail at every scrape.
    await q.query(`CREATE INDEX outbox_failed ON outbox (created_at) WHERE status = 'failed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS outbox_failed`);
    await q.query(`DROP INDEX IF EXISTS raw_mail_quarantined`);
    await q.query(`DROP INDEX IF EXISTS raw_mail_processed_bytes`);
    await q.query(`ALTER TABLE raw_mail DROP COLUMN bytes_erased_at`);
    await q.query(`DROP INDEX IF EXISTS cases_retention_closed`);
    await q.query(`ALTER TABLE cases DROP CONSTRAINT cases_erased_by_with_time, DROP COLUMN erased_by, DROP COLUMN erased_at`);
  }
}
