import { AddressObject, Attachment, ParsedMail, simpleParser } from 'mailparser';
import { declareMissingCharsets, withHeaderSection } from './charset-repair';
import { sanitiseMailHtml } from './html-sanitiser';
import { textFromHtml } from './html-text';
import { pgText } from './pg-text';
import { normaliseMessageId, normaliseMessageIds } from './raw-headers';

/** A mail as processing needs it, decoded (charsets, transfer encodings, RFC 2047 words). */
export interface ParsedInboundMail {
  headers: Record<string, string | undefined>;
  contentType: string;
  reportType?: string;
  messageId?: string;
  subject?: string;
  fromAddress?: string;
  fromName?: string;
  /** The first Reply-To address, when it differs from nothing (web forms put the person there). */
  replyToAddress?: string;
  /** Content types of the non-body parts, e.g. `message/delivery-status` of a report. */
  partTypes: string[];
  /** The text of a `message/delivery-status` part (recipients and actions of a bounce). */
  deliveryStatus?: string;
  inReplyTo: string[];
  references: string[];
  /** The text parts, or for an HTML-only mail the text of its sanitised HTML. */
  text: string;
  /** Sanitised HTML (allowlist, no remote loads), if the mail had any. */
  html?: string;
  attachments: {
    filename?: string;
    contentType: string;
    size: number;
    contentId?: string;
    inline: boolean;
    content: Buffer;
  }[];
}

export class MalformedMailError extends Error {
  override name = 'MalformedMailError';
}

function firstAddress(a: AddressObject | AddressObject[] | undefined): { address?: string; name?: string } {
  const obj = Array.isArray(a) ? a[0] : a;
  const v = obj?.value[0];
  return { address: v?.address?.toLowerCase() || undefined, name: v?.name || undefined };
}

function ids(v: string | string[] | undefined): string[] {
  return normaliseMessageIds(Array.isArray(v) ? v.join(' ') : (v ?? ''));
}

const PARSE_OPTIONS = {
  // Text of HTML parts is derived below from the sanitised HTML, so no tracker URL reaches the text.
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
  // Delivery reports stay a part of their own (read by the classifier), not appended to the text.
  keepDeliveryStatus: true,
} as const;

function charsetOf(a: Attachment): string {
  const ct = a.headers?.get('content-type') as { params?: Record<string, string> } | undefined;
  return ct?.params?.charset ?? 'utf-8';
}

function decode(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/**
 * Parses raw bytes with mailparser. A mail without a single header field is taken as a body
 * (scripts send such mail) when it is text, and refused as malformed when it is binary. Text
 * parts without a declared charset that are not UTF-8 are parsed again with the detected one.
 */
export async function parseMail(raw: Buffer): Promise<ParsedInboundMail> {
  const bytes = withHeaderSection(raw);
  let p: ParsedMail = await simpleParser(bytes, PARSE_OPTIONS);
  if (p.headers.size === 0) throw new MalformedMailError('no header fields: not an e-mail message');
  if (
    (p.text?.includes('\uFFFD') || (typeof p.html === 'string' && p.html.includes('\uFFFD'))) &&
    /[\x80-\xff]/.test(bytes.toString('latin1'))
  ) {
    const repaired = declareMissingCharsets(bytes);
    if (repaired) p = await simpleParser(repaired, PARSE_OPTIONS);
  }
  const headers: Record<string, string | undefined> = {};
  for (const { key, line } of p.headerLines) {
    if (key && headers[key] === undefined)
      headers[key] = line
        .slice(line.indexOf(':') + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim();
  }
  const ct = p.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const from = firstAddress(p.from);
  let attachments = p.attachments;
  let rawHtml = typeof p.html === 'string' ? p.html : undefined;
  let plainText = (p.text ?? '').trim();
  // A body sent as an attachment (an odd Content-Disposition on the only text part): it is the text.
  if (!plainText && !rawHtml) {
    const body = attachments.find(
      (a) => (a.contentType === 'text/html' || a.contentType === 'text/plain') && !a.contentId,
    );
    if (body) {
      const content = decode(body.content, charsetOf(body));
      if (body.contentType === 'text/html') rawHtml = content;
      else plainText = content.replace(/\r\n?/g, '\n').trim();
      attachments = attachments.filter((a) => a !== body);
    }
  }
  const html = rawHtml !== undefined ? sanitiseMailHtml(rawHtml) : undefined;
  const text = plainText || (html ? textFromHtml(html) : '');
  const report = attachments.filter((a) =>
    /^message\/(?:delivery-status|feedback-report|disposition-notification)$/.test(a.contentType),
  );
  const deliveryStatus = report.find((a) => a.contentType === 'message/delivery-status');
  const replyTo = firstAddress(p.replyTo);
  return cleanText({
    headers,
    contentType: ct?.value ?? 'text/plain',
    reportType: ct?.params?.['report-type'],
    // One key however the header was folded (duplicate detection, threading, the mail log).
    messageId: normaliseMessageId(p.messageId),
    subject: p.subject,
    fromAddress: from.address,
    fromName: from.name,
    replyToAddress: replyTo.address,
    partTypes: attachments.map((a) => a.contentType.toLowerCase()),
    deliveryStatus: deliveryStatus ? deliveryStatus.content.toString('utf8').slice(0, 20000) : undefined,
    // From the header text: mailparser splits an id folded inside its brackets into two.
    inReplyTo: ids(headers['in-reply-to'] ?? p.inReplyTo),
    references: ids(headers['references'] ?? p.references),
    text,
    html,
    // Reports are machine data about our own mail, not attachments of a help-seeker's message.
    attachments: attachments
      .filter((a) => !report.includes(a))
      .map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        size: a.size ?? a.content.length,
        contentId: a.contentId,
        inline: a.contentDisposition === 'inline' || a.related === true,
        content: a.content,
      })),
  });
}

/**
 * Every text taken from the mail as PostgreSQL `text` takes it (NUL removed, lone surrogates
 * replaced): a NUL in a header, the body or a file name must not stop the mail from becoming a
 * case. The raw bytes keep them (raw_mail.bytes); attachment contents are bytes and stay as sent.
 */
function cleanText(m: ParsedInboundMail): ParsedInboundMail {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(m.headers)) headers[pgText(k)] = pgText(v);
  return {
    ...m,
    headers,
    contentType: pgText(m.contentType),
    reportType: pgText(m.reportType),
    messageId: pgText(m.messageId),
    subject: pgText(m.subject),
    fromAddress: pgText(m.fromAddress),
    fromName: pgText(m.fromName),
    replyToAddress: pgText(m.replyToAddress),
    partTypes: m.partTypes.map((t) => pgText(t)),
    deliveryStatus: pgText(m.deliveryStatus),
    inReplyTo: m.inReplyTo.map((t) => pgText(t)),
    references: m.references.map((t) => pgText(t)),
    text: pgText(m.text),
    html: pgText(m.html),
    attachments: m.attachments.map((a) => ({
      ...a,
      filename: pgText(a.filename),
      contentType: pgText(a.contentType),
      contentId: pgText(a.contentId),
    })),
  };
}
