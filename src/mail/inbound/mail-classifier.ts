/** What a stored mail turned out to be. */
export type MailClass = 'message' | 'auto-reply' | 'bounce' | 'loop' | 'duplicate';
import { extractNewText } from './new-text';
import {
  ABSENCE_IN_BODY,
  ABSENCE_SUBJECT,
  AUTO_REPLY_SUBJECT,
  BOUNCE_BODY,
  BOUNCE_HANDLER_LOCAL_PART,
  BOUNCE_SUBJECT,
  BULK_DISPLAY_NAME,
  BULK_MAILER,
  CHALLENGE_SUBJECT,
  DAEMON_LOCAL_PART,
  DAEMON_NAME,
  DELAY_SUBJECT,
  LIST_REJECTION,
  LIST_ROBOT_LOCAL_PART,
  NOREPLY_LOCAL_PART,
  NOTIFICATION_LOCAL_PART,
  READ_RECEIPT_SUBJECT,
  RETURN_IN_BODY,
  UNSUBSCRIBE_TEXT,
} from './mail-signals';

/**
 * The finer kind beside the fixed API class (`raw_mail.kind`). A `message` opens or joins a
 * case and is acknowledged; `suspected-bulk` and `suspected-auto-reply` also open a case (a rule
 * that may misfire on a person's mail must not drop it) but are never acknowledged. Bulk,
 * out-of-office, other auto-replies, read receipts and challenges are class `auto-reply`;
 * delivery reports, delays, feedback reports and list-manager refusals are class `bounce`.
 */
export type MailKind =
  | 'message'
  | 'suspected-bulk'
  | 'suspected-auto-reply'
  | 'bulk'
  | 'out-of-office'
  | 'auto-reply'
  | 'read-receipt'
  | 'challenge'
  | 'bounce'
  | 'delivery-delay'
  | 'feedback-report'
  | 'list-rejection'
  | 'loop'
  | 'duplicate';

/** What the classifier needs to know about a parsed mail; plain data, no parser types. */
export interface MailFacts {
  /** Header values by lower-case name (the first occurrence). */
  headers: Record<string, string | undefined>;
  /** Top-level content type, e.g. `multipart/report`, and its `report-type` parameter. */
  contentType: string;
  reportType?: string;
  /** Content types of the non-body parts (reports nested in other parts show up here). */
  partTypes?: string[];
  /** The `message/delivery-status` part's text, if any. */
  deliveryStatus?: string;
  subject?: string;
  fromAddress?: string;
  fromName?: string;
  replyToAddress?: string;
  /** Envelope sender; empty string for the null sender `<>`. */
  envelopeFrom: string;
  /** The body text (its first lines are read for out-of-office and bounce wording). */
  text?: string;
  /** The writer's own text (new-text.ts): an unsubscribe line in quoted history is no sign of bulk. */
  newText?: string;
  /** Whether an address is one of ours (service, region, reply, no-reply). */
  isOwnAddress: (address: string) => boolean;
  mailDomain: string;
  /** The same Message-ID with the same content was processed before. */
  seenBefore: boolean;
}

export interface Classification {
  class: MailClass;
  kind: MailKind;
  /** A stable, short code saying which rule matched (never mail content). */
  reason: string | null;
}

const CLASS_OF: Record<MailKind, MailClass> = {
  message: 'message',
  'suspected-bulk': 'message',
  'suspected-auto-reply': 'message',
  bulk: 'auto-reply',
  'out-of-office': 'auto-reply',
  'auto-reply': 'auto-reply',
  'read-receipt': 'auto-reply',
  challenge: 'auto-reply',
  bounce: 'bounce',
  'delivery-delay': 'bounce',
  'feedback-report': 'bounce',
  'list-rejection': 'bounce',
  loop: 'loop',
  duplicate: 'duplicate',
};

const is = (kind: MailKind, reason: string | null): Classification => ({ class: CLASS_OF[kind], kind, reason });

function localPart(address: string | undefined): string {
  if (!address) return '';
  const at = address.lastIndexOf('@');
  return at === -1 ? address : address.slice(0, at);
}

function header(f: MailFacts, name: string): string | undefined {
  const v = f.headers[name];
  return v === undefined ? undefined : v.trim();
}

function hasHeader(f: MailFacts, prefix: string): boolean {
  return Object.keys(f.headers).some((k) => k.startsWith(prefix));
}

/** The first non-empty, non-quoted lines of the body, joined: where automatic text says what it is. */
function opening(text: string | undefined, lines = 6): string {
  if (!text) return '';
  const out: string[] = [];
  for (const line of text.slice(0, 4000).split('\n')) {
    const l = line.trim();
    if (!l || l.startsWith('>')) continue;
    out.push(l);
    if (out.length >= lines) break;
  }
  return out.join(' ');
}

function closing(text: string | undefined): string {
  if (!text) return '';
  return text.slice(-600);
}

/** An out-of-office text: away now, and until when or what happens to the mail. */
function outOfOfficeBody(text: string | undefined): 'yes' | 'absence-only' | 'no' {
  const head = opening(text, 5);
  if (!ABSENCE_IN_BODY.test(head)) return 'no';
  return RETURN_IN_BODY.test(head) ? 'yes' : 'absence-only';
}

function isOutOfOffice(f: MailFacts): boolean {
  const s = f.subject ?? '';
  return AUTO_REPLY_SUBJECT.test(s) || ABSENCE_SUBJECT.test(s) || outOfOfficeBody(f.text) !== 'no';
}

function partTypes(f: MailFacts): string[] {
  return (f.partTypes ?? []).map((t) => t.toLowerCase());
}

/** A delivery report's outcome: only a delay when every recipient's Action is "delayed". */
function reportIsDelayOnly(f: MailFacts): boolean {
  const actions = [...(f.deliveryStatus ?? '').matchAll(/^action:\s*([a-z]+)/gim)].map((m) => m[1].toLowerCase());
  if (actions.length) return actions.every((a) => a === 'delayed');
  return DELAY_SUBJECT.test(f.subject ?? '');
}

/** Signs of bulk mail: strong ones decide alone, weak ones (that a person's mail may carry) only together. */
function bulkSignals(f: MailFacts): { strong: string | null; weak: string[] } {
  const weak: string[] = [];
  const precedence = (header(f, 'precedence') ?? '').toLowerCase();
  if (['bulk', 'junk', 'list'].includes(precedence)) return { strong: `precedence-${precedence}`, weak };
  if (header(f, 'list-id') !== undefined || header(f, 'list-unsubscribe') !== undefined || header(f, 'list-post'))
    return { strong: 'list', weak };
  if (header(f, 'feedback-id') !== undefined) return { strong: 'feedback-id', weak };
  if (hasHeader(f, 'x-ses-')) return { strong: 'x-ses', weak };
  if (header(f, 'x-jira-fingerprint') !== undefined) return { strong: 'jira', weak };
  if (hasHeader(f, 'x-github-') || hasHeader(f, 'x-gitlab-')) return { strong: 'code-host-notification', weak };
  if (hasHeader(f, 'x-zendesk-') || hasHeader(f, 'x-freshdesk-') || hasHeader(f, 'x-otrs-'))
    return { strong: 'ticket-system', weak };
  if (
    header(f, 'x-mc-user') !== undefined ||
    hasHeader(f, 'x-campaign') ||
    hasHeader(f, 'x-cmail-') ||
    header(f, 'x-sg-eid') !== undefined ||
    header(f, 'x-pm-message-id') !== undefined ||
    hasHeader(f, 'x-laposta-') ||
    hasHeader(f, 'x-flexmail-') ||
    header(f, 'x-csa-complaints') !== undefined ||
    header(f, 'x-complaints-to') !== undefined
  )
    return { strong: 'bulk-mailer-header', weak };
  if (BULK_MAILER.test(header(f, 'x-mailer') ?? '')) return { strong: 'bulk-mailer', weak };

  const envelope = f.envelopeFrom.toLowerCase();
  const envelopeLocal = localPart(envelope);
  // VERP: our own address encoded into the bounce address (bounce-123-hulp=luister.example@…).
  // SRS rewrites (SRS0=…) of forwarded personal mail look alike and are no sign.
  if (envelopeLocal && !/^srs[01][=+-]/i.test(envelopeLocal)) {
    if (envelopeLocal.includes(`=${f.mailDomain.toLowerCase()}`)) return { strong: 'verp-return-path', weak };
    if (BOUNCE_HANDLER_LOCAL_PART.test(envelopeLocal) || /@[^@]*amazonses\.com$/.test(envelope))
      return { strong: 'bounce-handler-return-path', weak };
  }

  const from = localPart(f.fromAddress);
  const replyTo = f.replyToAddress?.toLowerCase();
  if (NOREPLY_LOCAL_PART.test(from) || NOTIFICATION_LOCAL_PART.test(from)) {
    // A web form sends from noreply@ with the person in Reply-To: a person's mail after all.
    if (replyTo && replyTo !== f.fromAddress && !NOREPLY_LOCAL_PART.test(localPart(replyTo)))
      weak.push('noreply-sender');
    else return { strong: 'noreply-sender', weak };
  }
  if (header(f, 'errors-to') !== undefined) weak.push('errors-to');
  if (f.fromName && BULK_DISPLAY_NAME.test(f.fromName)) weak.push('bulk-display-name');
  if (UNSUBSCRIBE_TEXT.test(closing(f.newText ?? f.text))) weak.push('unsubscribe-text');
  if (header(f, 'x-auto-response-suppress') !== undefined) weak.push('auto-response-suppress');
  if (header(f, 'x-loop') !== undefined) weak.push('foreign-x-loop');
  return { strong: null, weak };
}

/**
 * Loop, bounce, auto-reply (bulk, out-of-office, read receipt, challenge), duplicate or a
 * help-seeker's message. Only a message creates or continues a case; everything else is
 * recorded with its kind and reason and never answered. Order matters: our own mail coming back
 * is a loop whatever else it looks like; reports and daemon mail are bounces even though they
 * are also machine-made; the null sender alone (which RFC 3834 also asks of auto-responders)
 * makes a bounce only with delivery-failure wording.
 */
export function classifyMail(f: MailFacts): Classification {
  const xLoop = header(f, 'x-loop');
  if (xLoop && xLoop.toLowerCase().includes(f.mailDomain.toLowerCase())) return is('loop', 'x-loop');
  if (f.fromAddress && f.isOwnAddress(f.fromAddress)) return is('loop', 'own-sender');
  if (f.envelopeFrom && f.isOwnAddress(f.envelopeFrom)) return is('loop', 'own-sender');

  const type = f.contentType.toLowerCase();
  const reportType = (f.reportType ?? '').toLowerCase();
  const parts = partTypes(f);
  const subject = f.subject ?? '';
  const fromLocal = localPart(f.fromAddress);
  const nullSender = f.envelopeFrom === '' || header(f, 'return-path') === '<>';

  // Reports (RFC 3464 / 5965 / 8098), wherever the report part sits.
  if (reportType === 'feedback-report' || parts.includes('message/feedback-report'))
    return is('feedback-report', 'feedback-report');
  if ((type === 'multipart/report' && reportType === 'delivery-status') || parts.includes('message/delivery-status'))
    return reportIsDelayOnly(f)
      ? is('delivery-delay', 'delivery-status-delayed')
      : is('bounce', 'delivery-status-report');
  if (reportType === 'disposition-notification' || parts.includes('message/disposition-notification'))
    return is('read-receipt', 'read-receipt');

  // Mail from the mail system itself: MAILER-DAEMON (also as a bare name with an empty address), postmaster.
  const daemon =
    DAEMON_LOCAL_PART.test(fromLocal) || (!f.fromAddress && !!f.fromName && DAEMON_NAME.test(f.fromName.trim()));
  if (daemon)
    return DELAY_SUBJECT.test(subject) ? is('delivery-delay', 'daemon-delay') : is('bounce', 'mailer-daemon-sender');

  // A list manager refusing or holding our mail.
  if (
    LIST_ROBOT_LOCAL_PART.test(fromLocal) &&
    (LIST_REJECTION.test(subject) || LIST_REJECTION.test(opening(f.text, 4)))
  )
    return is('list-rejection', 'list-manager-rejection');

  // Challenge/response: a robot asking us to prove we are a person.
  if (CHALLENGE_SUBJECT.test(subject) || hasHeader(f, 'x-boxbe') || /tmda/i.test(header(f, 'x-delivery-agent') ?? ''))
    return is('challenge', 'challenge-response');

  // Read receipts written as mail (Outlook's TNEF "Gelezen:").
  if (
    READ_RECEIPT_SUBJECT.test(subject) &&
    (type === 'application/ms-tnef' || nullSender || parts.includes('application/ms-tnef'))
  )
    return is('read-receipt', 'read-receipt-subject');

  // Delivery failures written as plain mail, from a mail server that is not called MAILER-DAEMON.
  if (
    BOUNCE_SUBJECT.test(subject) &&
    (nullSender || BOUNCE_BODY.test(opening(f.text, 8)) || /postmaster|mailer|mail/i.test(f.fromName ?? ''))
  )
    return DELAY_SUBJECT.test(subject) ? is('delivery-delay', 'bounce-subject-delay') : is('bounce', 'bounce-subject');
  if (nullSender && BOUNCE_BODY.test(opening(f.text, 8))) return is('bounce', 'bounce-wording');

  // Automatic replies that say so in their headers.
  const autoSubmitted = (header(f, 'auto-submitted') ?? '').toLowerCase().split(/[;(\s]/)[0];
  if (autoSubmitted && autoSubmitted !== 'no') {
    if (isOutOfOffice(f)) return is('out-of-office', 'auto-submitted');
    return autoSubmitted === 'auto-replied'
      ? is('auto-reply', 'auto-submitted')
      : is('bulk', 'auto-submitted-generated');
  }
  for (const h of ['x-autoreply', 'x-autorespond']) {
    if (header(f, h) !== undefined) return isOutOfOffice(f) ? is('out-of-office', h) : is('auto-reply', h);
  }

  // Out-of-office by subject: the wording mail programs write.
  if (AUTO_REPLY_SUBJECT.test(subject) || ABSENCE_SUBJECT.test(subject))
    return is('out-of-office', 'out-of-office-subject');

  // Ticket systems answering with their own loop guard (often from the null sender). A foreign
  // X-Loop alone is also what a person's procmail forward adds: only a weak sign (below).
  const ticket = hasHeader(f, 'x-rt-loop') || header(f, 'rt-ticket') !== undefined;
  if (ticket || (header(f, 'x-loop') !== undefined && nullSender))
    return /auto-?reply|automatisch|ontvangen|received/i.test(subject) || nullSender
      ? is('auto-reply', 'ticket-system-reply')
      : is('bulk', 'ticket-system-notification');

  const bulk = bulkSignals(f);
  if (bulk.strong) return is('bulk', bulk.strong);
  if (bulk.weak.length >= 2) return is('bulk', bulk.weak.join('+'));

  // Out-of-office by the first lines of the body (a reply under a plain "Re:").
  const oooBody = outOfOfficeBody(f.text);
  if (oooBody === 'yes') return is('out-of-office', 'out-of-office-body');

  // A machine's reply that says nothing else: the null sender is never a person.
  if (nullSender) return is('auto-reply', 'null-sender');

  if (f.seenBefore) return is('duplicate', 'same-message-id-and-content');
  if (bulk.weak.length) return is('suspected-bulk', bulk.weak[0]);
  if (oooBody === 'absence-only') return is('suspected-auto-reply', 'absence-wording');
  return is('message', null);
}

/** The addresses a delivery report says could not be reached (to stop mailing them). */
export function failedRecipients(f: Pick<MailFacts, 'deliveryStatus' | 'headers'>): string[] {
  const found = new Set<string>();
  for (const m of (f.deliveryStatus ?? '').matchAll(
    /^(?:final|original)-recipient:\s*rfc822;\s*<?([^\s<>;]+@[^\s<>;]+)>?/gim,
  ))
    found.add(m[1].toLowerCase());
  for (const a of (f.headers['x-failed-recipients'] ?? '').split(/[,\s]+/)) if (/@/.test(a)) found.add(a.toLowerCase());
  return [...found];
}

/** The facts of a parsed mail (parsed-mail.ts) in the classifier's terms. */
export function mailFacts(
  m: {
    headers: Record<string, string | undefined>;
    contentType: string;
    reportType?: string;
    partTypes?: string[];
    deliveryStatus?: string;
    subject?: string;
    fromAddress?: string;
    fromName?: string;
    replyToAddress?: string;
    text: string;
  },
  ctx: Pick<MailFacts, 'envelopeFrom' | 'isOwnAddress' | 'mailDomain' | 'seenBefore'>,
  /** extractNewText of `m.text`, when the caller has it already (it stores the message with it). */
  newText = extractNewText(m.text).text,
): MailFacts {
  return {
    headers: m.headers,
    contentType: m.contentType,
    reportType: m.reportType,
    partTypes: m.partTypes,
    deliveryStatus: m.deliveryStatus,
    subject: m.subject,
    fromAddress: m.fromAddress,
    fromName: m.fromName,
    replyToAddress: m.replyToAddress,
    text: m.text,
    newText,
    ...ctx,
  };
}
