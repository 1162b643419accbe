import fc from 'fast-check';
import labelled from '../fixtures/triage/labelled.json';
import older from '../fixtures/triage/messages.json';
import batch5 from '../fixtures/triage/held-out-batch5.json';
import batch6 from '../fixtures/triage/tuning-batch6.json';
import batch7 from '../fixtures/triage/tuning-batch7.json';
import batch8 from '../fixtures/triage/held-out-batch8.json';
import { normalise, placedRuleIds, REWRITES } from '../../src/triage/crisis-triage';
import { CRISIS_RULES, IDIOMS } from '../../src/triage/crisis-rules';

/**
 * The shortcuts that keep triage cheap per mail (issue 21 item 3) must never change a result:
 * the part index may only skip rules that cannot occur, and a rewrite pass skipped for want of
 * its piece of text must be one that would have changed nothing.
 */
const texts = [batch5, batch6, batch7, batch8, labelled, older].flatMap((b) =>
  (b as { messages: { text: string }[] }).messages.map((m) => m.text),
);

/** The words the rules are made of, and the forms the slow word comparison exists for. */
const ruleWords = [
  ...new Set(
    [...CRISIS_RULES.map((r) => [r.match, ...(r.unless ?? [])].join(' ')), ...IDIOMS]
      .join(' ')
      .toLowerCase()
      .split(/[^a-z']+/)
      .filter((w) => w.length > 1),
  ),
];
const variants = (w: string) => [
  w,
  w.replace(/([aeiou])/, '$1$1$1$1'), // elongated: "doooood"
  `${w}je`,
  `${w}tje`,
  `${w}${w.slice(-1)}etjes`, // a diminutive with the last letter doubled
  `${w}jes`,
  `${w}ing`,
  w.slice(0, -1),
];
const vocabulary = [...ruleWords.flatMap(variants), 'niet', 'geen', 'maar', ',', '.', '!', 'vroeger', 'boek'];
const wordText = fc
  .array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 40 })
  .map((ws) => ws.join(' ').replace(/ ([,.!])/g, '$1'));

describe('crisis triage shortcuts', () => {
  it('leaves out no rule the full check would place, on every labelled message and many made-up ones', () => {
    let placed = 0;
    for (const t of texts) {
      const indexed = placedRuleIds(t);
      expect(indexed).toEqual(placedRuleIds(t, false));
      placed += indexed.length;
    }
    expect(placed).toBeGreaterThan(texts.length / 2);
    fc.assert(
      fc.property(wordText, (t) => {
        expect(placedRuleIds(t)).toEqual(placedRuleIds(t, false));
        expect(placedRuleIds(t.toUpperCase())).toEqual(placedRuleIds(t.toUpperCase(), false));
      }),
      { numRuns: 300, seed: 21 },
    );
  });

  it('finds the rules in elongated words and diminutives through the index', () => {
    for (const t of [
      'ik wil dooooood',
      'ik heb een mesje gekocht',
      'ik slik al mijn pilletjes',
      'zelfmoooordgedachten',
    ])
      expect(placedRuleIds(t)).toEqual(placedRuleIds(t, false));
    expect(placedRuleIds('ik wil dooooood').length).toBeGreaterThan(0);
  });

  it('normalises as every rewrite applied in turn would, skipped passes and all', () => {
    /** The reference: each step applied, no pass skipped. */
    const reference = (text: string) => {
      let t = text
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .replace(/[\u2018\u2019\u02bc`´]/g, "'")
        .replace(/([a-z])\1{2,}/g, '$1$1$1')
        .replace(/[ \t\r\f\v]+/g, ' ');
      for (const [re, to] of REWRITES) t = t.replace(re, to);
      return t;
    };
    for (const t of texts) expect(normalise(t)).toBe(reference(t));
    const pieces = [
      ...REWRITES.flatMap(([re, , needs]) => [needs ?? '', re.source.replace(/\\b|[()?:^$+*{}[\]\\|]/g, '')]),
      "can't",
      "i'm",
      'noone',
      '  ',
      '\t',
      '\r',
      ' \t ',
      'zzz',
      'ééé',
      ' ',
      "'",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (ps) => {
        const t = ps.join(ps.length % 2 ? ' ' : '');
        expect(normalise(t)).toBe(reference(t));
      }),
      { numRuns: 3000, seed: 21 },
    );
  });
});
