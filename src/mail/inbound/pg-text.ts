/**
 * Text as a PostgreSQL `text` column takes it. PostgreSQL refuses the NUL character in text
 * (`invalid byte sequence for encoding "UTF8": 0x00`), and a lone UTF-16 surrogate cannot be
 * written as UTF-8 at all. Mail may carry both (a broken client, a binary part sent as text): the
 * raw bytes stay as they came in `raw_mail.bytes` (bytea), and the text taken from them is
 * cleaned with this — NUL removed, a lone surrogate replaced by U+FFFD.
 */
export function pgText(s: string): string;
export function pgText(s: string | undefined): string | undefined;
export function pgText(s: string | null): string | null;
export function pgText(s: string | null | undefined): string | null | undefined {
  if (typeof s !== 'string') return s;
  // Fast path: almost every string has neither.
  if (!/[\u0000\uD800-\uDFFF]/.test(s)) return s;
  return s
    .replace(/\u0000/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
