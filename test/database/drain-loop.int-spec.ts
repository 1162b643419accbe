import { Logger } from '@nestjs/common';
import { DrainLoop } from '../../src/database/drain-loop';
import { createTestDatabase, TestDatabase } from '../support/database';

/**
 * DrainLoop with several runs side by side (issue 21 item 3): each run claims its own rows
 * (FOR UPDATE SKIP LOCKED, as the inbound mail queue does), so together they work every row
 * exactly once, faster than one run when each batch waits on something (a commit); a drain asked
 * for while they work makes them go round again, and settles only when all have ended.
 */
describe('DrainLoop with several workers', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.ds.query(
      `CREATE TABLE drain_test (id int PRIMARY KEY, claimed boolean NOT NULL DEFAULT false, worked int NOT NULL DEFAULT 0)`,
    );
  });
  afterAll(() => db?.drop());

  /** A loop whose batch claims up to 5 rows, waits a little (as on a commit) and marks them worked. */
  function loop(workers: number) {
    let inFlight = 0;
    const stats = { maxInFlight: 0, batches: 0 };
    const drainLoop = new DrainLoop({
      name: 'drain-test',
      channel: 'drain_test',
      sweepSeconds: 0,
      logger: new Logger('drain-test'),
      failMessage: 'drain test failed',
      workers,
      batch: async () => {
        const rows: { id: number }[] = await db.ds.query(
          `WITH claimed AS (
             UPDATE drain_test SET claimed = true
              WHERE id IN (SELECT id FROM drain_test WHERE NOT claimed ORDER BY id LIMIT 5 FOR UPDATE SKIP LOCKED)
             RETURNING id)
           SELECT id FROM claimed`,
        );
        if (!rows.length) return 0;
        inFlight++;
        stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
        stats.batches++;
        await new Promise((r) => setTimeout(r, 10));
        await db.ds.query(`UPDATE drain_test SET worked = worked + 1 WHERE id = ANY($1::int[])`, [
          rows.map((r) => r.id),
        ]);
        inFlight--;
        return rows.length;
      },
    });
    return { drainLoop, stats };
  }

  const insert = (from: number, to: number) =>
    db.ds.query(`INSERT INTO drain_test (id) SELECT generate_series($1::int, $2::int)`, [from, to]);

  it('works every row exactly once with three runs side by side', async () => {
    await insert(1, 300);
    const { drainLoop, stats } = loop(3);
    await drainLoop.drain();
    const [r] = await db.ds.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE worked = 1)::int AS once, max(worked)::int AS most FROM drain_test`,
    );
    expect(r).toEqual({ n: 300, once: 300, most: 1 });
    expect(stats.batches).toBe(60);
    expect(stats.maxInFlight).toBe(3);
  });

  it('goes round again for rows that came while it worked, and settles only when every run has ended', async () => {
    await db.ds.query(`TRUNCATE drain_test`);
    await insert(1, 100);
    const { drainLoop, stats } = loop(3);
    const first = drainLoop.drain();
    // Rows committed after the runs' claims began, announced by a second drain (a wake).
    await new Promise((r) => setTimeout(r, 15));
    await insert(101, 250);
    const second = drainLoop.drain();
    await Promise.all([first, second]);
    const [r] = await db.ds.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE worked = 1)::int AS once FROM drain_test`,
    );
    expect(r).toEqual({ n: 250, once: 250 });
    expect(stats.maxInFlight).toBe(3);
  });

  it('keeps one run at a time by default', async () => {
    await db.ds.query(`TRUNCATE drain_test`);
    await insert(1, 40);
    const { drainLoop, stats } = loop(1);
    await Promise.all([drainLoop.drain(), drainLoop.drain()]);
    const [r] = await db.ds.query(`SELECT count(*) FILTER (WHERE worked = 1)::int AS once FROM drain_test`);
    expect(r.once).toBe(40);
    expect(stats.maxInFlight).toBe(1);
  });
});
