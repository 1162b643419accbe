import * as sql from '../database/sql';

/** /health's one statement (docs/data-layer.md): whether the database answers at all. */
export async function ping(m: sql.Db): Promise<void> {
  await sql.exec(m, 'SELECT 1');
}
