import * as sql from '../../database/sql';

/**
 * The mailboxes module's SQL beside its store (docs/data-layer.md): the region look-ups of the
 * settings and of IMAP_URL, which mailboxes hold a secret, and the rows a key rotation re-seals.
 * mailbox.store.ts keeps the mailbox rows' own reads and writes; the services and rotateSecrets
 * keep the rules and the transaction and pass their manager.
 */

/** The id of the region with this code, if there is one. */
export async function regionIdByCode(m: sql.Db, code: string): Promise<number | undefined> {
  const rows = await sql.rows<{ id: number }>(m, `SELECT id FROM region WHERE code = $1`, [code]);
  return rows[0]?.id;
}

/** The region with this code within the organisation (`organisationId` null: any), with its organisation. */
export async function regionInOrganisation(
  m: sql.Db,
  code: string,
  organisationId: number | null,
): Promise<{ id: number; organisation_id: number } | undefined> {
  const rows = await sql.rows<{ id: number; organisation_id: number }>(
    m,
    `SELECT id, organisation_id FROM region WHERE code = $1 AND ($2::int IS NULL OR organisation_id = $2::int)`,
    [code, organisationId],
  );
  return rows[0];
}

/** Ids of the mailboxes with a sealed secret. */
export async function mailboxIdsWithSecret(m: sql.Db): Promise<string[]> {
  const rows = await sql.rows<{ id: string }>(m, `SELECT id FROM mailbox WHERE secret_sealed IS NOT NULL`);
  return rows.map((r) => r.id);
}

/** Every sealed mailbox secret, locked in id order (a secret saved meanwhile waits for the rotation). */
export function lockSealedSecrets(m: sql.Db): Promise<{ id: string; secret_sealed: Buffer }[]> {
  return sql.rows<{ id: string; secret_sealed: Buffer }>(
    m,
    `SELECT id, secret_sealed FROM mailbox WHERE secret_sealed IS NOT NULL ORDER BY id FOR UPDATE`,
  );
}

/** The mailbox's secret, sealed again. */
export async function replaceSealedSecret(m: sql.Db, id: string, sealed: Buffer): Promise<void> {
  await sql.exec(m, `UPDATE mailbox SET secret_sealed = $2 WHERE id = $1`, [id, sealed]);
}
