import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, MigrationInterface } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { createDataSource } from '../../src/database/data-source';

type MigrationClass = new () => MigrationInterface;
const ORGANISATIONS = 1734000000000;
const stamp = (m: MigrationClass) => Number(/\d{13}$/.exec(new m().name ?? m.name)?.[0]);

async function withDatabase<T>(
  fn: (ds: DataSource, migrate: (m: MigrationClass[]) => Promise<void>) => Promise<T>,
): Promise<T> {
  const adminUrl = process.env.LUISTER_TEST_ADMIN_URL!;
  const name = `luister_org_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const ds = createDataSource(u.toString(), { poolSize: 2 });
  await ds.initialize();
  // Each run on a data source of its own, with the chosen migrations (as the catch-up test does).
  const migrate = async (migrations: MigrationClass[]) => {
    const m = createDataSource(u.toString(), { poolSize: 1 });
    m.setOptions({ migrations });
    await m.initialize();
    try {
      await m.runMigrations({ transaction: 'each' });
    } finally {
      await m.destroy();
    }
  };
  try {
    return await fn(ds, migrate);
  } finally {
    await ds.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/**
 * Issue 16, item 7: a database of one organisation, from before organisations existed, migrates
 * into one organisation named by ORGANISATION_CODE / ORGANISATION_NAME, and nothing else changes
 * for its users: the same regions, memberships, texts and trail.
 */
describe('an existing single-organisation database, migrated to organisations', () => {
  jest.setTimeout(120_000);
  const saved = { code: process.env.ORGANISATION_CODE, name: process.env.ORGANISATION_NAME };
  afterAll(() => {
    for (const [k, v] of [
      ['ORGANISATION_CODE', saved.code],
      ['ORGANISATION_NAME', saved.name],
    ] as const)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });

  it('moves every region, staff member, regional referral and audit row into the one named organisation', async () => {
    await withDatabase(async (ds, migrate) => {
      await migrate(MIGRATIONS.filter((m) => stamp(m) < ORGANISATIONS));
      // The old world: two regions and a fallback, a worker in two of them, a manager, an admin.
      await ds.query(`INSERT INTO region (code, name) VALUES ('west', 'West'), ('oost', 'Oost')`);
      await ds.query(`INSERT INTO region (code, name, is_fallback) VALUES ('landelijk', 'Landelijk team', true)`);
      await ds.query(
        `INSERT INTO staff_user (email, display_name, role, password_hash) VALUES
           ('w@example.org', 'W', 'worker', 'x'), ('m@example.org', 'M', 'manager', 'x'), ('a@example.org', 'A', 'admin', 'x')`,
      );
      await ds.query(
        `INSERT INTO staff_region (staff_user_id, region_id)
         SELECT u.id, r.id FROM staff_user u, region r WHERE u.email = 'w@example.org' AND r.code IN ('west', 'landelijk')`,
      );
      await ds.query(`INSERT INTO referral (name, kind, region_code) VALUES ('Wijkteam West', 'social-work', 'west')`);
      await ds.query(
        `INSERT INTO audit_log (actor_id, action) SELECT id, 'auth.login' FROM staff_user WHERE email = 'w@example.org'`,
      );
      const templatesBefore = (await ds.query(`SELECT count(*)::int AS n FROM reply_template`))[0].n;
      const membershipsBefore = await ds.query(`SELECT staff_user_id, region_id FROM staff_region ORDER BY 1, 2`);

      process.env.ORGANISATION_CODE = 'welzijn-west';
      process.env.ORGANISATION_NAME = 'Welzijn West';
      await migrate(MIGRATIONS);

      expect(await ds.query(`SELECT code, name, is_default FROM organisation`)).toEqual([
        { code: 'welzijn-west', name: 'Welzijn West', is_default: true },
      ]);
      const orgId = (await ds.query(`SELECT id FROM organisation`))[0].id;
      expect(await ds.query(`SELECT DISTINCT organisation_id FROM region`)).toEqual([{ organisation_id: orgId }]);
      expect(await ds.query(`SELECT email, organisation_id FROM staff_user ORDER BY email`)).toEqual([
        { email: 'a@example.org', organisation_id: null },
        { email: 'm@example.org', organisation_id: orgId },
        { email: 'w@example.org', organisation_id: orgId },
      ]);
      // Nothing else changes: memberships, the platform's templates, the national referrals.
      expect(await ds.query(`SELECT staff_user_id, region_id FROM staff_region ORDER BY 1, 2`)).toEqual(
        membershipsBefore,
      );
      expect(await ds.query(`SELECT count(*)::int AS n FROM reply_template WHERE organisation_id IS NULL`)).toEqual([
        { n: templatesBefore },
      ]);
      expect(await ds.query(`SELECT DISTINCT organisation_id FROM referral WHERE region_code IS NULL`)).toEqual([
        { organisation_id: null },
      ]);
      expect(await ds.query(`SELECT organisation_id FROM referral WHERE region_code = 'west'`)).toEqual([
        { organisation_id: orgId },
      ]);
      expect(await ds.query(`SELECT DISTINCT organisation_id FROM audit_log`)).toEqual([{ organisation_id: orgId }]);
      // The trail is append-only again after its one backfill.
      await expect(ds.query(`UPDATE audit_log SET organisation_id = NULL`)).rejects.toThrow(/append-only/);

      // A region or staff member added without naming an organisation joins the one there is.
      await ds.query(`INSERT INTO region (code, name) VALUES ('noord', 'Noord')`);
      await ds.query(
        `INSERT INTO staff_user (email, display_name, role, password_hash) VALUES ('n@example.org', 'N', 'worker', 'x')`,
      );
      expect(await ds.query(`SELECT organisation_id FROM region WHERE code = 'noord'`)).toEqual([
        { organisation_id: orgId },
      ]);
      expect(await ds.query(`SELECT organisation_id FROM staff_user WHERE email = 'n@example.org'`)).toEqual([
        { organisation_id: orgId },
      ]);
      // Once there is a second organisation, nobody works in a region of another.
      await ds.query(`INSERT INTO organisation (code, name) VALUES ('welzijn-noord', 'Welzijn Noord')`);
      await ds.query(
        `UPDATE region SET organisation_id = (SELECT id FROM organisation WHERE code = 'welzijn-noord') WHERE code = 'noord'`,
      );
      await expect(
        ds.query(
          `INSERT INTO staff_region (staff_user_id, region_id)
           SELECT u.id, r.id FROM staff_user u, region r WHERE u.email = 'w@example.org' AND r.code = 'noord'`,
        ),
      ).rejects.toThrow(/different organisations/);
      // A platform admin belongs to no organisation, whatever is asked.
      await ds.query(`UPDATE staff_user SET organisation_id = $1 WHERE email = 'a@example.org'`, [orgId]);
      expect(await ds.query(`SELECT organisation_id FROM staff_user WHERE email = 'a@example.org'`)).toEqual([
        { organisation_id: null },
      ]);
    });
  });
});
