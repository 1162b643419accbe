import * as sql from '../database/sql';

/**
 * pg-boss's own statement run on the caller's transaction (docs/data-layer.md), so a job exists
 * exactly when the change that asked for it commits. Passed through untouched: pg-boss reads the
 * rows itself.
 */
export function runPgBossStatement(m: sql.Db, text: string, values: unknown[]): Promise<Record<string, unknown>[]> {
  return sql.rows<Record<string, unknown>>(m, text, values);
}
