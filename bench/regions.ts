import { DataSource } from 'typeorm';

/**
 * The benches' organisation: `regions` in all (the seeded demo regions plus generated
 * `bench-NN` ones) with `workersPerRegion` workers each (`w<region>-<i>@bench.example`, the demo
 * worker's password hash), generated inside PostgreSQL.
 */
export async function addBenchRegionsAndWorkers(
  ds: DataSource,
  regions: number,
  workersPerRegion: number,
): Promise<{ amsterdam: number; regionIds: number[] }> {
  const [{ n: seeded }] = await ds.query(`SELECT count(*)::int AS n FROM region`);
  await ds.query(
    `INSERT INTO region (code, name) SELECT 'bench-' || lpad(i::text, 2, '0'), 'Bench ' || i FROM generate_series(1, $1) i`,
    [regions - seeded],
  );
  const regionIds: number[] = (await ds.query(`SELECT id FROM region ORDER BY id`)).map((r: { id: number }) => r.id);
  const [{ id: amsterdam }] = await ds.query(`SELECT id FROM region WHERE code = 'amsterdam'`);
  const [{ password_hash: hash }] = await ds.query(
    `SELECT password_hash FROM staff_user WHERE email = 'worker@luister.example'`,
  );
  await ds.query(
    `INSERT INTO staff_user (email, display_name, role, password_hash)
     SELECT 'w' || r.id || '-' || i || '@bench.example', 'Werker ' || r.id || '-' || i, 'worker', $1 FROM region r, generate_series(1, $2) i`,
    [hash, workersPerRegion],
  );
  await ds.query(
    `INSERT INTO staff_region (staff_user_id, region_id) SELECT u.id, r.id FROM staff_user u JOIN region r ON u.email LIKE 'w' || r.id || '-%@bench.example'`,
  );
  return { amsterdam, regionIds };
}
