import { createHash } from 'node:crypto';
import type { Envelope } from '../inbound/raw-mail.store';
import { rawMessageId } from '../inbound/raw-headers';
import { SERVICE_LOCAL_PART } from '../inbound/recipient';
import { replyAddress, replyTokenFromAddress } from '../mail-identity';

/** The header fields of a raw mail we look at here, unfolded (ASCII by the standard; latin1 keeps bytes). */
function headerValues(raw: Buffer, names: string[]): Map<string, string[]> {
  const text = raw.subarray(0, Math.min(raw.length, 256 * 1024)).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const out = new Map<string, string[]>();
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!names.includes(name)) continue;
    out.set(name, [...(out.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return out;
}

function addressesIn(value: string): string[] {
  return value.match(/[^\s<>,;:"()]+@[^\s<>,;:"()]+/g) ?? [];
}

/**
 * Identifies one mail within a mailbox whatever its UID: the Message-ID when it has one, else
 * the bytes. A mail moved out and back (new UID), or seen again under a new UIDVALIDITY, has the
 * same fingerprint, so it is never stored twice.
 */
export function fingerprintOf(raw: Buffer): Buffer {
  const id = rawMessageId(raw);
  const h = createHash('sha256');
  return id ? h.update('message-id\0').update(id, 'latin1').digest() : h.update('bytes\0').update(raw).digest();
}

/** The fingerprint from a Message-ID alone (a header-only pre-check before fetching whole mails). */
export function fingerprintOfMessageId(messageId: string): Buffer {
  return createHash('sha256').update('message-id\0').update(messageId, 'latin1').digest();
}

/**
 * The envelope the inbound pipeline expects, for a mail that came by IMAP instead of SMTP: the
 * sender from Return-Path (as the receiving server recorded it; `<>` stays the null sender), or
 * the From address when there is none; as recipient the region's address when the mailbox routes
 * to a region, else the service address (routing by postcode/text as usual), plus any reply
 * address of ours the mail was sent to (when the organisation forwards our domain into this
 * mailbox). From there on the pipeline runs exactly as for SMTP.
 */
export function fetchedEnvelope(raw: Buffer, o: { mailDomain: string; regionCode: string | null }): Envelope {
  const h = headerValues(raw, ['return-path', 'from', 'to', 'cc', 'delivered-to', 'x-original-to']);
  const returnPath = h.get('return-path')?.[0];
  let mailFrom: string;
  if (returnPath !== undefined) mailFrom = /^<\s*>$/.test(returnPath) ? '' : (addressesIn(returnPath)[0] ?? '');
  else mailFrom = addressesIn(h.get('from')?.[0] ?? '')[0] ?? '';
  const replies = new Set<string>();
  for (const name of ['delivered-to', 'x-original-to', 'to', 'cc'])
    for (const v of h.get(name) ?? [])
      for (const a of addressesIn(v)) {
        const token = replyTokenFromAddress(a, o.mailDomain);
        if (token) replies.add(replyAddress(token, o.mailDomain));
      }
  const route = `${o.regionCode ?? SERVICE_LOCAL_PART}@${o.mailDomain}`;
  return { mailFrom: mailFrom.toLowerCase(), rcptTo: [...replies, route] };
}
