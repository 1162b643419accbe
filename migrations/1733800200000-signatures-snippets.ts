import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A worker's own texts for the composer (issue 17 item 5): a signature per reply language
 * (`{{signature}}` in reply templates) and personal snippets to insert into any section. Owned
 * by the staff module (src/staff/staff-texts.service.ts).
 */
export class SignaturesSnippets1733800200000 implements MigrationInterface {
  name = 'SignaturesSnippets1733800200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE staff_signature (
        staff_user_id uuid NOT NULL REFERENCES staff_user(id) ON DELETE CASCADE,
        language text NOT NULL CHECK (language IN ('nl', 'en')),
        body_text text NOT NULL CHECK (length(body_text) <= 2000),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (staff_user_id, language)
      )`);
    await q.query(`
      CREATE TABLE staff_snippet (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_user_id uuid NOT NULL REFERENCES staff_user(id) ON DELETE CASCADE,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 80),
        body_text text NOT NULL CHECK (length(body_text) BETWEEN 1 AND 5000),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX staff_snippet_owner ON staff_snippet (staff_user_id, title)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE staff_snippet`);
    await q.query(`DROP TABLE staff_signature`);
  }
}
