import { ageLabel } from '../../src/inbox/inbox-format';
import { buildInboxPageQuery, decodeCursor, encodeCursor } from '../../src/inbox/inbox-query';

describe('inbox cursor', () => {
  it('round-trips and is bound to its view', () => {
    const c = encodeCursor({
      v: 'open',
      k: [true, 'infinity', '2026-11-24 14:56:58.123456+00', '0b9d1c58-3f0a-4a57-9f3e-1c2d3e4f5a6b'],
    });
    expect(decodeCursor(c, 'open')).toEqual({
      v: 'open',
      k: [true, 'infinity', '2026-11-24 14:56:58.123456+00', '0b9d1c58-3f0a-4a57-9f3e-1c2d3e4f5a6b'],
    });
    expect(decodeCursor(c, 'mine')).toBe('invalid');
    expect(decodeCursor(undefined, 'open')).toBeUndefined();
  });
  it('refuses junk and injection attempts', () => {
    expect(decodeCursor('%%%', 'open')).toBe('invalid');
    expect(
      decodeCursor(
        Buffer.from(JSON.stringify({ v: 'open', k: [true, "x'; DROP TABLE cases; --", 'a', 'b'] })).toString(
          'base64url',
        ),
        'open',
      ),
    ).toBe('invalid');
    expect(decodeCursor(['a'], 'open')).toBe('invalid');
  });
});

describe('inbox SQL', () => {
  it('puts the region scope in the query as a parameter, and no scope only for admins', () => {
    const worker = buildInboxPageQuery('unassigned', { userId: 'u', regionIds: [1, 5] }, {}, 50);
    expect(worker.sql).toMatch(/FROM region WHERE id = ANY\(\$1::int\[\]\)/);
    expect(worker.params[0]).toEqual([1, 5]);
    const admin = buildInboxPageQuery('unassigned', { userId: 'u', regionIds: null }, {}, 50);
    expect(admin.sql).not.toMatch(/ANY/);
  });
  it('never interpolates filter values', () => {
    const q = buildInboxPageQuery(
      'mine',
      { userId: 'u', regionIds: [1] },
      { topic: "x'--", channel: 'web', regionCode: 'gent' },
      10,
    );
    expect(q.sql).not.toContain("x'--");
    expect(q.params).toEqual(expect.arrayContaining(["x'--", 'web', 'gent', 11]));
  });
});

describe('age label', () => {
  const now = new Date('2026-11-24T12:00:00Z');
  it.each([
    ['2026-11-24T11:48:00Z', 'nl', '12 min'],
    ['2026-11-24T07:00:00Z', 'nl', '5 u'],
    ['2026-11-24T07:00:00Z', 'en', '5 h'],
    ['2026-11-21T11:00:00Z', 'nl', '3 d'],
  ] as const)('%s → %s %s', (from, lang, label) => expect(ageLabel(new Date(from), now, lang)).toBe(label));
});
