import { hashToken, isWellFormedToken, newCaseRef, newSecretToken, tokenMatches } from '../../src/common/secrets';
import { redactPath } from '../../src/common/logging/logger';

describe('secrets', () => {
  it('case tokens carry 128 random bits and are stored as SHA-256', () => {
    const t = newSecretToken();
    expect(Buffer.from(t, 'base64url')).toHaveLength(16);
    expect(isWellFormedToken(t)).toBe(true);
    expect(hashToken(t)).toHaveLength(32);
    expect(tokenMatches(t, hashToken(t))).toBe(true);
    expect(tokenMatches(newSecretToken(), hashToken(t))).toBe(false);
    expect(new Set(Array.from({ length: 1000 }, newSecretToken)).size).toBe(1000);
  });

  it('case references avoid look-alike characters', () => {
    for (let i = 0; i < 200; i++) expect(newCaseRef()).toMatch(/^L-[2-9A-HJKMNP-Z]{7}$/);
  });

  it('logs never carry a case token or a query string', () => {
    expect(redactPath('/c/46RdS0AeCb-cy2qCJ0KvsQ?sent=1')).toBe('/c/:token');
    expect(redactPath('/c/46RdS0AeCb-cy2qCJ0KvsQ/x')).toBe('/c/:token/x');
    expect(redactPath('/vragen?email=a@b.nl')).toBe('/vragen');
  });
});
