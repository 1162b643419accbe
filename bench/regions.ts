import { DataSource } from 'typeorm';

/**
 * The benches' consortium: `organisations` in all (the demo's four plus generated `bench-org-NN`
 * ones), `regions` in all (the seeded demo regions plus generated `bench-NNN` ones, dealt over the
 * organisations in turn) with `workersPerRegion` workers each (`w<region>-<i>@bench.example`, in
 * their region's organisation, the demo worker's password hash), generated inside PostgreSQL.
 * Issue 16's scale: 35 organisations, 200 regions, 2,000 staff.
 */
export async function addBenchRegionsAndWorkers(
  ds: DataSource,
  regions: number,
  workersPerRegion: number,
  organisations = 35,
): Promise<{ amsterdam: number; regionIds: number[]; largestOrganisation: { code: string; regionIds: number[] } }> {
  const [{ n: seededOrgs }] = await ds.query(`SELECT count(*)::int AS n FROM organisation`);
  await ds.query(
    `INSERT INTO organisation (code, name) SELECT 'bench-org-' || lpad(i::text, 2, '0'), 'Bench-organisatie ' || i
       FROM generate_series(1, $1) i`,
    [Math.max(0, organisations - seededOrgs)],
  );
  const [{ n: seeded }] = await ds.query(`SELECT count(*)::int AS n FROM region`);
  await ds.query(
    `WITH o AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS n FROM organisation)
     INSERT INTO region (code, name, organisation_id)
     SELECT 'bench-' || lpad(i::text, 3, '0'), 'Bench ' || i, o.id FROM generate_series(1, $1) i JOIN o ON o.k = i % o.n`,
    [Math.max(0, regions - seeded)],
  );
  const regionIds: number[] = (await ds.query(`SELECT id FROM region ORDER BY id`)).map((r: { id: number }) => r.id);
  const [{ id: amsterdam }] = await ds.query(`SELECT id FROM region WHERE code = 'amsterdam'`);
  const [{ password_hash: hash }] = await ds.query(
    `SELECT password_hash FROM staff_user WHERE email = 'worker@luister.example'`,
  );
  await ds.query(
    `INSERT INTO staff_user (email, display_name, role, password_hash, organisation_id)
     SELECT 'w' || r.id || '-' || i || '@bench.example', 'Werker ' || r.id || '-' || i, 'worker', $1, r.organisation_id
       FROM region r, generate_series(1, $2) i`,
    [hash, workersPerRegion],
  );
  await ds.query(
    `INSERT INTO staff_region (staff_user_id, region_id) SELECT u.id, r.id FROM staff_user u JOIN region r ON u.email LIKE 'w' || r.id || '-%@bench.example'`,
  );
  const [largest] = await ds.query(
    `SELECT o.code, array_agg(r.id ORDER BY r.id) AS ids FROM organisation o JOIN region r ON r.organisation_id = o.id
      GROUP BY o.code ORDER BY count(*) DESC, o.code LIMIT 1`,
  );
  return { amsterdam, regionIds, largestOrganisation: { code: largest.code, regionIds: largest.ids.map(Number) } };
}
