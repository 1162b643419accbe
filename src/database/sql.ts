import { createHash } from 'node:crypto';
import {
  type DataSource,
  type EntityManager,
  type QueryRunner,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';

/**
 * The one way application code runs SQL (docs/data-layer.md): hand-written statements, typed rows,
 * and one rule for the number of rows an INSERT, UPDATE or DELETE touched.
 *
 * It runs on the manager's query runner when there is one, so a statement inside
 * `ds.transaction(m => …)` stays in that transaction; without one (a data source, or its own
 * manager) it borrows a pooled connection for the single statement, as `m.query` does.
 */
export type Db = EntityManager | DataSource;

/** Parameters as node-postgres takes them: `$1` is `params[0]`. */
export type Params = readonly unknown[];

export interface Options {
  /**
   * Run as a named prepared statement on the runner's connection: PostgreSQL parses and plans it
   * once per pooled connection instead of on every call. For hot-path statements (one that runs
   * for every new case). Same SQL, parameters and transaction; only the plan is reused. Without a
   * query runner of the caller's own it is a plain statement, as `preparedQuery` always did.
   */
  prepared?: boolean;
}

interface Result {
  rows: unknown[];
  /** Rows touched by INSERT/UPDATE/DELETE (or returned by SELECT); 0 when the driver reports none. */
  count: number;
}

interface PgResult {
  rows?: unknown[];
  rowCount?: number | null;
}

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<PgResult>;
}

/** TypeORM's structured result (`query(text, params, true)`): `records` and `affected`, whatever the command. */
interface StructuredResult {
  records?: unknown[];
  affected?: number | null;
}

/** Statement names by SQL text: the same text always gets the same name, different texts never share one. */
const names = new Map<string, string>();

export function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `luister_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

function managerOf(db: Db): EntityManager {
  return 'manager' in db ? db.manager : db;
}

async function run(db: Db, text: string, params: Params, options: Options): Promise<Result> {
  const m = managerOf(db);
  const own: QueryRunner | undefined = m.queryRunner;
  if (options.prepared && own && own.connection.options.type === 'postgres') {
    // As preparedQuery always did: straight to the runner's client, whose own error (a lost
    // connection is "not queryable") is what the callers' database-unavailable handling knows.
    const client = (await own.connect()) as PgClient;
    const r = await client.query({ name: statementName(text), text, values: [...params] });
    return { rows: r.rows ?? [], count: r.rowCount ?? 0 };
  }
  // The check and error of TypeORM's own `query`.
  if (own?.isReleased) throw new QueryRunnerProviderAlreadyReleasedError();
  const runner = own ?? m.connection.createQueryRunner();
  try {
    // The structured result reads the row count from node-postgres's rowCount for every command,
    // instead of TypeORM's raw shape (rows for SELECT/INSERT, `[rows, count]` for UPDATE/DELETE).
    const r = (await runner.query(text, [...params], true)) as StructuredResult;
    return { rows: r.records ?? [], count: r.affected ?? 0 };
  } finally {
    if (!own) await runner.release();
  }
}

/** Every row, typed by the caller (an interface next to the query, with the SQL's column names). */
export async function rows<T>(db: Db, text: string, params: Params = [], options: Options = {}): Promise<T[]> {
  return (await run(db, text, params, options)).rows as T[];
}

/** The first row, or undefined when there is none. */
export async function one<T>(db: Db, text: string, params: Params = [], options: Options = {}): Promise<T | undefined> {
  return (await run(db, text, params, options)).rows[0] as T | undefined;
}

/** Exactly one row: anything else is a bug in the statement (or the data), so it throws. */
export async function only<T>(db: Db, text: string, params: Params = [], options: Options = {}): Promise<T> {
  const r = (await run(db, text, params, options)).rows;
  if (r.length !== 1) throw new Error(`sql: expected exactly one row, got ${r.length}`);
  return r[0] as T;
}

/** The number of rows an INSERT, UPDATE or DELETE touched (with or without RETURNING). */
export async function count(db: Db, text: string, params: Params = [], options: Options = {}): Promise<number> {
  return (await run(db, text, params, options)).count;
}

/** A statement whose result nobody reads (locks, SET LOCAL, writes without a count). */
export async function exec(db: Db, text: string, params: Params = [], options: Options = {}): Promise<void> {
  await run(db, text, params, options);
}

/** Rows and count of one statement, for the few callers that need both (e.g. UPDATE … RETURNING). */
export async function result<T>(
  db: Db,
  text: string,
  params: Params = [],
  options: Options = {},
): Promise<{ rows: T[]; count: number }> {
  const r = await run(db, text, params, options);
  return { rows: r.rows as T[], count: r.count };
}
