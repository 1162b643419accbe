import { hashPassword } from '../common/passwords';
import { DataSource } from 'typeorm';
import { seedSlaDemoData } from '../sla/sla-demo-data';
import { DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_REGIONS, DEMO_STAFF, demoLogo, TOPICS } from './demo-data';

/**
 * What every installation needs, demo or not: the topic list and a fallback region (so no case
 * is ever without a team). Idempotent.
 */
export async function seedReferenceData(ds: DataSource): Promise<void> {
  await ds.transaction(async (m) => {
    for (const [i, code] of TOPICS.entries()) {
      await m.query(`INSERT INTO topic (code, sort_order) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING`, [code, i]);
    }
    await m.query(
      `INSERT INTO region (code, name, is_fallback) SELECT 'landelijk', 'Landelijk team', true
        WHERE NOT EXISTS (SELECT 1 FROM region WHERE is_fallback) ON CONFLICT (code) DO NOTHING`,
    );
  });
}

/** Demo regions and staff. Idempotent: existing rows are left as they are. */
export async function seedDemoData(ds: DataSource): Promise<{ staffCreated: number }> {
  await seedReferenceData(ds);
  let staffCreated = 0;
  await ds.transaction(async (m) => {
    for (const r of DEMO_REGIONS) {
      const [row] = await m.query(
        `INSERT INTO region (code, name, time_zone, is_fallback) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id`,
        [r.code, r.name, r.timeZone, r.fallback ?? false],
      );
      for (const range of r.ranges) {
        await m.query(
          `INSERT INTO postcode_range (region_id, country, range_from, range_to)
           SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM postcode_range WHERE country = $2 AND range_from = $3 AND range_to = $4)`,
          [row.id, range.country, range.from, range.to],
        );
      }
    }
    // Organisations after the regions: each takes its regions (the fallback's stays with the default one).
    for (const o of DEMO_ORGANISATIONS) {
      const [row] = (await m.query(
        `INSERT INTO organisation (code, name, accent_colour, logo, logo_type) VALUES ($1, $2, $3, $4, 'image/svg+xml')
         ON CONFLICT (code) DO UPDATE SET accent_colour = COALESCE(organisation.accent_colour, EXCLUDED.accent_colour),
            logo = COALESCE(organisation.logo, EXCLUDED.logo), logo_type = COALESCE(organisation.logo_type, EXCLUDED.logo_type)
         RETURNING id`,
        [o.code, o.name, o.accentColour, demoLogo(o)],
      )) as { id: number }[];
      await m.query(
        `UPDATE region SET organisation_id = $1 WHERE code = ANY($2::text[])
            AND NOT EXISTS (SELECT 1 FROM staff_region sr WHERE sr.region_id = region.id)`,
        [row.id, o.regions],
      );
    }
    await seedSlaDemoData(m);
    const hash = await hashPassword(DEMO_PASSWORD);
    for (const s of DEMO_STAFF) {
      const rows: { id: string }[] = await m.query(
        `INSERT INTO staff_user (email, display_name, role, password_hash, organisation_id)
         VALUES ($1, $2, $3, $4, CASE WHEN $3 = 'admin' THEN NULL ELSE
           COALESCE((SELECT id FROM organisation WHERE code = $5),
                    (SELECT r.organisation_id FROM region r WHERE r.code = ($6::text[])[1])) END)
         ON CONFLICT (lower(email)) DO NOTHING RETURNING id`,
        [s.email, s.name, s.role, hash, s.organisation ?? null, s.regions],
      );
      if (!rows[0]) continue;
      staffCreated++;
      await m.query(
        `INSERT INTO staff_region (staff_user_id, region_id) SELECT $1, id FROM region WHERE code = ANY($2::text[])`,
        [rows[0].id, s.regions],
      );
    }
  });
  return { staffCreated };
}

export async function isEmptyDatabase(ds: DataSource): Promise<boolean> {
  const [row] = await ds.query(`SELECT NOT EXISTS (SELECT 1 FROM region) AS empty`);
  return row.empty;
}
