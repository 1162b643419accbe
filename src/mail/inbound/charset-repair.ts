import { analyse } from 'chardet';

/**
 * Text parts that declare no charset and are not UTF-8 (old webmail, scripts): the parser would
 * read them as UTF-8 and turn every letter into U+FFFD. This finds such parts in the raw MIME
 * structure, guesses their charset from the bytes (chardet, an ICU-derived detector) and writes
 * it into the part's Content-Type, so the parser decodes them right. Only the header lines
 * change; bodies are left byte for byte. Also gives a mail with no header section at all (a
 * script piping text into sendmail) a plain-text header, so its text is kept.
 */

const CRLF = /\r?\n/;

function splitHead(text: string): { head: string; sep: string; body: string } | undefined {
  const m = /\r?\n\r?\n/.exec(text);
  if (!m) return undefined;
  return { head: text.slice(0, m.index), sep: m[0], body: text.slice(m.index + m[0].length) };
}

function field(head: string, name: string): string | undefined {
  const re = new RegExp(`^${name}:[^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*`, 'im');
  return re.exec(head)?.[0];
}

function decodeQp(s: string): Buffer {
  const bytes: number[] = [];
  const text = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c & 0xff);
  }
  return Buffer.from(bytes);
}

function isUtf8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

/** The charset of bytes that are not valid UTF-8, by detection; latin-1 guesses become windows-1252 (a superset). */
export function detectCharset(bytes: Buffer): string | undefined {
  if (isUtf8(bytes)) return undefined;
  const best = analyse(bytes)[0]?.name;
  if (!best || /^utf-?8$/i.test(best)) return 'windows-1252';
  return /^iso-8859-1$/i.test(best) ? 'windows-1252' : best;
}

/** One MIME entity (headers + body, latin1 text): returns it with charsets declared where missing. */
function repairEntity(entity: string, depth: number): string {
  const parts = splitHead(entity);
  if (!parts || depth > 8) return entity;
  const ctField = field(parts.head, 'content-type');
  const ct = (ctField?.slice(ctField.indexOf(':') + 1) ?? 'text/plain').trim();
  const type = ct.split(';')[0].trim().toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(ct);
    const b = boundary?.[1] ?? boundary?.[2];
    if (!b) return entity;
    const delimiter = `--${b}`;
    const chunks = parts.body.split(delimiter);
    const repaired = chunks.map((chunk, i) => {
      if (i === 0 || chunk.startsWith('--')) return chunk;
      const nl = /^[ \t]*\r?\n/.exec(chunk);
      if (!nl) return chunk;
      return nl[0] + repairEntity(chunk.slice(nl[0].length), depth + 1);
    });
    return parts.head + parts.sep + repaired.join(delimiter);
  }
  if (!type.startsWith('text/') || /charset\s*=/i.test(ct)) return entity;
  const cte = (field(parts.head, 'content-transfer-encoding') ?? '').split(':')[1]?.trim().toLowerCase() ?? '';
  const raw = Buffer.from(parts.body, 'latin1');
  const decoded =
    cte === 'base64'
      ? Buffer.from(parts.body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64')
      : cte === 'quoted-printable'
        ? decodeQp(parts.body)
        : raw;
  const charset = detectCharset(decoded);
  if (!charset) return entity;
  const head = ctField
    ? parts.head.replace(ctField, `${ctField.replace(/\s+$/, '')}; charset="${charset}"`)
    : `${parts.head}\r\nContent-Type: text/plain; charset="${charset}"`;
  return head + parts.sep + parts.body;
}

/** Whether raw bytes start with a header field at all. */
export function hasHeaderSection(raw: Buffer): boolean {
  const first = raw.subarray(0, 1000).toString('latin1').split(CRLF)[0];
  return /^[\x21-\x39\x3b-\x7e]+:/.test(first) || /^From /.test(first);
}

/** Text, not binary: no control characters other than tab, line breaks and form feed. */
export function looksLikeText(raw: Buffer): boolean {
  const sample = raw.subarray(0, 64 * 1024);
  for (const byte of sample)
    if ((byte < 0x20 && byte !== 9 && byte !== 10 && byte !== 13 && byte !== 12) || byte === 0x7f) return false;
  return true;
}

/** A mail with only a body gets a plain-text header; a mail that declares its charsets is returned as is. */
export function withHeaderSection(raw: Buffer): Buffer {
  if (hasHeaderSection(raw) || !looksLikeText(raw)) return raw;
  return Buffer.concat([
    Buffer.from('Content-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\n', 'latin1'),
    raw,
  ]);
}

/** The raw mail with every undeclared non-UTF-8 text part's charset written into its header, or undefined if none. */
export function declareMissingCharsets(raw: Buffer): Buffer | undefined {
  const text = raw.toString('latin1');
  const repaired = repairEntity(text, 0);
  return repaired === text ? undefined : Buffer.from(repaired, 'latin1');
}
