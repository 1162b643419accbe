import * as sql from '../database/sql';

/**
 * The dashboard's reads on the main database (docs/data-layer.md): one read session per request,
 * in the caller's transaction. The figures' statements (dashboard-figures.ts) run through its
 * reader; the read replica has its own pool in DashboardService.
 */

/** Rows of one statement of a read session. */
export type Read = <T = Record<string, unknown>>(text: string, params: unknown[]) => Promise<T[]>;

/**
 * Starts a read session in the caller's transaction: its sorts get `workMem` in memory (SET LOCAL,
 * so it ends with the transaction). Returns the session's reader.
 */
export async function readSession(m: sql.Db, workMem: string): Promise<Read> {
  await sql.exec(m, `SET LOCAL work_mem = '${workMem}'`);
  return <T>(text: string, params: unknown[]) => sql.rows<T>(m, text, params);
}
