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
    // Any letter case, doubled or back slashes, dot segments and percent-encoding: the same redaction.
    const token = '46RdS0AeCb-cy2qCJ0KvsQ';
    for (const variant of [
      `/C/${token}`,
      `//c/${token}`,
      `///c//${token}`,
      `\\c\\${token}`,
      `/./c/${token}`,
      `/x/../c/${token}`,
      `/%63/${token}`,
      `/%43/${token}`,
      `/c%2F${token}`,
      `/c%252F${token}`,
      `/c/${encodeURIComponent(token).replace(/R/g, '%52')}`,
    ])
      expect(redactPath(variant)).toBe('/c/:token');
    // Fixed pages under /c stay readable; a token-like segment anywhere else is redacted.
    expect(redactPath('/c/ontvangen?mailed=1')).toBe('/c/ontvangen');
    expect(redactPath('/c')).toBe('/c');
    expect(redactPath(`/api/x/${token}`)).toBe('/api/x/:secret');
    expect(redactPath('/cases/0b7c6f2e-1d3a-4c5b-9e8f-7a6b5c4d3e2f/reply')).toBe(
      '/cases/0b7c6f2e-1d3a-4c5b-9e8f-7a6b5c4d3e2f/reply',
    );
    expect(redactPath('/admin/reply-templates')).toBe('/admin/reply-templates');
  });
});
