/**
 * Text that looks like an internal name rather than words: a translation key (`reply.sent`,
 * `composer.kind.online`), a code in snake_case (`status_changed`), an unfilled placeholder
 * (`{{name}}`, `{ref}`), or one of the codes the data model uses (`social-work`, `pending-review`).
 * Reply-template variables are words a worker types, so `{{nickname}}` and its siblings pass.
 */

const TEMPLATE_VARIABLES = ['nickname', 'workerName', 'regionName', 'referrals', 'signature'];

/** Codes of the data model that must never be shown as they are stored. */
const CODES = [
  'social-work',
  'face-to-face',
  'pending-review',
  'rather-not-say',
  'reply-notification',
  'org-admin',
  'suicidal-thoughts',
  'fear-of-failure',
  'sexual-orientation',
];

/** Host names, file names and addresses end in one of these: not keys. */
const NOT_KEYS =
  /\b(?:[\w-]+\.)+(?:nl|be|com|org|net|eu|info|io|app|example|local|csv|xlsx|ics|json|html|png|ico|svg|txt|eml|pdf)\b/gi;

export function rawKeysIn(text: string): string[] {
  const cleaned = text
    .replace(/\bhttps?:\/\/\S+/g, ' ')
    .replace(/[\w.+-]+@[\w.-]+/g, ' ')
    .replace(/\/[\w/.:-]+/g, ' ')
    .replace(NOT_KEYS, ' ');
  const found = new Set<string>();
  // a.b, a.b.c with segments of two letters or more ("e.g." and "i.e." are words).
  for (const m of cleaned.matchAll(/(?<![\w.-])[a-z][a-zA-Z0-9]+(?:\.[a-zA-Z][\w-]+)+(?![\w-])/g)) found.add(m[0]);
  for (const m of cleaned.matchAll(/(?<![\w-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w-])/g)) found.add(m[0]);
  for (const m of cleaned.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) if (!TEMPLATE_VARIABLES.includes(m[1])) found.add(m[0]);
  for (const m of cleaned.replace(/\{\{[^}]*\}\}/g, ' ').matchAll(/\{[a-zA-Z]+\}/g)) found.add(m[0]);
  for (const code of CODES) if (new RegExp(`(?<![\\w-])${code}(?![\\w-])`).test(cleaned)) found.add(code);
  return [...found];
}
