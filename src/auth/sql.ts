import type { DataSource, EntityManager } from 'typeorm';

/**
 * Rows of an UPDATE/DELETE … RETURNING. TypeORM's postgres driver answers those with
 * `[rows, rowCount]` but a SELECT or INSERT with the rows alone; this hides the difference.
 */
export async function changedRows<T>(db: DataSource | EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const r = await db.query(sql, params);
  return (Array.isArray(r) && r.length === 2 && Array.isArray(r[0]) && typeof r[1] === 'number' ? r[0] : r) as T[];
}
