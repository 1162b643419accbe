import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The case link's token may not rest in the database in the clear (only its hash opens the
 * case). An acknowledgement waiting in the outbox needs it, so it is kept AES-256-GCM encrypted
 * under a key derived from the server secret, and wiped once the mail has gone out.
 * Pure functions.
 */

const INFO = 'luister outbox case link';

/** The derived key of the last secret used (derived once, not for every acknowledgement; a rotated secret derives anew). */
let derived: { secret: string; key: Buffer } | undefined;
function key(secret: string): Buffer {
  if (derived?.secret !== secret)
    derived = { secret, key: Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), INFO, 32)) };
  return derived.key;
}

/** iv (12) | tag (16) | ciphertext */
export function sealToken(secret: string, token: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(secret), iv);
  const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function openToken(secret: string, sealed: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key(secret), sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
}

/** Stands in the stored body where the case link goes; filled in only on the way out. */
export const CASE_LINK_MARKER = '[[luister:case-link]]';

export function fillCaseLink(body: string, link: string): string {
  return body.split(CASE_LINK_MARKER).join(link);
}
