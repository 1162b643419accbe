import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Absence and hand-over (issue 17 item 4): one absence per staff member (set again = replaced),
 * with an optional substitute of the same region. Nothing ends it: every query compares the
 * period with the time it asks about, so an absence is over when its `ends_at` has passed.
 * Owned by the staff module (src/staff/absence.service.ts).
 */
export class StaffAbsence1733800100000 implements MigrationInterface {
  name = 'StaffAbsence1733800100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE staff_absence (
        staff_user_id uuid PRIMARY KEY REFERENCES staff_user(id) ON DELETE CASCADE,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        substitute_id uuid REFERENCES staff_user(id) ON DELETE SET NULL,
        set_by uuid REFERENCES staff_user(id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at),
        CHECK (substitute_id IS NULL OR substitute_id <> staff_user_id)
      )`);
    await q.query(`CREATE INDEX staff_absence_period ON staff_absence (ends_at, starts_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE staff_absence`);
  }
}
