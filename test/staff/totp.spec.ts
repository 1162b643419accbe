import { base32Decode, base32Encode } from '../../src/auth/base32';
import { checkTotp, newTotpSecret, totpCode, totpUri } from '../../src/auth/totp';

describe('base32 (RFC 4648 test vectors)', () => {
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ];
  it.each(vectors)('%s <-> %s', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded);
    expect(Buffer.from(base32Decode(encoded)).toString()).toBe(plain);
    expect(Buffer.from(base32Decode(encoded.toLowerCase() + '===')).toString()).toBe(plain);
  });
  it('refuses other characters', () => expect(() => base32Decode('MZ1W')).toThrow());
});

describe('TOTP', () => {
  // RFC 6238 appendix B, SHA-1: secret "12345678901234567890" at T = 59 s gives 94287082 (8 digits), so 287082 with 6.
  it('matches the RFC 6238 reference value', async () => {
    const secret = base32Encode(Buffer.from('12345678901234567890'));
    await expect(totpCode(secret, 59)).resolves.toBe('287082');
  });

  it('accepts the current code and one step of drift, refuses a reused or wrong code', async () => {
    const secret = newTotpSecret();
    expect(base32Decode(secret)).toHaveLength(20);
    const now = Math.floor(Date.now() / 1000);
    const step = await checkTotp(secret, await totpCode(secret), null);
    expect(step).toBe(Math.floor(now / 30));
    expect(await checkTotp(secret, await totpCode(secret), step)).toBeNull();
    expect(await checkTotp(secret, await totpCode(secret, now - 30), null)).not.toBeNull();
    expect(await checkTotp(secret, await totpCode(secret, now - 120), null)).toBeNull();
    expect(await checkTotp(secret, 'abcdef', null)).toBeNull();
  });

  it('builds an otpauth URI for authenticator apps', () => {
    expect(totpUri('MZXW6YTBOI', 'w@example.org')).toMatch(
      /^otpauth:\/\/totp\/Luister:w%40example\.org\?.*secret=MZXW6YTBOI/,
    );
  });
});
