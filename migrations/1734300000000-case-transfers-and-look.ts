import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Transfers between organisations and each organisation's own look (issue 16, items 3 and 4).
 *
 * - `case_transfer` (owned by src/cases): one row per case handed to a region of another
 *   organisation. It is what the sending organisation keeps once the case is out of its sight:
 *   that it transferred which case, when, to which organisation and why (a code). Facts only, no
 *   text: the optional note goes to the receiving team as an internal note, never here.
 * - `outbox.sender_name`: the display name a mail about a case leaves under (the answering
 *   organisation's sender name, else its name), fixed when the mail is written so the From line
 *   and the body's header name the same organisation. Null: the platform's name (staff mail).
 */
export class CaseTransfersAndLook1734300000000 implements MigrationInterface {
  name = 'CaseTransfersAndLook1734300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_transfer (
        id                   bigserial PRIMARY KEY,
        case_id              uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        from_region_id       integer NOT NULL REFERENCES region(id),
        from_organisation_id integer NOT NULL REFERENCES organisation(id),
        to_region_id         integer NOT NULL REFERENCES region(id),
        to_organisation_id   integer NOT NULL REFERENCES organisation(id),
        reason               text NOT NULL CHECK (reason IN ('moved', 'wrong-region')),
        actor_id             uuid REFERENCES staff_user(id),
        transferred_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT case_transfer_between_organisations CHECK (from_organisation_id <> to_organisation_id)
      )`);
    // The sending side's list: its regions' transfers, newest first (keyset on the id).
    await q.query(`CREATE INDEX case_transfer_from ON case_transfer (from_region_id, id DESC)`);
    await q.query(`CREATE INDEX case_transfer_case ON case_transfer (case_id)`);
    await q.query(`ALTER TABLE outbox ADD COLUMN sender_name text CHECK (length(sender_name) BETWEEN 1 AND 120)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox DROP COLUMN sender_name`);
    await q.query(`DROP TABLE case_transfer`);
  }
}
