import { createHash } from 'node:crypto';

/** The header section of a raw message (up to the first empty line), unfolded into fields. */
function headerFields(raw: Buffer): { name: string; line: string }[] {
  // Headers are ASCII by the standard; latin1 keeps every byte as one character.
  const text = raw.subarray(0, Math.min(raw.length, 256 * 1024)).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = end === -1 ? text : text.slice(0, end);
  const fields: { name: string; line: string }[] = [];
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && fields.length) fields[fields.length - 1].line += `\n${line}`;
    else {
      const colon = line.indexOf(':');
      fields.push({ name: colon > 0 ? line.slice(0, colon).trim().toLowerCase() : '', line });
    }
  }
  return fields;
}

/**
 * A Message-ID as one key, however the header was folded: the first `<…>` with every whitespace
 * (a fold inside the brackets, a tab, a line break) and NUL removed. Undefined when there is none.
 */
export function normaliseMessageId(value: string | undefined | null): string | undefined {
  const m = value ? /<([^<>]*)>/.exec(value) : null;
  const bare = m?.[1].replace(/[ \t\r\n\u0000]+/g, '');
  return bare ? `<${bare}>`.slice(0, 998) : undefined;
}

/** Every `<…>` id in a header value (In-Reply-To, References), each normalised as above. */
export function normaliseMessageIds(value: string | undefined | null): string[] {
  return (value?.match(/<[^<>]*>/g) ?? []).map((id) => normaliseMessageId(id)).filter((id): id is string => !!id);
}

/** The Message-ID header (`<…>`), read without a full parse so the mail log has it from the start. */
export function rawMessageId(raw: Buffer): string | undefined {
  const field = headerFields(raw).find((f) => f.name === 'message-id');
  return field ? normaliseMessageId(field.line.slice(field.line.indexOf(':') + 1)) : undefined;
}

// Added or changed by the servers on the way: a retried or re-routed copy differs only in these.
const TRACE_FIELDS = new Set([
  'received',
  'return-path',
  'delivered-to',
  'x-original-to',
  'x-received',
  'authentication-results',
  'arc-seal',
  'arc-message-signature',
  'arc-authentication-results',
  'received-spf',
  'x-spam-status',
  'x-spam-score',
]);

// Fields whose `<…>` ids are compared without any whitespace inside the brackets.
const ID_FIELDS = new Set(['message-id', 'in-reply-to', 'references', 'resent-message-id']);

/**
 * Runs of blanks and folds as one space, none at the ends. Only these: in latin1 `\s` would also
 * take byte 0xA0, which is part of many UTF-8 letters.
 */
const squeeze = (s: string) => s.replace(/[ \t\r\n]+/g, ' ').replace(/^ | $/g, '');

/** One header field as the duplicate key sees it: name in lower case, value unfolded and squeezed. */
function normalisedField(f: { name: string; line: string }): string {
  if (!f.name) return squeeze(f.line);
  let value = f.line.slice(f.line.indexOf(':') + 1);
  if (ID_FIELDS.has(f.name)) value = value.replace(/<[^<>]*>/g, (id) => id.replace(/[ \t\r\n]+/g, ''));
  return `${f.name}:${squeeze(value)}`;
}

/**
 * SHA-256 of a message without its trace headers and without layout: the same mail delivered
 * twice (a sender's retry after a lost 250, or via two routes) hashes the same even when a server
 * on the way folded a header differently, re-indented a fold, or changed line ends or trailing
 * blanks; a different text does not.
 */
export function contentHash(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = end === -1 ? text : text.slice(0, end);
  const body =
    end === -1
      ? ''
      : text
          .slice(end)
          .split(/\r?\n/)
          // Runs of blanks to one space; a lone space stays (replacing every space by itself cost the most here).
          .map((line) => line.replace(/[ \t]{2,}|\t/g, ' ').replace(/ $/, ''))
          .join('\n')
          .replace(/^\n+|\n+$/g, '');
  const kept = headerFields(Buffer.from(head, 'latin1'))
    .filter((f) => !TRACE_FIELDS.has(f.name))
    .map(normalisedField)
    .join('\n');
  return createHash('sha256').update(kept, 'latin1').update('\n\n').update(body, 'latin1').digest();
}
