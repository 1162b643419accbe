import type { EntityManager } from 'typeorm';
import { rows } from './sql';

/**
 * Runs a hot-path statement (one that runs for every new case) as a named prepared statement on
 * the query runner's own connection: PostgreSQL parses and plans it once per pooled connection
 * instead of on every call. Kept for the modules not yet on `sql.ts`; it is `rows(m, text, values,
 * { prepared: true })`, which new code calls directly.
 */
export async function preparedQuery<T>(m: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  return rows<T>(m, text, values, { prepared: true });
}
