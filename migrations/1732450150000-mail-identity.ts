import { MigrationInterface, QueryRunner } from 'typeorm';

/** Reply tokens: the secret in `reply+<token>@domain` that threads an answer into its case. */
export class MailIdentity1732450150000 implements MigrationInterface {
  name = 'MailIdentity1732450150000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reply_token (
        token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
        case_id    uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX reply_token_case ON reply_token (case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reply_token`);
  }
}
