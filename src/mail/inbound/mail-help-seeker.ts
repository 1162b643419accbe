/**
 * What we take from a mail's sender for the anonymous help-seeker: a nickname and a language.
 * Only the first word of the display name (people often put their full name there), never the
 * address; when there is nothing usable, the neutral "E-mail".
 */
export const DEFAULT_MAIL_NICKNAME = 'E-mail';

export function nicknameFromDisplayName(displayName: string | undefined): string {
  const name = (displayName ?? '').trim();
  if (!name || name.includes('@')) return DEFAULT_MAIL_NICKNAME;
  const first = name
    .split(/[\s,;]+/)[0]
    .replace(/[^\p{L}\p{N}'-]/gu, '')
    .slice(0, 20);
  return /\p{L}/u.test(first) ? first : DEFAULT_MAIL_NICKNAME;
}

const EN = new Set([
  'the',
  'and',
  'i',
  'you',
  'my',
  'is',
  'are',
  'have',
  'with',
  'what',
  'do',
  'not',
  'to',
  'of',
  'it',
  'me',
  'can',
  'help',
]);
const NL = new Set([
  'de',
  'het',
  'een',
  'en',
  'ik',
  'je',
  'mijn',
  'is',
  'zijn',
  'heb',
  'met',
  'wat',
  'niet',
  'van',
  'me',
  'kan',
  'hulp',
  'dat',
  'op',
]);

/** Dutch unless the text is clearly English (counted common words); the service is Dutch first. */
export function guessLanguage(text: string): 'nl' | 'en' {
  let en = 0;
  let nl = 0;
  for (const w of text
    .toLowerCase()
    .match(/\p{L}+/gu)
    ?.slice(0, 300) ?? []) {
    if (EN.has(w)) en++;
    if (NL.has(w)) nl++;
  }
  return en >= 3 && en > nl * 1.5 ? 'en' : 'nl';
}
