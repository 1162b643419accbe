import linkifyIt from 'linkify-it';
import { findNumbers } from 'libphonenumber-js';

/** A piece of a reply as shown to the help-seeker: text, or a link (web address or phone number). */
export type TextPart = { text: string; href?: string };

const urls = linkifyIt();
/** The crisis lines' short numbers are links where they are meant as numbers to call. */
const SHORT_NUMBER =
  /\b(?:bel|bellen|belt|call|phone|dial|tel|telefoon|telefoonnummer|nummer|number)\b[^.\n\d]{0,20}?\b(112|113|1813|116111|116123)\b(?![\d,.-]*\d)/gi;

interface Found {
  start: number;
  end: number;
  href: string;
}

/**
 * Splits plain text into text and links: web addresses (linkify-it, also bare domains like
 * 113.nl), Dutch and Belgian phone numbers (libphonenumber-js) as `tel:` links, and the short
 * crisis numbers after "bel"/"call". The parts are escaped by the template like any text, so a
 * message can never add markup; only http(s), mailto and tel links are made.
 */
export function linkify(text: string): TextPart[] {
  const found: Found[] = [];
  for (const m of urls.match(text) ?? []) {
    if (/^(https?:|mailto:)/i.test(m.url)) found.push({ start: m.index, end: m.lastIndex, href: m.url });
  }
  for (const country of ['NL', 'BE'] as const) {
    for (const n of findNumbers(text, { defaultCountry: country, v2: true })) {
      found.push({ start: n.startsAt, end: n.endsAt, href: `tel:${n.number.number}` });
    }
  }
  for (const m of text.matchAll(SHORT_NUMBER)) {
    const start = m.index! + m[0].length - m[1].length;
    found.push({ start, end: start + m[1].length, href: `tel:${m[1]}` });
  }
  // First come, first served: an overlap (a number inside a web address) keeps the earlier, longer one.
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const parts: TextPart[] = [];
  let at = 0;
  for (const f of found) {
    if (f.start < at) continue;
    if (f.start > at) parts.push({ text: text.slice(at, f.start) });
    parts.push({ text: text.slice(f.start, f.end), href: f.href });
    at = f.end;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}
