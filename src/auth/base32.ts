import type { Base32Plugin } from '@otplib/core';
import { base32 } from 'rfc4648';

/**
 * RFC 4648 base32 for otplib, from the rfc4648 package (its CommonJS build: otplib's own base32
 * plugin pulls in an ESM-only package that Jest cannot load). Unpadded out; lower case, spaces
 * and padding accepted in, as authenticator apps show and users type them.
 */
export function base32Encode(data: Uint8Array): string {
  return base32.stringify(data, { pad: false });
}

export function base32Decode(text: string): Uint8Array {
  // Strict parsing (rfc4648's loose mode would also read 1 as L and 0 as O), padded as it wants.
  const clean = text.toUpperCase().replace(/[\s=]/g, '');
  return base32.parse(clean.padEnd(Math.ceil(clean.length / 8) * 8, '='));
}

export const base32Plugin: Base32Plugin = { name: 'rfc4648', encode: base32Encode, decode: base32Decode };
