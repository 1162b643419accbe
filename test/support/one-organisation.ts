import { DataSource } from 'typeorm';

/**
 * The demo as it was before organisations (issue 16), as a single-organisation installation has
 * it: the Dutch regions and their staff in one organisation, the worker and supervisor also in the
 * national team, the manager over all four. Tests written around that world call this first; it
 * also keeps the single-organisation path tried (gent stays with its own organisation).
 */
export async function dutchRegionsInOneOrganisation(ds: DataSource): Promise<void> {
  const one = `(SELECT id FROM organisation WHERE code = 'welzijn-amsterdam')`;
  await ds.query(`UPDATE region SET organisation_id = ${one} WHERE code IN ('rotterdam', 'utrecht', 'landelijk')`);
  await ds.query(
    `UPDATE staff_user SET organisation_id = ${one}
      WHERE organisation_id IN (SELECT id FROM organisation WHERE code IN ('zuid-holland-utrecht', 'landelijk'))`,
  );
  const join = async (email: string, regions: string[]) =>
    ds.query(
      `INSERT INTO staff_region (staff_user_id, region_id)
       SELECT u.id, r.id FROM staff_user u, region r WHERE u.email = $1 AND r.code = ANY($2::text[])
       ON CONFLICT DO NOTHING`,
      [email, regions],
    );
  await join('worker@luister.example', ['landelijk']);
  await join('supervisor@luister.example', ['landelijk']);
  await join('manager@luister.example', ['rotterdam', 'utrecht', 'landelijk']);
}
