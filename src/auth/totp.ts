import { generateSecret } from '@otplib/core';
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { generate, verify } from '@otplib/totp';
import { generateTOTP } from '@otplib/uri';
import { base32Plugin } from './base32';

/** TOTP (RFC 6238, 30-second steps, 6 digits, SHA-1: what every authenticator app speaks) via otplib. */
const crypto = new NodeCryptoPlugin();
const plugins = { crypto, base32: base32Plugin };

export function newTotpSecret(): string {
  return generateSecret({ ...plugins, length: 20 });
}

export function totpUri(secret: string, account: string): string {
  return generateTOTP({ issuer: 'Luister', label: account, secret });
}

/** The current code (or the code at `epoch` seconds): for tests and the bench, not for login. */
export function totpCode(secret: string, epoch?: number): Promise<string> {
  return generate({ secret, ...plugins, ...(epoch !== undefined ? { epoch } : {}) });
}

/**
 * Checks a code, allowing one step of clock drift either way. Returns the time step used so the
 * caller can store it and refuse the same code a second time (replay), or null when wrong.
 */
export async function checkTotp(secret: string, code: string, lastStep: number | null): Promise<number | null> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  try {
    const r = await verify({
      secret,
      token,
      ...plugins,
      epochTolerance: 30,
      ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
    });
    return r.valid && 'timeStep' in r ? Number(r.timeStep) : null;
  } catch {
    return null;
  }
}
