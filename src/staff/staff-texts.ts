import type * as sql from '../database/sql';
import * as repo from './staff-texts.repository';

export const SIGNATURE_LANGUAGES = ['nl', 'en'] as const;
export type SignatureLanguage = (typeof SIGNATURE_LANGUAGES)[number];

/** A worker's signature in one language (what `{{signature}}` becomes), or null when none is set. */
export async function signatureOf(db: sql.Db, staffUserId: string, language: string): Promise<string | null> {
  const text = await repo.signatureText(db, staffUserId, language);
  return text?.trim() ? text : null;
}
