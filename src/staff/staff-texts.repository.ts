import * as sql from '../database/sql';

/**
 * A worker's own texts' SQL (docs/data-layer.md): `staff_signature` and `staff_snippet`.
 * StaffTextsService keeps the rules (lengths, the snippet limit); this file only reads and writes
 * rows, always of one staff user's own.
 */

/** A signature row; `language` is what the table's CHECK allows (SIGNATURE_LANGUAGES). */
export interface SignatureRow {
  language: 'nl' | 'en';
  body_text: string;
}

export interface SnippetRow {
  id: string;
  title: string;
  text: string;
}

export function signaturesOf(m: sql.Db, staffUserId: string): Promise<SignatureRow[]> {
  return sql.rows<SignatureRow>(m, `SELECT language, body_text FROM staff_signature WHERE staff_user_id = $1`, [
    staffUserId,
  ]);
}

/** The stored text of one language's signature, or undefined when none is set. */
export async function signatureText(m: sql.Db, staffUserId: string, language: string): Promise<string | undefined> {
  const s = await sql.one<{ body_text: string | null }>(
    m,
    `SELECT body_text FROM staff_signature WHERE staff_user_id = $1 AND language = $2`,
    [staffUserId, language],
  );
  return s?.body_text ?? undefined;
}

export async function deleteSignature(m: sql.Db, staffUserId: string, language: string): Promise<void> {
  await sql.exec(m, `DELETE FROM staff_signature WHERE staff_user_id = $1 AND language = $2`, [staffUserId, language]);
}

export async function upsertSignature(m: sql.Db, staffUserId: string, language: string, text: string): Promise<void> {
  await sql.exec(
    m,
    `INSERT INTO staff_signature (staff_user_id, language, body_text, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (staff_user_id, language) DO UPDATE SET body_text = EXCLUDED.body_text, updated_at = now()`,
    [staffUserId, language, text],
  );
}

/** A user's snippets by title. */
export function snippetsOf(m: sql.Db, staffUserId: string): Promise<SnippetRow[]> {
  return sql.rows<SnippetRow>(
    m,
    `SELECT id, title, body_text AS text FROM staff_snippet WHERE staff_user_id = $1 ORDER BY lower(title), id`,
    [staffUserId],
  );
}

/** One snippet of the user's own, or undefined. */
export function snippetOf(m: sql.Db, staffUserId: string, id: string): Promise<SnippetRow | undefined> {
  return sql.one<SnippetRow>(
    m,
    `SELECT id, title, body_text AS text FROM staff_snippet WHERE id = $1 AND staff_user_id = $2`,
    [id, staffUserId],
  );
}

export async function snippetCount(m: sql.Db, staffUserId: string): Promise<number> {
  const { n } = await sql.only<{ n: number }>(
    m,
    `SELECT count(*)::int AS n FROM staff_snippet WHERE staff_user_id = $1`,
    [staffUserId],
  );
  return n;
}

export function insertSnippet(m: sql.Db, staffUserId: string, title: string, text: string): Promise<SnippetRow> {
  return sql.only<SnippetRow>(
    m,
    `INSERT INTO staff_snippet (staff_user_id, title, body_text) VALUES ($1, $2, $3) RETURNING id, title, body_text AS text`,
    [staffUserId, title, text],
  );
}

/** Removes a snippet of the user's own; the number of rows removed (0 or 1). */
export async function deleteSnippet(m: sql.Db, staffUserId: string, id: string): Promise<number> {
  const [{ n }] = await sql.rows<{ n: number }>(
    m,
    `WITH d AS (DELETE FROM staff_snippet WHERE id = $1 AND staff_user_id = $2 RETURNING id) SELECT count(*)::int AS n FROM d`,
    [id, staffUserId],
  );
  return n;
}
