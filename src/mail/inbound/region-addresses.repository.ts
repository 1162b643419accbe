import * as sql from '../../database/sql';

/** The region codes, as stored (RegionAddresses keeps them, lower case, for half a minute). */
export async function regionCodes(m: sql.Db): Promise<string[]> {
  const rows = await sql.rows<{ code: string }>(m, `SELECT code FROM region`);
  return rows.map((r) => r.code);
}
