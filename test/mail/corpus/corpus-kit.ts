/**
 * Building blocks for the mail corpus (make-corpus.ts): header sections and the reply layouts
 * of the mail programs, written as those programs format their plain-text part (checked against
 * mails they sent: attribution wording and wrapping, header-block labels, phone-app lines).
 * Placeholders filled in at delivery: {{TOKEN}} a case's reply token, {{MSGID}} our signed
 * Message-ID of that case.
 */

export type ExpectedClass = 'message' | 'auto-reply' | 'bounce' | 'loop' | 'duplicate';
/** The finer kind beside the fixed API class. */
export type ExpectedKind =
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
  | 'list-rejection';

export interface CorpusMail {
  name: string;
  /** Language of the writer's text (nl-BE for Flemish). */
  lang: string;
  /** The mail program or sending system it imitates. */
  client: string;
  class: ExpectedClass;
  kind: ExpectedKind;
  /** new: a case is opened; thread: it joins the test's case; none: no case. */
  case: 'new' | 'thread' | 'none';
  /** The expected new text, exactly (messages only). */
  text?: string;
  /** The sender is a machine: an acknowledgement to it would be a robot acknowledgement. */
  robot: boolean;
  /** Envelope sender; default the From address. '' is the null sender. */
  mailFrom?: string;
  /** Where the material comes from when it is not our own writing (licence noted in README.md). */
  source?: string;
  /** The charset the bytes are written in (default UTF-8). */
  encoding?: string;
  raw: string;
}

let counter = 0;

export interface Head {
  from: string;
  to?: string;
  subject?: string | null;
  date?: string;
  messageId?: string | null;
  extra?: string[];
  /** Content-Type of the top level (default text/plain; charset=utf-8). */
  contentType?: string;
  cte?: string;
}

export const US = 'Luister <hulp@luister.example>';
export const REPLY_TO = 'reply+{{TOKEN}}@luister.example';
export const DATE = 'Tue, 24 Nov 2026 10:00:00 +0100';

export function headers(h: Head): string {
  counter++;
  const lines = [
    `From: ${h.from}`,
    `To: ${h.to ?? 'hulp@luister.example'}`,
    ...(h.subject === null ? [] : [`Subject: ${h.subject ?? 'Vraag'}`]),
    ...(h.messageId === null ? [] : [`Message-ID: ${h.messageId ?? `<corpus-${counter}@example.test>`}`]),
    `Date: ${h.date ?? DATE}`,
    'MIME-Version: 1.0',
    ...(h.extra ?? []),
    `Content-Type: ${h.contentType ?? 'text/plain; charset=utf-8'}`,
    ...(h.cte === '' ? [] : [`Content-Transfer-Encoding: ${h.cte ?? '8bit'}`]),
  ];
  return lines.join('\n');
}

/** A plain-text mail. */
export function plain(h: Head, body: string): string {
  return `${headers(h)}\n\n${body}\n`;
}

/** A reply into the test case (reply address and In-Reply-To). */
export function replyHead(from: string, subject = 'Re: Je vraag bij Luister', extra: string[] = []): Head {
  return {
    from,
    to: REPLY_TO,
    subject,
    extra: ['In-Reply-To: {{MSGID}}', 'References: {{MSGID}}', ...extra],
  };
}

/** multipart/alternative with a text and an HTML part. */
export function alternative(h: Head, text: string, html: string): string {
  const b = `alt-${counter + 1}-b`;
  return `${headers({ ...h, contentType: `multipart/alternative; boundary="${b}"`, cte: '' })}

--${b}
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

${text}

--${b}
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: 8bit

${html}

--${b}--
`;
}

export const gt = (text: string): string =>
  text
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');

/** Our earlier reply as it comes back quoted (Dutch and English). */
export const OURS_NL = `Hoi,

Uit je mail begrijp ik dat je je zorgen maakt over de brief van de deurwaarder. Klopt dat?
Wil je me vertellen wat er precies in de brief staat?

Groet,
Marieke
Luister`;

export const OURS_NL2 = `Dag,

Fijn dat je ons schreef. Je vertelt dat het thuis niet goed gaat met je moeder.
Wie kun je op dit moment om hulp vragen?

Hartelijke groet,
Joost, hulpverlener bij Luister`;

export const OURS_EN = `Hello,

From your mail I understand that you are worried about the rent. Is that right?
Could you tell me what the landlord wrote?

Kind regards,
Marieke
Luister`;

export const OURS_DE = `Hallo,

ich verstehe, dass Sie sich Sorgen um die Miete machen. Stimmt das?

Viele Grüße
Marieke`;

export const OURS_FR = `Bonjour,

Je comprends que vous êtes inquiet pour le loyer. Est-ce bien cela ?

Cordialement,
Marieke`;

export const OURS_GENERIC = `Hello,

Thank you for writing to us. Is it right that you are worried about money?

Marieke`;

// ---- Reply layouts (the writer's text first, then what the program appends) ----

export function outlookDesktopNl(own: string, o: { quote?: string; to?: string; separator?: boolean } = {}): string {
  const block = `Van: Luister <hulp@luister.example>
Verzonden: dinsdag 24 november 2026 09:00
Aan: ${o.to ?? 'Anna de Vries <anna@example.nl>'}
Onderwerp: Je vraag bij Luister`;
  return `${own}\n\n${o.separator ? '-----Oorspronkelijk bericht-----\n' : ''}${block}\n\n${o.quote ?? OURS_NL}\n`;
}

export function outlookWebNl(own: string, quote = OURS_NL): string {
  return `${own}

________________________________
Van: Luister <hulp@luister.example>
Verzonden: dinsdag 24 november 2026 09:00
Aan: anna@example.nl <anna@example.nl>
Onderwerp: Je vraag bij Luister

${quote}
`;
}

export function outlookMobileNl(own: string, os: 'iOS' | 'Android' = 'iOS', quote = OURS_NL): string {
  return `${own}

Outlook voor ${os} downloaden<https://aka.ms/o0ukef>
________________________________
Van: Luister <hulp@luister.example>
Verzonden: Tuesday, November 24, 2026 9:00:00 AM
Aan: Anna de Vries <anna@example.nl>
Onderwerp: Je vraag bij Luister

${quote}
`;
}

export function gmailWebNl(own: string, o: { quote?: string; wrap?: boolean } = {}): string {
  const attribution = o.wrap
    ? 'Op di 24 nov 2026 om 09:00 schreef Luister <\nhulp@luister.example>:'
    : 'Op di 24 nov 2026 om 09:00 schreef Luister <hulp@luister.example>:';
  return `${own}\n\n${attribution}\n\n${gt(o.quote ?? OURS_NL)}\n`;
}

export function gmailAppNl(own: string, quote = OURS_NL): string {
  return `${own}\n\nOp di 24 nov. 2026 09:00 schreef Luister <hulp@luister.example>:\n\n${gt(quote)}\n`;
}

export function appleMailNl(own: string, quote = OURS_NL): string {
  return `${own}\n\n> Op 24 nov. 2026, om 09:00 heeft Luister <hulp@luister.example> het volgende geschreven:\n> \n${gt(quote)}\n`;
}

export function iphoneNl(own: string, quote = OURS_NL): string {
  return `${own}\n\nVerstuurd vanaf mijn iPhone\n\n> Op 24 nov. 2026 om 09:00 heeft Luister <hulp@luister.example> het volgende geschreven:\n> \n${gt(quote)}\n`;
}

export function samsungNl(own: string, quote = OURS_NL): string {
  return `${own}



Verzonden vanaf mijn Samsung Galaxy-smartphone.

-------- Oorspronkelijk bericht --------
Van: Luister <hulp@luister.example> 
Datum: 24-11-26 09:00 (GMT+01:00) 
Aan: Anna de Vries <anna@example.nl> 
Onderwerp: Je vraag bij Luister 

${quote}
`;
}

export function thunderbirdNl(own: string, o: { quote?: string; bottom?: boolean } = {}): string {
  const q = `Op 24-11-2026 om 09:00 schreef Luister:\n${gt(o.quote ?? OURS_NL)}`;
  return o.bottom ? `${q}\n\n${own}\n` : `${own}\n\n${q}\n`;
}

// ---- Auto-reply and report building blocks ----

/** A multipart/report delivery status notification (RFC 3464). */
export function dsn(o: {
  from: string;
  to?: string;
  subject: string;
  human: string;
  reportingMta: string;
  recipient: string;
  status: string;
  action?: string;
  diagnostic: string;
  original?: string;
  extra?: string[];
  returnedType?: 'text/rfc822-headers' | 'message/rfc822';
}): string {
  const b = `dsn-${counter + 1}`;
  const original =
    o.original ??
    `From: Luister <hulp@luister.example>\nTo: ${o.recipient}\nSubject: Je vraag bij Luister\nMessage-ID: {{MSGID}}\nDate: Tue, 24 Nov 2026 09:00:00 +0100`;
  return `${headers({ from: o.from, to: o.to ?? REPLY_TO, subject: o.subject, extra: o.extra, contentType: `multipart/report; report-type=delivery-status; boundary="${b}"`, cte: '' })}

This is a MIME-encapsulated message.

--${b}
Content-Type: text/plain; charset=us-ascii
Content-Description: Notification

${o.human}

--${b}
Content-Type: message/delivery-status
Content-Description: Delivery report

Reporting-MTA: dns; ${o.reportingMta}
Arrival-Date: Tue, 24 Nov 2026 09:00:01 +0100

Final-Recipient: rfc822; ${o.recipient}
Original-Recipient: rfc822;${o.recipient}
Action: ${o.action ?? 'failed'}
Status: ${o.status}
Diagnostic-Code: smtp; ${o.diagnostic}

--${b}
Content-Type: ${o.returnedType ?? 'text/rfc822-headers'}
Content-Description: Undelivered Message Headers

${original}

--${b}--
`;
}
