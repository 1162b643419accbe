import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/** Statement names by SQL text: the same text always gets the same name, different texts never share one. */
const names = new Map<string, string>();

function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `luister_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a hot-path statement (one that runs for every new case) as a named prepared statement on
 * the query runner's own connection (a transaction's, or one held for a single statement): PostgreSQL parses and plans it once per pooled connection
 * instead of on every call, which for the intake's look-up and insert was most of the database's
 * work per question. Same SQL, parameters and transaction as `m.query`; only the plan is reused.
 * Without a query runner (the data source's own manager) it is plain `m.query`.
 */
export async function preparedQuery<T>(m: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  const runner = m.queryRunner;
  if (!runner || runner.connection.options.type !== 'postgres') return m.query(text, values);
  const client = (await runner.connect()) as PgClient;
  return (await client.query({ name: nameOf(text), text, values })).rows as T[];
}
