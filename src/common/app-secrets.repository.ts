import * as sql from '../database/sql';

/** The SQL of `app_secret` (docs/data-layer.md): secrets generated once per database, shared by every instance. */

/** Stores the secret under its name unless the name has one already (the first instance to start wins). */
export async function insertSecretIfAbsent(m: sql.Db, name: string, value: string): Promise<void> {
  await sql.exec(m, `INSERT INTO app_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
    name,
    value,
  ]);
}

export function allSecrets(m: sql.Db): Promise<{ name: string; value: string }[]> {
  return sql.rows<{ name: string; value: string }>(m, `SELECT name, value FROM app_secret`);
}
