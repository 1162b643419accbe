import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { base32 } from 'rfc4648';

/**
 * How our mails are recognised when they come back: Message-IDs signed with the server secret
 * (so a forged In-Reply-To cannot thread a stranger's mail into someone's case) and reply
 * addresses `reply+<token>@domain` whose token is a per-case secret stored hashed.
 * Pure functions; the secret comes from AppSecrets ('message-id').
 */

const SIG_BYTES = 12;

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest().subarray(0, SIG_BYTES).toString('base64url');
}

/** `<l.<caseId without dashes>.<nonce>.<sig>@domain>` — unique per mail, verifiable, names no person. */
export function newMessageId(secret: string, domain: string, caseId: string): string {
  const compact = caseId.replace(/-/g, '').toLowerCase();
  const nonce = randomBytes(6).toString('base64url');
  return `<l.${compact}.${nonce}.${sign(secret, `${compact}.${nonce}@${domain.toLowerCase()}`)}@${domain}>`;
}

/** The case a Message-ID of ours belongs to, or undefined for anything not signed by us. */
export function caseIdFromMessageId(secret: string, domain: string, messageId: string): string | undefined {
  const m = /^<?l\.([0-9a-f]{32})\.([A-Za-z0-9_-]{8})\.([A-Za-z0-9_-]{16})@([^>\s]+)>?$/.exec(messageId.trim());
  if (!m || m[4].toLowerCase() !== domain.toLowerCase()) return undefined;
  const expected = Buffer.from(sign(secret, `${m[1]}.${m[2]}@${domain.toLowerCase()}`));
  const given = Buffer.from(m[3]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  const h = m[1];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Every Message-ID in an In-Reply-To / References header value. */
export function messageIdsIn(header: string | string[] | undefined): string[] {
  const text = Array.isArray(header) ? header.join(' ') : (header ?? '');
  return text.match(/<[^<>\s]+>/g) ?? [];
}

/**
 * A 130-bit reply token (26 base32 characters) for `reply+<token>@domain`. Lower case: mail
 * systems may fold the local part's case, which base64 would not survive.
 */
export function newReplyToken(): string {
  return base32.stringify(randomBytes(17), { pad: false }).slice(0, 26).toLowerCase();
}

/** The token from a recipient like `Reply+abc…@domain` (case-insensitive), or undefined. */
export function replyTokenFromAddress(address: string, domain: string): string | undefined {
  const m = /^reply\+([a-z2-7]{26})@(.+)$/i.exec(address.trim());
  if (!m || m[2].toLowerCase() !== domain.toLowerCase()) return undefined;
  return m[1].toLowerCase();
}

export function replyAddress(token: string, domain: string): string {
  return `reply+${token}@${domain}`;
}
