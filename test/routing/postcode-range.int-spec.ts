import { RegionRoutingService } from '../../src/routing/region-routing.service';
import { createTestDatabase, TestDatabase } from '../support/database';

describe('postcode ranges in PostgreSQL', () => {
  let db: TestDatabase;
  let routing: RegionRoutingService;
  let amsterdam: number;
  let gent: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    routing = new RegionRoutingService(db.ds);
    [{ id: amsterdam }] = await db.ds.query(`SELECT id FROM region WHERE code = 'amsterdam'`);
    [{ id: gent }] = await db.ds.query(`SELECT id FROM region WHERE code = 'gent'`);
  });
  afterAll(() => db.drop());

  const insert = (regionId: number, country: string, from: number, to: number) =>
    db.ds.query(`INSERT INTO postcode_range (region_id, country, range_from, range_to) VALUES ($1, $2, $3, $4)`, [
      regionId,
      country,
      from,
      to,
    ]);

  it('refuses a range overlapping another in the same country, naming the constraint', async () => {
    await expect(insert(gent, 'NL', 1100, 1200)).rejects.toMatchObject({
      code: '23P01',
      constraint: 'postcode_range_no_overlap',
    });
    await expect(insert(gent, 'NL', 1109, 1109)).rejects.toMatchObject({ code: '23P01' }); // shared end point
    await expect(insert(gent, 'NL', 900, 1000)).rejects.toBeDefined(); // below the postcode space
  });

  it('allows the same numbers in the other country and adjacent ranges', async () => {
    await insert(gent, 'BE', 1000, 1109);
    await insert(amsterdam, 'NL', 1110, 1119);
    const rows = await db.ds.query(
      `SELECT count(*)::int AS n FROM postcode_range WHERE region_id = $1 AND country = 'BE' AND range_from = 1000`,
      [gent],
    );
    expect(rows[0].n).toBe(1);
  });

  it('refuses a reversed range', async () => {
    await expect(insert(gent, 'BE', 9100, 9060)).rejects.toMatchObject({ constraint: 'postcode_range_ordered' });
  });

  it('routes NL and BE postcodes to their regions, including the range ends', async () => {
    expect((await routing.route({ country: 'NL', area: 1012 })).code).toBe('amsterdam');
    expect((await routing.route({ country: 'NL', area: 1000 })).code).toBe('amsterdam');
    expect((await routing.route({ country: 'NL', area: 1109 })).code).toBe('amsterdam');
    expect((await routing.route({ country: 'NL', area: 3011 })).code).toBe('rotterdam');
    expect((await routing.route({ country: 'NL', area: 3585 })).code).toBe('utrecht');
    expect((await routing.route({ country: 'BE', area: 9000 })).code).toBe('gent');
  });

  it('sends unknown and missing postcodes to the fallback region', async () => {
    const unknown = await routing.route({ country: 'NL', area: 9999 });
    expect(unknown).toMatchObject({ code: 'landelijk', fallback: true });
    expect((await routing.route({ country: 'BE', area: 3011 })).code).toBe('landelijk');
    expect((await routing.route(undefined)).code).toBe('landelijk');
  });

  it('the database allows only one fallback region', async () => {
    await expect(
      db.ds.query(`INSERT INTO region (code, name, is_fallback) VALUES ('tweede', 'Tweede', true)`),
    ).rejects.toMatchObject({ code: '23505' });
  });
});
