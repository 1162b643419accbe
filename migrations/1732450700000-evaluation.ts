import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The help-seeker's anonymous evaluation: one per reply round (tied to the latest outgoing
 * message), editable for a day. Answers are facts; only the optional comment is content, so
 * erasing a case clears it (a trigger, so every erasure path is covered).
 */
export class Evaluation1732450700000 implements MigrationInterface {
  name = 'Evaluation1732450700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evaluation (
        id                bigserial PRIMARY KEY,
        case_id           uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        reply_message_id  uuid NOT NULL UNIQUE REFERENCES message(id) ON DELETE CASCADE,
        pleasant          boolean NOT NULL,
        helped            boolean NOT NULL,
        personal_contact  boolean NOT NULL,
        meaningful_score  smallint NOT NULL CHECK (meaningful_score BETWEEN 1 AND 5),
        helped_score      smallint NOT NULL CHECK (helped_score BETWEEN 1 AND 5),
        comment           text CHECK (char_length(comment) <= 1000),
        submitted_at      timestamptz NOT NULL,
        updated_at        timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX evaluation_case ON evaluation (case_id, submitted_at)`);
    await q.query(`
      CREATE FUNCTION evaluation_erase_comment() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE evaluation SET comment = NULL WHERE case_id = NEW.id AND comment IS NOT NULL;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER cases_erase_evaluation_comment AFTER UPDATE OF erased_at ON cases
        FOR EACH ROW WHEN (NEW.erased_at IS NOT NULL AND OLD.erased_at IS NULL)
        EXECUTE FUNCTION evaluation_erase_comment()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS cases_erase_evaluation_comment ON cases`);
    await q.query(`DROP FUNCTION IF EXISTS evaluation_erase_comment()`);
    await q.query(`DROP TABLE IF EXISTS evaluation`);
  }
}
