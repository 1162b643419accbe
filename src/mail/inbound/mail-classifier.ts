import type { MailClass } from './raw-mail.store';

/** What the classifier needs to know about a parsed mail; plain data, no parser types. */
export interface MailFacts {
  /** Header values by lower-case name (the first occurrence). */
  headers: Record<string, string | undefined>;
  /** Top-level content type, e.g. `multipart/report`, and its `report-type` parameter. */
  contentType: string;
  reportType?: string;
  subject?: string;
  fromAddress?: string;
  /** Envelope sender; empty string for the null sender `<>`. */
  envelopeFrom: string;
  /** Whether an address is one of ours (service, region, reply, no-reply). */
  isOwnAddress: (address: string) => boolean;
  mailDomain: string;
  /** The same Message-ID with the same content was processed before. */
  seenBefore: boolean;
}

export interface Classification {
  class: MailClass;
  /** A stable, short code saying which rule matched (never mail content). */
  reason: string | null;
}

// Out-of-office subjects in Dutch and English, as mail programs write them (anchored at the
// start, after an optional "RE:"/"Antw:" prefix, so a help-seeker's own words rarely match).
const AUTO_REPLY_SUBJECT = new RegExp(
  '^\\s*(?:(?:re|aw|antw|fw|fwd)\\s*:\\s*)*\\[?\\s*(?:' +
    [
      'automatisch(?:e)? (?:antwoord|reactie|bericht|beantwoord)',
      'afwezig(?:heid|heidsmelding|heidsbericht)?\\b',
      'niet aanwezig',
      'buiten (?:kantoor|dienst)',
      'out of (?:the )?office',
      'automatic reply',
      'auto[- ]?reply',
      'auto[- ]?response',
      'autoreply',
      'automated response',
      'vacation(?: reply| response)?\\b',
      'on vacation',
      'away from (?:the )?office',
      'vakantie\\s*(?:melding|bericht)',
    ].join('|') +
    ')',
  'i',
);

const DAEMON_LOCAL_PARTS = /^(?:mailer-daemon|postmaster|mail-daemon|maildaemon)$/i;

function localPart(address: string | undefined): string {
  if (!address) return '';
  const at = address.lastIndexOf('@');
  return at === -1 ? address : address.slice(0, at);
}

function header(f: MailFacts, name: string): string | undefined {
  const v = f.headers[name];
  return v === undefined ? undefined : v.trim();
}

/**
 * Auto-reply, bounce, loop, duplicate or a help-seeker's message. Only a message creates or
 * continues a case; everything else is recorded with its reason and never answered. Order
 * matters: our own mail coming back is a loop whatever else it looks like; a delivery report
 * is a bounce even though it is also machine-made; the null sender alone (which RFC 3834 also
 * asks of auto-responders) counts as a bounce only when no auto-reply sign is present.
 */
export function classifyMail(f: MailFacts): Classification {
  const xLoop = header(f, 'x-loop');
  if (xLoop && xLoop.toLowerCase().includes(f.mailDomain.toLowerCase())) return { class: 'loop', reason: 'x-loop' };
  if (f.fromAddress && f.isOwnAddress(f.fromAddress)) return { class: 'loop', reason: 'own-sender' };
  if (f.envelopeFrom && f.isOwnAddress(f.envelopeFrom)) return { class: 'loop', reason: 'own-sender' };

  const type = f.contentType.toLowerCase();
  const reportType = (f.reportType ?? '').toLowerCase();
  if (type === 'multipart/report' && reportType === 'delivery-status')
    return { class: 'bounce', reason: 'delivery-status-report' };
  if (DAEMON_LOCAL_PARTS.test(localPart(f.fromAddress))) return { class: 'bounce', reason: 'mailer-daemon-sender' };

  const autoSubmitted = header(f, 'auto-submitted');
  if (autoSubmitted && autoSubmitted.toLowerCase().split(';')[0].trim() !== 'no')
    return { class: 'auto-reply', reason: 'auto-submitted' };
  if (header(f, 'x-autoreply') !== undefined) return { class: 'auto-reply', reason: 'x-autoreply' };
  if (header(f, 'x-autorespond') !== undefined) return { class: 'auto-reply', reason: 'x-autorespond' };
  const precedence = (header(f, 'precedence') ?? '').toLowerCase();
  if (['bulk', 'junk', 'list'].includes(precedence)) return { class: 'auto-reply', reason: `precedence-${precedence}` };
  if (header(f, 'list-id') !== undefined || header(f, 'list-unsubscribe') !== undefined)
    return { class: 'auto-reply', reason: 'list' };
  if (type === 'multipart/report' && reportType === 'disposition-notification')
    return { class: 'auto-reply', reason: 'read-receipt' };
  if (f.subject && AUTO_REPLY_SUBJECT.test(f.subject)) return { class: 'auto-reply', reason: 'out-of-office-subject' };

  const returnPath = header(f, 'return-path');
  if (f.envelopeFrom === '' || returnPath === '<>') return { class: 'bounce', reason: 'null-sender' };

  if (f.seenBefore) return { class: 'duplicate', reason: 'same-message-id-and-content' };
  return { class: 'message', reason: null };
}
