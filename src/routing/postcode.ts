/** Pure postcode logic: parse what a help-seeker typed, and match it against region ranges. */

export type Country = 'NL' | 'BE';
export const COUNTRIES: readonly Country[] = ['NL', 'BE'];

export interface Postcode {
  country: Country;
  /** The four digits: NL's "1012 AB" → 1012 (the letters narrow a street; we never keep them). */
  area: number;
}

export type PostcodeParseResult =
  { ok: true; postcode: Postcode } | { ok: false; reason: 'format' | 'country-mismatch' };

const PREFIXES: Record<string, Country> = { NL: 'NL', B: 'BE', BE: 'BE' };

/**
 * Normalises `1012 ab`, `1012AB`, `NL-1012 AB`, `B-9000`, `BE 9000`, ` 9000 `.
 * The country comes from an explicit prefix, else NL's two letters, else the country chosen in
 * the form, else NL (the larger service area). A prefix or letters contradicting the chosen
 * country is an error rather than a guess, so nobody lands in a far-away region silently.
 */
export function parsePostcode(input: string, chosenCountry?: Country): PostcodeParseResult {
  const compact = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s.]+/g, '');
  const m = /^(?:(NL|BE|B)-?)?([1-9][0-9]{3})([A-Z]{2})?$/.exec(compact);
  if (!m) return { ok: false, reason: 'format' };
  const [, prefix, digits, letters] = m;
  const implied: Country | undefined = prefix ? PREFIXES[prefix] : letters ? 'NL' : undefined;
  if (prefix && letters && implied !== 'NL') return { ok: false, reason: 'format' };
  if (implied && chosenCountry && implied !== chosenCountry) return { ok: false, reason: 'country-mismatch' };
  return { ok: true, postcode: { country: implied ?? chosenCountry ?? 'NL', area: Number(digits) } };
}

export interface PostcodeRangeRow {
  regionId: number;
  country: Country;
  from: number;
  to: number;
}

/** The narrowest range containing the postcode, or undefined (→ the fallback region). */
export function matchRange<T extends PostcodeRangeRow>(ranges: readonly T[], postcode: Postcode): T | undefined {
  let best: T | undefined;
  for (const r of ranges) {
    if (r.country !== postcode.country || postcode.area < r.from || postcode.area > r.to) continue;
    if (!best || r.to - r.from < best.to - best.from) best = r;
  }
  return best;
}

export function rangesOverlap(a: PostcodeRangeRow, b: PostcodeRangeRow): boolean {
  return a.country === b.country && a.from <= b.to && b.from <= a.to;
}
