import { DataSource, EntityManager } from 'typeorm';
import * as sql from '../database/sql';

export const SIGNATURE_LANGUAGES = ['nl', 'en'] as const;
export type SignatureLanguage = (typeof SIGNATURE_LANGUAGES)[number];

/** A worker's signature in one language (what `{{signature}}` becomes), or null when none is set. */
export async function signatureOf(
  db: DataSource | EntityManager,
  staffUserId: string,
  language: string,
): Promise<string | null> {
  const s = await sql.one<{ body_text: string | null }>(
    db,
    `SELECT body_text FROM staff_signature WHERE staff_user_id = $1 AND language = $2`,
    [staffUserId, language],
  );
  return s?.body_text?.trim() ? s.body_text : null;
}
