import * as sql from '../../src/database/sql';
import { createTestDatabase, TestDatabase } from '../support/database';

interface Item {
  id: number;
  label: string;
}

/** The typed helper against a real PostgreSQL: rows, counts, transactions and prepared statements. */
describe('sql helper', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await sql.exec(db.ds, `CREATE TABLE sql_helper_item (id int PRIMARY KEY, label text NOT NULL)`);
  });
  afterAll(() => db?.drop());
  beforeEach(() => sql.exec(db.ds, `TRUNCATE sql_helper_item`));

  it('counts the rows of INSERT, UPDATE and DELETE, with and without RETURNING', async () => {
    expect(await sql.count(db.ds, `INSERT INTO sql_helper_item VALUES (1, 'a'), (2, 'b'), (3, 'c')`)).toBe(3);
    expect(await sql.count(db.ds, `UPDATE sql_helper_item SET label = 'x' WHERE id >= $1`, [2])).toBe(2);
    expect(await sql.count(db.ds, `UPDATE sql_helper_item SET label = 'y' WHERE id = 99`)).toBe(0);
    const updated = await sql.result<Item>(
      db.ds,
      `UPDATE sql_helper_item SET label = 'z' WHERE id = 1 RETURNING id, label`,
    );
    expect(updated).toEqual({ rows: [{ id: 1, label: 'z' }], count: 1 });
    expect(await sql.count(db.ds, `DELETE FROM sql_helper_item WHERE id IN (1, 2)`)).toBe(2);
    expect(await sql.count(db.ds, `DELETE FROM sql_helper_item WHERE id = 1`)).toBe(0);
    expect(await sql.count(db.ds.manager, `INSERT INTO sql_helper_item VALUES (4, 'd') ON CONFLICT DO NOTHING`)).toBe(
      1,
    );
    expect(await sql.count(db.ds.manager, `INSERT INTO sql_helper_item VALUES (4, 'd') ON CONFLICT DO NOTHING`)).toBe(
      0,
    );
  });

  it('returns typed rows, the first row, or exactly one row', async () => {
    await sql.exec(db.ds, `INSERT INTO sql_helper_item VALUES (1, 'a'), (2, 'b')`);
    expect(await sql.rows<Item>(db.ds, `SELECT id, label FROM sql_helper_item ORDER BY id`)).toEqual([
      { id: 1, label: 'a' },
      { id: 2, label: 'b' },
    ]);
    expect(await sql.one<Item>(db.ds, `SELECT id, label FROM sql_helper_item WHERE id = $1`, [2])).toEqual({
      id: 2,
      label: 'b',
    });
    expect(await sql.one<Item>(db.ds, `SELECT id, label FROM sql_helper_item WHERE id = 9`)).toBeUndefined();
    expect(await sql.only<{ n: number }>(db.ds, `SELECT count(*)::int AS n FROM sql_helper_item`)).toEqual({ n: 2 });
    await expect(sql.only<Item>(db.ds, `SELECT id, label FROM sql_helper_item`)).rejects.toThrow(
      'expected exactly one row, got 2',
    );
    await expect(sql.only<Item>(db.ds, `SELECT id, label FROM sql_helper_item WHERE id = 9`)).rejects.toThrow('got 0');
  });

  it("runs inside the caller's transaction: counts there, and a rollback undoes its writes", async () => {
    await sql.exec(db.ds, `INSERT INTO sql_helper_item VALUES (1, 'a')`);
    await expect(
      db.ds.transaction(async (m) => {
        expect(await sql.count(m, `UPDATE sql_helper_item SET label = 'changed' WHERE id = 1`)).toBe(1);
        expect(await sql.count(m, `INSERT INTO sql_helper_item VALUES (2, 'b')`)).toBe(1);
        // Same connection: the transaction sees its own uncommitted rows, the pool does not.
        expect(await sql.only<{ n: number }>(m, `SELECT count(*)::int AS n FROM sql_helper_item`)).toEqual({ n: 2 });
        expect(await sql.only<{ n: number }>(db.ds, `SELECT count(*)::int AS n FROM sql_helper_item`)).toEqual({
          n: 1,
        });
        expect(await sql.count(m, `DELETE FROM sql_helper_item`)).toBe(2);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await sql.rows<Item>(db.ds, `SELECT id, label FROM sql_helper_item`)).toEqual([{ id: 1, label: 'a' }]);
  });

  it('runs a prepared statement in the transaction on its connection, once per text', async () => {
    const text = `UPDATE sql_helper_item SET label = $2 WHERE id = $1 RETURNING id, label`;
    await sql.exec(db.ds, `INSERT INTO sql_helper_item VALUES (1, 'a'), (2, 'b')`);
    await db.ds.transaction(async (m) => {
      expect(await sql.count(m, text, [1, 'p'], { prepared: true })).toBe(1);
      expect(await sql.rows<Item>(m, text, [2, 'q'], { prepared: true })).toEqual([{ id: 2, label: 'q' }]);
      expect(await sql.count(m, text, [9, 'r'], { prepared: true })).toBe(0);
      const statements = await sql.rows<{ name: string }>(
        m,
        `SELECT name FROM pg_prepared_statements WHERE name = $1`,
        [sql.statementName(text)],
      );
      expect(statements).toEqual([{ name: sql.statementName(text) }]);
      expect(
        await sql.rows<Item>(m, `SELECT id, label FROM sql_helper_item WHERE id = $1`, [1], { prepared: true }),
      ).toEqual([{ id: 1, label: 'p' }]);
    });
    // Without a query runner of its own it is a plain statement (nothing left on a pooled connection).
    expect(await sql.count(db.ds, text, [1, 's'], { prepared: true })).toBe(1);
    expect(sql.statementName(text)).not.toBe(sql.statementName(`${text} `));
  });

  it('an error names the statement and leaves the pool usable', async () => {
    await expect(sql.rows(db.ds, `SELECT * FROM sql_helper_missing`)).rejects.toThrow(/sql_helper_missing/);
    expect(await sql.only<{ one: number }>(db.ds, `SELECT 1 AS one`)).toEqual({ one: 1 });
  });
});
