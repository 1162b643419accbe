import { parsePostcode, Postcode } from '../src/routing/postcode';

/** What a help-seeker types; the same values feed the HTTP form and the raw-SQL baseline. */
export interface Submission {
  nickname: string;
  text: string;
  postcode: string;
  country: 'NL' | 'BE';
  /** The parsed postcode, for the baseline (the app parses the string itself). */
  parsed: Postcode;
  topic: 'money';
  need: 'advice';
}

// Four routed regions and one unrouted ('9999' → fallback), so both lookup paths are exercised.
const POSTCODES: { postcode: string; country: 'NL' | 'BE' }[] = [
  { postcode: '1012 AB', country: 'NL' },
  { postcode: '3011', country: 'NL' },
  { postcode: 'B-9000', country: 'BE' },
  { postcode: '3512JK', country: 'NL' },
  { postcode: '9999', country: 'NL' },
];

const PARSED = POSTCODES.map((p) => {
  const r = parsePostcode(p.postcode, p.country);
  if (!r.ok) throw new Error(`bench postcode ${p.postcode} does not parse`);
  return r.postcode;
});

const FILLER =
  'Ik maak me al een tijd zorgen over geld. De rekeningen stapelen zich op en ik weet niet goed ' +
  'bij wie ik terecht kan. Mijn ouders wil ik er niet mee lastigvallen en op school praat ik er ' +
  'liever niet over. Kunnen jullie me helpen om een eerste stap te zetten, zodat ik weer wat rust krijg? ';

export function submission(seq: number): Submission {
  const i = seq % POSTCODES.length;
  // ~300 characters, each one a little different.
  const text = `(${seq}) ${FILLER}`.slice(0, 300).trimEnd();
  return { nickname: `Bench${seq % 10_000}`, text, ...POSTCODES[i], parsed: PARSED[i], topic: 'money', need: 'advice' };
}
