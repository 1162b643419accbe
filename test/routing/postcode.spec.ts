import fc from 'fast-check';
import { matchRange, parsePostcode, PostcodeRangeRow, rangesOverlap } from '../../src/routing/postcode';

describe('parsePostcode', () => {
  it.each([
    ['1012 ab', undefined, 'NL', 1012],
    ['1012AB', undefined, 'NL', 1012],
    ['  1012  AB ', 'NL', 'NL', 1012],
    ['NL-1012 AB', undefined, 'NL', 1012],
    ['nl1012ab', undefined, 'NL', 1012],
    ['B-9000', undefined, 'BE', 9000],
    ['BE 9000', undefined, 'BE', 9000],
    ['be-9000', 'BE', 'BE', 9000],
    [' 9000 ', 'BE', 'BE', 9000],
    [' 9000 ', undefined, 'NL', 9000],
    ['3011', 'NL', 'NL', 3011],
    ['１０１２ＡＢ', undefined, 'NL', 1012], // full-width digits from a phone keyboard
  ] as const)('%j (country %s) → %s %d', (input, chosen, country, area) => {
    expect(parsePostcode(input, chosen)).toEqual({ ok: true, postcode: { country, area } });
  });

  it.each(['', 'abc', '0123', '123', '12345', '1012 ABC', '1012-AB', 'B-9000 AB', 'DE-1012', '1012 A'])(
    'rejects %j',
    (input) => {
      expect(parsePostcode(input)).toEqual({ ok: false, reason: 'format' });
    },
  );

  it('refuses a postcode that contradicts the chosen country', () => {
    expect(parsePostcode('1012 AB', 'BE')).toEqual({ ok: false, reason: 'country-mismatch' });
    expect(parsePostcode('B-9000', 'NL')).toEqual({ ok: false, reason: 'country-mismatch' });
  });

  it('never throws and only ever yields four-digit areas', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.constantFrom(undefined, 'NL' as const, 'BE' as const), (s, c) => {
        const r = parsePostcode(s, c);
        if (r.ok) expect(r.postcode.area >= 1000 && r.postcode.area <= 9999).toBe(true);
      }),
    );
  });

  it('accepts every NL postcode in any spacing and case', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.stringMatching(/^[A-Za-z]{2}$/),
        fc.constantFrom('', ' ', '  '),
        (n, letters, sep) => {
          expect(parsePostcode(`${n}${sep}${letters}`)).toEqual({ ok: true, postcode: { country: 'NL', area: n } });
        },
      ),
    );
  });
});

describe('matchRange', () => {
  const ranges: PostcodeRangeRow[] = [
    { regionId: 1, country: 'NL', from: 1000, to: 1109 },
    { regionId: 2, country: 'NL', from: 3000, to: 3099 },
    { regionId: 4, country: 'BE', from: 9000, to: 9052 },
    { regionId: 5, country: 'NL', from: 1000, to: 1999 }, // a wide range around Amsterdam's
  ];

  it('picks the narrowest matching range', () => {
    expect(matchRange(ranges, { country: 'NL', area: 1012 })?.regionId).toBe(1);
    expect(matchRange(ranges, { country: 'NL', area: 1500 })?.regionId).toBe(5);
  });

  it('keeps countries apart and includes both ends', () => {
    expect(matchRange(ranges, { country: 'BE', area: 1012 })).toBeUndefined();
    expect(matchRange(ranges, { country: 'BE', area: 9000 })?.regionId).toBe(4);
    expect(matchRange(ranges, { country: 'BE', area: 9052 })?.regionId).toBe(4);
    expect(matchRange(ranges, { country: 'BE', area: 9053 })).toBeUndefined();
  });

  it('agrees with a brute-force search', () => {
    const range = fc.record({
      regionId: fc.nat(20),
      country: fc.constantFrom('NL' as const, 'BE' as const),
      from: fc.integer({ min: 1000, max: 9999 }),
      span: fc.nat(500),
    });
    fc.assert(
      fc.property(
        fc.array(range, { maxLength: 15 }),
        fc.constantFrom('NL' as const, 'BE' as const),
        fc.integer({ min: 1000, max: 9999 }),
        (rs, country, area) => {
          const rows = rs.map((r) => ({
            regionId: r.regionId,
            country: r.country,
            from: r.from,
            to: Math.min(9999, r.from + r.span),
          }));
          const hit = matchRange(rows, { country, area });
          const containing = rows.filter((r) => r.country === country && r.from <= area && area <= r.to);
          if (!containing.length) expect(hit).toBeUndefined();
          else expect(hit!.to - hit!.from).toBe(Math.min(...containing.map((r) => r.to - r.from)));
        },
      ),
    );
  });

  it('detects overlap the way the database constraint does', () => {
    expect(
      rangesOverlap(
        { regionId: 1, country: 'NL', from: 1000, to: 1109 },
        { regionId: 2, country: 'NL', from: 1109, to: 1200 },
      ),
    ).toBe(true);
    expect(
      rangesOverlap(
        { regionId: 1, country: 'NL', from: 1000, to: 1109 },
        { regionId: 2, country: 'NL', from: 1110, to: 1200 },
      ),
    ).toBe(false);
    expect(
      rangesOverlap(
        { regionId: 1, country: 'NL', from: 1000, to: 1109 },
        { regionId: 2, country: 'BE', from: 1000, to: 1109 },
      ),
    ).toBe(false);
  });
});
