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

/** The Message-ID header (`<…>`), read without a full parse so the mail log has it from the start. */
export function rawMessageId(raw: Buffer): string | undefined {
  const field = headerFields(raw).find((f) => f.name === 'message-id');
  const m = field && /<[^<>\s]+>/.exec(field.line.slice(field.line.indexOf(':') + 1));
  return m ? m[0].slice(0, 998) : undefined;
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

/**
 * SHA-256 of a message without its trace headers: the same mail delivered twice (a sender's
 * retry after a lost 250, or via two routes) hashes the same, a different text does not.
 */
export function contentHash(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = end === -1 ? text : text.slice(0, end);
  const body = end === -1 ? '' : text.slice(end).replace(/\r\n/g, '\n').trimEnd();
  const kept = headerFields(Buffer.from(head, 'latin1'))
    .filter((f) => !TRACE_FIELDS.has(f.name))
    .map((f) => f.line)
    .join('\n');
  return createHash('sha256').update(kept, 'latin1').update(body, 'latin1').digest();
}
