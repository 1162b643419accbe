/**
 * What the help-seeker wrote now, without the quoted history, signatures and forwarded mail
 * their mail program added. The body is split into fragments — the writer's text, quote blocks
 * (with their attribution or header block), signatures and forwarded parts — wherever they sit,
 * and the writer's fragments are kept in order, so answers written between quotes (interleaved)
 * or under them (bottom-posting) survive. The full body is always kept next to it.
 * A mail with no text of its own but a forwarded or quoted mail keeps that mail's text as its
 * content (a help-seeker forwarding a letter wants it read); otherwise, when the rules would
 * leave nothing, the whole text is the new text (better too much than nothing).
 */
import {
  ATTRIBUTION,
  attributionEvidence,
  BARE_ATTRIBUTION,
  CLOSING,
  DEVICE_LINE,
  FORWARD_MARKER,
  HEADER_FROM,
  HEADER_OTHER,
  isContactLine,
  isNameLine,
  isShortSignatureLine,
  ORIGINAL_MESSAGE,
  RULE_LINE,
} from './reply-patterns';

export type FragmentKind = 'text' | 'quote' | 'signature' | 'forward';

export interface Fragment {
  kind: FragmentKind;
  lines: string[];
  /** A quote that starts with a separator or header block (unquoted history, an Outlook forward). */
  headed?: boolean;
}

export interface NewText {
  text: string;
  /** Whether anything was folded away. */
  folded: boolean;
}

const blank = (l: string | undefined) => l === undefined || l.trim() === '';
const quoted = (l: string | undefined) => l !== undefined && /^\s*>/.test(l);

function nextNonBlank(lines: string[], from: number): number {
  let j = from;
  while (j < lines.length && blank(lines[j])) j++;
  return j;
}

/** A block of header lines (From + at least two of Sent/Date/To/Subject) starting at i: its length, or 0. */
function headerBlockAt(lines: string[], i: number): number {
  let fields = 0;
  let from = false;
  let j = i;
  let gap = 0;
  while (j < lines.length && j < i + 12) {
    const l = lines[j];
    if (HEADER_FROM.test(l)) {
      from = true;
      fields++;
      gap = 0;
    } else if (HEADER_OTHER.test(l)) {
      fields++;
      gap = 0;
    } else if (fields > 0 && !blank(l) && gap === 0 && !quoted(l)) {
      gap++; // a wrapped long To: line
    } else break;
    j++;
  }
  if (gap) j--;
  if (fields === 0 || !(HEADER_FROM.test(lines[i]) || HEADER_OTHER.test(lines[i]))) return 0;
  return from && fields >= 3 ? j - i : 0;
}

/** An attribution starting at line i, wrapped over up to four lines: its length, or 0. */
function attributionAt(lines: string[], i: number): number {
  const first = lines[i];
  if (blank(first) || first.length > 400 || quoted(first)) return 0;
  let joined = '';
  for (let k = 0; k < 4 && i + k < lines.length; k++) {
    const l = lines[i + k];
    if (blank(l) || quoted(l)) break;
    joined = k === 0 ? l.trim() : `${joined} ${l.trim()}`;
    if (!/[:：]\s*$|-{2,}\s*$/.test(joined)) continue;
    const isAttribution = ATTRIBUTION.test(joined) || (BARE_ATTRIBUTION.test(joined) && attributionEvidence(joined));
    if (!isAttribution) continue;
    // Evidence: an address, a date with a time, or quoted lines right after it.
    const after = nextNonBlank(lines, i + k + 1);
    if (!attributionEvidence(joined) && !quoted(lines[after])) continue;
    // "Hello" above a wrapped attribution is the writer's: the attribution starts at the latest line that still makes one.
    for (let s = 1; s <= k && !attributionEvidence(first); s++) {
      const tail = lines
        .slice(i + s, i + k + 1)
        .map((x) => x.trim())
        .join(' ');
      if (
        (ATTRIBUTION.test(tail) || BARE_ATTRIBUTION.test(tail)) &&
        (attributionEvidence(tail) || quoted(lines[after]))
      )
        return 0;
    }
    return k + 1;
  }
  return 0;
}

type Start = { kind: 'quote' | 'forward'; length: number; toEnd: boolean; headed?: boolean };

/** Does a quoted or forwarded part start at line i? */
function quoteStartAt(lines: string[], i: number): Start | undefined {
  const line = lines[i];
  if (FORWARD_MARKER.test(line)) return { kind: 'forward', length: 1, toEnd: true };
  if (ORIGINAL_MESSAGE.test(line)) return { kind: 'quote', length: 1, toEnd: true, headed: true };
  if (RULE_LINE.test(line)) {
    const j = nextNonBlank(lines, i + 1);
    if (j - i <= 2 && headerBlockAt(lines, j)) return { kind: 'quote', length: 1, toEnd: true, headed: true };
  }
  const block = headerBlockAt(lines, i);
  if (block) return { kind: 'quote', length: block, toEnd: true, headed: true };
  const attribution = attributionAt(lines, i);
  if (attribution) {
    const after = nextNonBlank(lines, i + attribution);
    return { kind: 'quote', length: attribution, toEnd: !quoted(lines[after]) };
  }
  return undefined;
}

/** The end (exclusive) of a run of quoted lines from i; blank lines inside the run belong to it. */
function quoteRunEnd(lines: string[], i: number): number {
  let j = i;
  let end = i;
  while (j < lines.length) {
    if (quoted(lines[j])) end = j + 1;
    else if (!blank(lines[j])) break;
    j++;
  }
  return end;
}

/** Splits a body into fragments, in order. */
export function fragments(body: string): Fragment[] {
  const lines = body
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/\u200b|\u200c|\u200d|\ufeff/g, '')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''));
  const out: Fragment[] = [];
  const push = (kind: FragmentKind, ls: string[]) => {
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.lines.push(...ls);
    else out.push({ kind, lines: [...ls] });
  };
  let i = 0;
  let inSignature = false;
  while (i < lines.length) {
    const start = quoteStartAt(lines, i);
    if (start) {
      inSignature = false;
      if (start.toEnd) {
        out.push({ kind: start.kind, lines: lines.slice(i), headed: start.headed });
        break;
      }
      const end = quoteRunEnd(lines, i + start.length);
      push('quote', lines.slice(i, end));
      i = end;
      continue;
    }
    if (quoted(lines[i])) {
      inSignature = false;
      const end = quoteRunEnd(lines, i);
      push('quote', lines.slice(i, end));
      i = end;
      continue;
    }
    if (/^--\s?$/.test(lines[i])) inSignature = true;
    else if (DEVICE_LINE.test(lines[i]) && endsTextBlock(lines, i + 1)) {
      push('signature', [lines[i]]);
      i++;
      continue;
    }
    push(inSignature ? 'signature' : 'text', [lines[i]]);
    i++;
  }
  return out.flatMap(splitClosingSignature);
}

/** Only blank lines until the end or the next quote, forward or signature: the line ends its text block. */
function endsTextBlock(lines: string[], from: number): boolean {
  const j = nextNonBlank(lines, from);
  return (
    j >= lines.length ||
    quoted(lines[j]) ||
    !!quoteStartAt(lines, j) ||
    /^--\s?$/.test(lines[j]) ||
    DEVICE_LINE.test(lines[j])
  );
}

/**
 * A signature without "-- ": a closing phrase ("Met vriendelijke groet,") and the name under
 * it stay the writer's; the contact lines after them (phone, URL, job title, company) are a
 * signature when at least one is a contact line or there are two or more short lines.
 */
function splitClosingSignature(f: Fragment): Fragment[] {
  if (f.kind !== 'text') return [f];
  const ls = f.lines;
  let last = ls.length - 1;
  while (last >= 0 && blank(ls[last])) last--;
  const candidates: number[] = [];
  for (let i = last, seen = 0; i >= 0 && seen < 9; i--) {
    if (blank(ls[i])) continue;
    seen++;
    if (CLOSING.test(ls[i])) candidates.push(i);
  }
  for (const c of candidates) {
    let i = c + 1;
    // The name, on the closing line itself or on the next non-blank line.
    const nameOnClosing = !!CLOSING.exec(ls[c])?.[1];
    if (!nameOnClosing) {
      while (i <= last && blank(ls[i])) i++;
      if (i <= last && isNameLine(ls[i])) i++;
    }
    const rest = ls.slice(i, last + 1).filter((l) => !blank(l));
    if (!rest.length || rest.length > 8 || !rest.every((l) => isContactLine(l) || isShortSignatureLine(l))) continue;
    if (!rest.some(isContactLine) && rest.length < 2) continue;
    return [
      { kind: 'text', lines: ls.slice(0, i) },
      { kind: 'signature', lines: ls.slice(i) },
    ];
  }
  return [f];
}

function assemble(lines: string[]): string {
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The text of a forwarded or quoted mail: without its marker, header block and ">" marks. */
function innerText(f: Fragment): string {
  const ls = [...f.lines];
  let i = 0;
  if (FORWARD_MARKER.test(ls[0] ?? '') || ORIGINAL_MESSAGE.test(ls[0] ?? '') || RULE_LINE.test(ls[0] ?? '')) i++;
  i = nextNonBlank(ls, i);
  const unquote = (l: string) => l.replace(/^\s*> ?/, '');
  const allQuoted = ls.slice(i).every((l) => blank(l) || quoted(l));
  const body = allQuoted ? ls.slice(i).map(unquote) : ls.slice(i);
  const block = headerBlockAt(body, nextNonBlank(body, 0));
  const attribution = block ? 0 : attributionAt(body, nextNonBlank(body, 0));
  const skip = nextNonBlank(body, 0) + (block || attribution);
  return assemble(body.slice(skip));
}

export function extractNewText(body: string, depth = 0): NewText {
  const whole = body
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .trim();
  const parts = fragments(body);
  const own = assemble(parts.filter((p) => p.kind === 'text').flatMap((p) => p.lines));
  if (own) return { text: own, folded: own !== whole };
  // No text of the writer's own: a forward (Outlook's has only a header block) keeps the mail it carries.
  const carried = parts.find((p) => p.kind === 'forward') ?? parts.find((p) => p.kind === 'quote' && p.headed);
  if (carried && depth < 3) {
    const inner = innerText(carried);
    if (inner) {
      const text = extractNewText(inner, depth + 1).text;
      return { text, folded: text !== whole };
    }
  }
  return { text: whole, folded: false };
}
