import type { SendMailOptions } from 'nodemailer';
import { fillCaseLink } from './sealed-link';

/** An outbox row as the sender reads it. */
export interface OutboxRow {
  id: string;
  /** Null for staff mail, which belongs to no case. */
  caseId: string | null;
  kind: string;
  automatic: boolean;
  recipient: string;
  subject: string;
  textBody: string;
  htmlBody: string | null;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  sealedLink: Buffer | null;
  attempts: number;
  /** The answering organisation's display name (null: the platform's, "Luister"). */
  senderName?: string | null;
}

/**
 * The mail as it goes out. Headers that let it come back to the right place and never start a
 * robot conversation: our signed Message-ID, the thread (In-Reply-To / References), a fresh
 * reply address (`reply+<token>@domain`, also the envelope sender so bounces find the case),
 * X-Loop on everything, and Auto-Submitted / X-Auto-Response-Suppress on automatic mail.
 */
export function toMailOptions(
  row: OutboxRow,
  o: {
    domain: string;
    replyTo: string;
    caseLink?: string;
    /**
     * The organisation mailbox the help-seeker wrote to: the mail leaves from that address, and
     * answers and bounces go back to it (fetched over IMAP and threaded by our Message-ID).
     */
    from?: string;
    dkim?: SendMailOptions['dkim'];
  },
): SendMailOptions {
  const fill = (body: string) => (o.caseLink ? fillCaseLink(body, o.caseLink) : body);
  const headers: Record<string, string> = { 'X-Loop': `hulp@${o.domain}` };
  if (row.automatic) {
    headers['Auto-Submitted'] = 'auto-replied';
    headers['X-Auto-Response-Suppress'] = 'All';
  }
  // The organisation that answers names the From line (nodemailer encodes the name); the address
  // stays the service's or the mailbox's. Without one (staff mail), as before.
  const name = row.senderName || undefined;
  return {
    ...(o.from
      ? { from: name ? { name, address: o.from } : o.from, envelope: { from: o.from, to: row.recipient } }
      : {
          from: { name: name ?? 'Luister', address: `hulp@${o.domain}` },
          replyTo: o.replyTo,
          envelope: { from: o.replyTo, to: row.recipient },
        }),
    to: row.recipient,
    ...(o.dkim ? { dkim: o.dkim } : {}),
    subject: row.subject,
    text: fill(row.textBody),
    ...(row.htmlBody ? { html: fill(row.htmlBody) } : {}),
    messageId: row.messageId,
    ...(row.inReplyTo ? { inReplyTo: row.inReplyTo } : {}),
    ...(row.references.length ? { references: row.references } : {}),
    headers,
  };
}

export interface SendFailure {
  /** A 5xx answer: the relay will never take this mail, trying again only delays the news. */
  permanent: boolean;
  /** What went wrong, without addresses or text: an SMTP code or an error code. */
  reason: string;
}

/** Nodemailer's error reduced to what we may store and log. */
export function sendFailure(e: unknown): SendFailure {
  const err = e as { responseCode?: number; code?: string; originalCode?: string; name?: string };
  if (typeof err.responseCode === 'number')
    return { permanent: err.responseCode >= 500 && err.responseCode < 600, reason: `smtp ${err.responseCode}` };
  // nodemailer files a refused certificate under ESOCKET and keeps the TLS code beside it.
  const code = String(err.code ?? err.name ?? 'error');
  return { permanent: false, reason: (err.originalCode ? `${code} ${err.originalCode}` : code).slice(0, 60) };
}

/** Seconds until try number `attempts + 1`: base, doubling, capped at an hour. */
export function retryDelaySeconds(attempts: number, baseSeconds: number): number {
  return Math.min(3600, baseSeconds * 2 ** Math.max(0, attempts - 1));
}
