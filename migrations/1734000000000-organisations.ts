import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organisations (issue 16): the members of a consortium, each running its own regions, staff,
 * texts and look on one platform. An existing single-organisation database moves whole into one
 * organisation, named by ORGANISATION_CODE / ORGANISATION_NAME (default: the national team), so
 * nothing changes for its users.
 *
 * - `organisation.is_default` marks the organisation that regions and staff created without one
 *   join (a single-organisation installation never has to name it).
 * - Staff belong to exactly one organisation, platform admins to none; a staff member's regions
 *   are their organisation's (a trigger refuses anything else).
 * - Reply templates and referrals without an organisation are the platform's, shown to everyone.
 * - Audit rows name the organisation they belong to, so an org-admin reads only its own trail.
 */
export class Organisations1734000000000 implements MigrationInterface {
  name = 'Organisations1734000000000';

  async up(q: QueryRunner): Promise<void> {
    const code = process.env.ORGANISATION_CODE?.trim() || 'landelijk';
    const name = process.env.ORGANISATION_NAME?.trim() || 'Landelijk team';

    await q.query(`
      CREATE TABLE organisation (
        id                           serial PRIMARY KEY,
        code                         text NOT NULL UNIQUE CHECK (code ~ '^[a-z][a-z0-9-]{1,39}$'),
        name                         text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        is_default                   boolean NOT NULL DEFAULT false,
        logo                         bytea CHECK (octet_length(logo) <= 102400),
        logo_type                    text CHECK (logo_type IN ('image/png', 'image/jpeg', 'image/webp', 'image/svg+xml')),
        accent_colour                text CHECK (accent_colour ~ '^#[0-9a-f]{6}$'),
        sender_name                  text CHECK (length(sender_name) BETWEEN 1 AND 80),
        retention_closed_case_months integer CHECK (retention_closed_case_months BETWEEN 1 AND 120),
        created_at                   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT organisation_logo_typed CHECK ((logo IS NULL) = (logo_type IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX organisation_single_default ON organisation (is_default) WHERE is_default`);
    await q.query(`INSERT INTO organisation (code, name, is_default) VALUES ($1, $2, true)`, [code, name]);

    await q.query(`
      CREATE FUNCTION default_organisation_id() RETURNS integer LANGUAGE sql STABLE AS
        $$ SELECT id FROM organisation WHERE is_default $$`);

    // Regions.
    await q.query(`ALTER TABLE region ADD COLUMN organisation_id integer REFERENCES organisation(id)`);
    await q.query(`UPDATE region SET organisation_id = default_organisation_id()`);
    await q.query(`ALTER TABLE region ALTER COLUMN organisation_id SET NOT NULL`);
    await q.query(`CREATE INDEX region_organisation ON region (organisation_id)`);
    await q.query(`
      CREATE FUNCTION region_default_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.organisation_id := COALESCE(NEW.organisation_id, default_organisation_id());
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER region_default_organisation BEFORE INSERT ON region
        FOR EACH ROW EXECUTE FUNCTION region_default_organisation()`);

    // Staff: one organisation each; the platform admin belongs to none.
    await q.query(`ALTER TABLE staff_user DROP CONSTRAINT staff_user_role_check`);
    await q.query(`
      ALTER TABLE staff_user ADD CONSTRAINT staff_user_role_check
        CHECK (role IN ('trainee', 'worker', 'supervisor', 'manager', 'org-admin', 'admin'))`);
    await q.query(`ALTER TABLE staff_user ADD COLUMN organisation_id integer REFERENCES organisation(id)`);
    await q.query(`UPDATE staff_user SET organisation_id = default_organisation_id() WHERE role <> 'admin'`);
    await q.query(`
      CREATE FUNCTION staff_user_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.role = 'admin' THEN
          NEW.organisation_id := NULL;
        ELSIF NEW.organisation_id IS NULL THEN
          NEW.organisation_id := default_organisation_id();
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER staff_user_organisation BEFORE INSERT OR UPDATE OF role, organisation_id ON staff_user
        FOR EACH ROW EXECUTE FUNCTION staff_user_organisation()`);
    await q.query(`
      ALTER TABLE staff_user ADD CONSTRAINT staff_user_organisation_by_role
        CHECK ((role = 'admin') = (organisation_id IS NULL))`);
    await q.query(`CREATE INDEX staff_user_organisation ON staff_user (organisation_id)`);

    // A staff member works only in their own organisation's regions.
    await q.query(`
      CREATE FUNCTION staff_region_same_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM staff_user u, region r
                    WHERE u.id = NEW.staff_user_id AND r.id = NEW.region_id
                      AND u.organisation_id IS NOT NULL AND u.organisation_id <> r.organisation_id) THEN
          RAISE EXCEPTION 'staff member and region belong to different organisations'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'staff_region_same_organisation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER staff_region_same_organisation BEFORE INSERT OR UPDATE ON staff_region
        FOR EACH ROW EXECUTE FUNCTION staff_region_same_organisation()`);

    // Reply templates and referrals: none = the platform's, for everyone.
    await q.query(
      `ALTER TABLE reply_template ADD COLUMN organisation_id integer REFERENCES organisation(id) ON DELETE CASCADE`,
    );
    await q.query(`ALTER TABLE reply_template DROP CONSTRAINT reply_template_code_language_key`);
    await q.query(
      `CREATE UNIQUE INDEX reply_template_code_language ON reply_template (COALESCE(organisation_id, 0), code, language)`,
    );
    await q.query(
      `ALTER TABLE referral ADD COLUMN organisation_id integer REFERENCES organisation(id) ON DELETE CASCADE`,
    );
    await q.query(`
      UPDATE referral f SET organisation_id = r.organisation_id FROM region r WHERE r.code = f.region_code`);
    await q.query(`CREATE INDEX referral_organisation ON referral (organisation_id) WHERE active`);

    // Mailboxes: a region's mailbox is its organisation's; one without a region is the platform's.
    await q.query(`ALTER TABLE mailbox ADD COLUMN organisation_id integer REFERENCES organisation(id)`);
    await q.query(`UPDATE mailbox m SET organisation_id = r.organisation_id FROM region r WHERE r.id = m.region_id`);

    // The audit trail is append-only; the one backfill of its new column happens here, by design.
    await q.query(`ALTER TABLE audit_log ADD COLUMN organisation_id integer`);
    await q.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await q.query(`UPDATE audit_log SET organisation_id = default_organisation_id()`);
    await q.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    await q.query(`CREATE INDEX audit_log_organisation ON audit_log (organisation_id, occurred_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_log_organisation`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN organisation_id`);
    await q.query(`ALTER TABLE mailbox DROP COLUMN organisation_id`);
    await q.query(`ALTER TABLE referral DROP COLUMN organisation_id`);
    await q.query(`DROP INDEX reply_template_code_language`);
    await q.query(`DELETE FROM reply_template WHERE organisation_id IS NOT NULL`);
    await q.query(`ALTER TABLE reply_template DROP COLUMN organisation_id`);
    await q.query(`ALTER TABLE reply_template ADD CONSTRAINT reply_template_code_language_key UNIQUE (code, language)`);
    await q.query(`DROP TRIGGER staff_region_same_organisation ON staff_region`);
    await q.query(`DROP FUNCTION staff_region_same_organisation()`);
    await q.query(`ALTER TABLE staff_user DROP CONSTRAINT staff_user_organisation_by_role`);
    await q.query(`DROP TRIGGER staff_user_organisation ON staff_user`);
    await q.query(`DROP FUNCTION staff_user_organisation()`);
    await q.query(`ALTER TABLE staff_user DROP COLUMN organisation_id`);
    await q.query(`DELETE FROM staff_user WHERE role = 'org-admin'`);
    await q.query(`ALTER TABLE staff_user DROP CONSTRAINT staff_user_role_check`);
    await q.query(`
      ALTER TABLE staff_user ADD CONSTRAINT staff_user_role_check
        CHECK (role IN ('trainee', 'worker', 'supervisor', 'manager', 'admin'))`);
    await q.query(`DROP TRIGGER region_default_organisation ON region`);
    await q.query(`DROP FUNCTION region_default_organisation()`);
    await q.query(`ALTER TABLE region DROP COLUMN organisation_id`);
    await q.query(`DROP FUNCTION default_organisation_id()`);
    await q.query(`DROP TABLE organisation`);
  }
}
