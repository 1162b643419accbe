import fc from 'fast-check';
import { Country, matchRange, PostcodeRangeRow, rangesOverlap } from '../../src/routing/postcode';
import { RegionRoutingService } from '../../src/routing/region-routing.service';
import { createTestDatabase, TestDatabase } from '../support/database';

/**
 * The pure functions are the oracles of the database: rangesOverlap says which ranges the
 * exclusion constraint refuses, matchRange which region the routing SQL picks. Random range sets
 * (fixed seed) go into an emptied postcode_range, each set in a transaction that is rolled back.
 */
describe('routing: the SQL agrees with matchRange and the constraint with rangesOverlap', () => {
  let db: TestDatabase;
  let regions: number[];
  let fallback: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    regions = (await db.ds.query(`SELECT id FROM region WHERE NOT is_fallback ORDER BY id`)).map(
      (r: { id: number }) => r.id,
    );
    [{ id: fallback }] = await db.ds.query(`SELECT id FROM region WHERE is_fallback`);
  });
  afterAll(() => db.drop());

  const range = fc
    .record({
      country: fc.constantFrom<Country>('NL', 'BE'),
      from: fc.integer({ min: 1000, max: 9999 }),
      width: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3000 })),
      region: fc.nat(),
    })
    .map((r) => ({ country: r.country, from: r.from, to: Math.min(9999, r.from + r.width), region: r.region }));
  const postcode = fc.record({
    country: fc.constantFrom<Country>('NL', 'BE'),
    area: fc.integer({ min: 1000, max: 9999 }),
  });

  it('holds for 60 random sets of ranges and 20 postcodes each', async () => {
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(range, { minLength: 1, maxLength: 12 }),
        fc.array(postcode, { minLength: 20, maxLength: 20 }),
        async (set, codes) => {
          const runner = db.ds.createQueryRunner();
          await runner.startTransaction();
          try {
            const m = runner.manager;
            await m.query(`DELETE FROM postcode_range`);
            const kept: PostcodeRangeRow[] = [];
            for (const r of set) {
              const row: PostcodeRangeRow = {
                regionId: regions[r.region % regions.length],
                country: r.country,
                from: r.from,
                to: r.to,
              };
              const overlaps = kept.some((k) => rangesOverlap(k, row));
              await m.query(`SAVEPOINT one`);
              const ok = await m
                .query(
                  `INSERT INTO postcode_range (region_id, country, range_from, range_to) VALUES ($1, $2, $3, $4)`,
                  [row.regionId, row.country, row.from, row.to],
                )
                .then(
                  () => true,
                  () => false,
                );
              await m.query(ok ? `RELEASE SAVEPOINT one` : `ROLLBACK TO SAVEPOINT one`);
              expect({ range: row, accepted: ok }).toEqual({ range: row, accepted: !overlaps });
              if (ok) {
                kept.push(row);
                accepted++;
              } else refused++;
            }
            const routing = new RegionRoutingService(db.ds);
            for (const pc of codes) {
              const routed = await routing.route(pc, m);
              expect({ pc, region: routed.id }).toEqual({ pc, region: matchRange(kept, pc)?.regionId ?? fallback });
            }
          } finally {
            await runner.rollbackTransaction();
            await runner.release();
          }
        },
      ),
      { seed: 20261206, numRuns: 60 },
    );
    // Both sides of the constraint were exercised.
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(20);
  }, 120_000);
});
