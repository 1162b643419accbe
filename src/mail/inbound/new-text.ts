/**
 * What the help-seeker wrote now, without the quoted history and signature their mail program
 * appended. Pure text rules for the reply styles seen in practice (Outlook, Gmail, Apple Mail,
 * phone mail apps, in Dutch and English). The full body is always kept next to it; when the
 * rules would leave nothing, the whole text is the new text (better too much than nothing).
 */

// "On Tue, 5 Mar 2024 at 10:12, Anna <a@b.nl> wrote:", "Op di 5 mrt. 2024 om 10:12 schreef Anna <a@b.nl>:",
// Apple: "Op 5 mrt. 2024 om 10:12 heeft Anna <a@b.nl> het volgende geschreven:", German/French variants.
const ATTRIBUTION =
  /^\s*(?:on|op|am|le|el)\s.{4,300}?\b(?:wrote|schreef|schrieb|a écrit|escribió|geschreven)\b.{0,200}:\s*$/i;
// Outlook separators.
const SEPARATOR =
  /^\s*(?:-{2,}\s*(?:original message|oorspronkelijk bericht|origineel bericht|forwarded message|doorgestuurd bericht|ursprüngliche nachricht)\s*-{2,}|_{10,}|-{10,})\s*$/i;
// Outlook's quoted header block: "From:/Van:" followed closely by "Sent:/Verzonden:/Date:/Datum:" and "To:/Aan:" or "Subject:/Onderwerp:".
const HEADER_FROM = /^\s*\*?(?:from|van|von|de)\s*:\*?\s+\S/i;
const HEADER_OTHER =
  /^\s*\*?(?:sent|verzonden|date|datum|gesendet|envoyé|to|aan|an|à|subject|onderwerp|betreff|objet|cc)\s*:\*?/i;
// Signatures: the standard "-- " delimiter and the phone apps' lines.
const SIG_DELIMITER = /^-- ?$/;
const DEVICE_SIGNATURE = new RegExp(
  '^\\s*(?:' +
    [
      'sent from (?:my|mail for|outlook|yahoo mail|samsung)\\b.{0,60}',
      '(?:verzonden|verstuurd) (?:vanaf|vanuit|met|via) (?:mijn|mail|outlook|samsung)\\b.{0,60}',
      'gesendet von meinem .{1,60}',
      'envoyé de mon .{1,60}',
      'get outlook for (?:ios|android)',
      'outlook voor (?:ios|android) (?:downloaden|ophalen)',
      'download outlook for (?:ios|android)',
    ].join('|') +
    ')\\s*$',
  'i',
);

function isQuoteStart(lines: string[], i: number): boolean {
  const line = lines[i];
  if (SEPARATOR.test(line)) return true;
  if (ATTRIBUTION.test(line)) return true;
  // Gmail wraps long attributions: "On …, Anna <a@b.nl>" / "wrote:" on the next line.
  if (i + 1 < lines.length && /^\s*(?:on|op|am|le)\s/i.test(line) && ATTRIBUTION.test(`${line} ${lines[i + 1]}`))
    return true;
  if (HEADER_FROM.test(line)) {
    let others = 0;
    for (let j = i + 1; j < Math.min(lines.length, i + 6); j++) if (HEADER_OTHER.test(lines[j])) others++;
    if (others >= 2) return true;
  }
  return false;
}

export interface NewText {
  text: string;
  /** Whether anything was folded away. */
  folded: boolean;
}

export function extractNewText(body: string): NewText {
  const normalised = body.replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ');
  const lines = normalised.split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    if (isQuoteStart(lines, i) || SIG_DELIMITER.test(lines[i]) || DEVICE_SIGNATURE.test(lines[i])) {
      end = i;
      break;
    }
  }
  // Whatever is left: drop ">" quoted lines (inline or bottom quotes) and collapse the gaps.
  const kept = lines.slice(0, end).filter((l) => !/^\s*>/.test(l));
  const text = kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const whole = normalised.trim();
  if (!text) return { text: whole, folded: false };
  return { text, folded: text !== whole };
}
