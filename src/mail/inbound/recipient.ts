import { replyTokenFromAddress } from '../mail-identity';

/** The service address's local part: `hulp@MAIL_DOMAIN`. */
export const SERVICE_LOCAL_PART = 'hulp';

export type Recipient =
  { kind: 'service' } | { kind: 'region'; code: string } | { kind: 'reply'; token: string } | { kind: 'unknown' };

/**
 * What an envelope recipient means to us: the service address, a region's own address
 * (`gent@domain`), a case's reply address (`reply+<token>@domain`) or nothing we accept.
 * Pure: the caller passes the region codes that exist.
 */
export function parseRecipient(address: string, domain: string, regionCodes: ReadonlySet<string>): Recipient {
  const at = address.lastIndexOf('@');
  if (at <= 0) return { kind: 'unknown' };
  const local = address.slice(0, at).toLowerCase();
  if (address.slice(at + 1).toLowerCase() !== domain.toLowerCase()) return { kind: 'unknown' };
  if (local === SERVICE_LOCAL_PART) return { kind: 'service' };
  const token = replyTokenFromAddress(address, domain);
  if (token) return { kind: 'reply', token };
  if (regionCodes.has(local)) return { kind: 'region', code: local };
  return { kind: 'unknown' };
}

/** Local parts we send from or receive on: mail from one of these is our own coming back. */
export function isOwnAddress(address: string | undefined, domain: string, regionCodes: ReadonlySet<string>): boolean {
  if (!address) return false;
  const r = parseRecipient(address, domain, regionCodes);
  if (r.kind !== 'unknown') return true;
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at).toLowerCase();
  return (
    address.slice(at + 1).toLowerCase() === domain.toLowerCase() &&
    ['noreply', 'no-reply', 'mailer-daemon', 'postmaster'].includes(local)
  );
}
