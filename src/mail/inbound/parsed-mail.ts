import { AddressObject, ParsedMail, simpleParser } from 'mailparser';
import { sanitiseMailHtml } from './html-sanitiser';
import { textFromHtml } from './html-text';

/** A mail as processing needs it, decoded (charsets, transfer encodings, RFC 2047 words). */
export interface ParsedInboundMail {
  headers: Record<string, string | undefined>;
  contentType: string;
  reportType?: string;
  messageId?: string;
  subject?: string;
  fromAddress?: string;
  fromName?: string;
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
  const text = Array.isArray(v) ? v.join(' ') : (v ?? '');
  return text.match(/<[^<>\s]+>/g) ?? [];
}

/** Parses raw bytes with mailparser; a mail without a single header field is refused as malformed. */
export async function parseMail(raw: Buffer): Promise<ParsedInboundMail> {
  // Text of HTML parts is derived below from the sanitised HTML, so no tracker URL reaches the text.
  const p: ParsedMail = await simpleParser(raw, {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
  });
  if (p.headers.size === 0) throw new MalformedMailError('no header fields: not an e-mail message');
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
  const html = typeof p.html === 'string' ? sanitiseMailHtml(p.html) : undefined;
  const text = (p.text ?? '').trim() || (html ? textFromHtml(html) : '');
  return {
    headers,
    contentType: ct?.value ?? 'text/plain',
    reportType: ct?.params?.['report-type'],
    messageId: p.messageId,
    subject: p.subject,
    fromAddress: from.address,
    fromName: from.name,
    inReplyTo: ids(p.inReplyTo),
    references: ids(p.references),
    text,
    html,
    attachments: p.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      size: a.size ?? a.content.length,
      contentId: a.contentId,
      inline: a.contentDisposition === 'inline' || a.related === true,
      content: a.content,
    })),
  };
}
