import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** A 128-bit random secret, URL-safe (22 characters). Shown once; only its hash is stored. */
export function newSecretToken(): string {
  return randomBytes(16).toString('base64url');
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Constant-time check of a presented token against a stored SHA-256 hash. */
export function tokenMatches(token: string, storedHash: Buffer): boolean {
  const presented = hashToken(token);
  return presented.length === storedHash.length && timingSafeEqual(presented, storedHash);
}

/** Looks like one of our tokens: saves a database round trip for obvious junk. */
export function isWellFormedToken(token: unknown): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{22}$/.test(token);
}

// No 0/O, 1/I/L: a reference read out over the phone should survive.
const REF_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A short public reference like `L-7K3M9Q` (not a secret: it opens nothing by itself). */
export function newCaseRef(): string {
  let ref = '';
  for (let i = 0; i < 7; i++) ref += REF_ALPHABET[randomInt(REF_ALPHABET.length)];
  return `L-${ref}`;
}
