import fc from 'fast-check';
import labelled from '../fixtures/triage/labelled.json';
import older from '../fixtures/triage/messages.json';
import batch5 from '../fixtures/triage/held-out-batch5.json';
import batch6 from '../fixtures/triage/tuning-batch6.json';
import batch7 from '../fixtures/triage/tuning-batch7.json';
import batch8 from '../fixtures/triage/held-out-batch8.json';
import { compileRule, normalise, triage, weightOf } from '../../src/triage/crisis-triage';
import { CRISIS_RULES, CRISIS_SCORE, FAMILIES } from '../../src/triage/crisis-rules';

interface Labelled {
  lang: 'nl' | 'en';
  crisis: boolean;
  text: string;
  split?: 'tuning' | 'held-out';
  batch?: number;
  heldOut?: boolean;
}

/** The goal of issue 22 on the held-out part: recall at least 0.9 at a precision of at least 0.8. */
const GOAL = { recall: 0.9, precision: 0.8 };

function score(messages: Labelled[]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const m of messages) {
    const hit = triage(m.text).crisis;
    if (hit && m.crisis) tp++;
    else if (hit) fp++;
    else if (m.crisis) fn++;
  }
  return { n: messages.length, recall: tp / (tp + fn), precision: tp / (tp + fp), tp, fp, fn };
}
const fmt = (s: ReturnType<typeof score>) =>
  `n=${s.n} recall=${s.recall.toFixed(2)} precision=${s.precision.toFixed(2)} (tp ${s.tp}, fp ${s.fp}, fn ${s.fn})`;

const all = (labelled as { messages: Labelled[] }).messages;
const tuning = all.filter((m) => m.split === 'tuning');
const heldOut = all.filter((m) => m.split === 'held-out');
/** Written blind before the rule changes of issue 22's helper session; its misses were read once (round 3). */
const fifth = (batch5 as { messages: Labelled[] }).messages;
/** The tuning material of that session. */
const tuningNew = [...(batch6 as { messages: Labelled[] }).messages, ...(batch7 as { messages: Labelled[] }).messages];
/** Written after the last rule change, measured once, never looked at: the blind check. */
const eighth = (batch8 as { messages: Labelled[] }).messages;

describe('crisis triage', () => {
  it('finds the families of warning signs, in Dutch, Flemish and English, with words in between', () => {
    const families = (text: string) => triage(text).families;
    expect(families('Ik wil er echt gewoon niet meer zijn')).toContain('wish-to-die');
    expect(families('ik denk aan ZELFMOORD')).toEqual(['suicidal-thoughts']);
    expect(families('Mijn kinderen zijn zonder mij veel beter af')).toContain('burden');
    expect(families('Ik heb afscheidsbrieven geschreven')).toEqual(['goodbye']);
    expect(families('Ik heb een touw gekocht, het ligt klaar')).toContain('plan-means');
    expect(families('Ik zie het nie meer zitten')).toContain('hopelessness');
    expect(families('Ik wil gaan slapen en nooit meer wakker worden')).toContain('sleep-forever');
    expect(families('I took an overdose last week')).toContain('attempt');
    expect(families('I have been cutting myself again')).toContain('self-harm');
    expect(families('Mijn zus snijdt zichzelf, wat moet ik doen?')).toContain('someone-else');
    // Stems: a longer word from the same stem.
    expect(triage('ik heb zelfmoordgedachten').crisis).toBe(true);
    // Typographic apostrophes and contractions.
    expect(triage('I don’t want to live anymore').crisis).toBe(true);
  });

  it('respects a negation shortly before a sign, or between its parts, in the same clause', () => {
    expect(triage('Ik heb geen zelfmoordgedachten').crisis).toBe(false);
    expect(triage('Ik heb geen zelfmoordgedachten').negatedIds).toEqual(['nl.suicide-word']);
    expect(triage('Ik zou mezelf nooit pijn doen').crisis).toBe(false);
    expect(triage("I'm not suicidal").crisis).toBe(false);
    expect(triage('I would never hurt myself').crisis).toBe(false);
    expect(triage('Ik wil niet dood, ik wil een huis').crisis).toBe(false);
    // Another clause, or behind "maar": the negation does not reach the sign.
    expect(triage('Ik slaap niet, maar ik denk aan zelfmoord').crisis).toBe(true);
    expect(triage('Niet dat iemand het weet. Ik denk aan zelfmoord').crisis).toBe(true);
    expect(triage('Ik weet niet goed hoe ik het moet zeggen maar ik wil dood').crisis).toBe(true);
    // A sign with a negation of its own ("niet meer") is not negated by it.
    expect(triage('Ik wil er niet meer zijn').crisis).toBe(true);
    // A hit anywhere wins over a negated mention elsewhere.
    expect(triage('Geen zelfmoordgedachten meer. Wel snij ik mezelf nog.').crisis).toBe(true);
  });

  it('leaves figures of speech and other contexts alone', () => {
    for (const text of [
      'Ik schaam me dood',
      'We watched Suicide Squad',
      'This job is killing me',
      'Ik ben doodmoe van de nachtdiensten',
      'Ik moet een werkstuk over zelfmoordpreventie maken',
      'I cut myself while cooking',
      'Ik wil stoppen met roken',
      'Ik zie het niet zitten om naar dat feest te gaan',
    ])
      expect({ text, crisis: triage(text).crisis }).toEqual({ text, crisis: false });
    expect(triage('Ik schaam me dood').figureIds.length + triage('Ik schaam me dood').phraseIds.length).toBe(
      triage('Ik schaam me dood').figureIds.length,
    );
  });

  it('normalises accents, case, apostrophes, contractions and Flemish spellings', () => {
    expect(normalise('Ik  wíl ER niet\tmeer zijn – don’t')).toBe('ik wil er niet meer zijn – do not');
    expect(normalise("m'n leven, ik zie het nie meer")).toBe('mijn leven, ik zie het niet meer');
  });

  it('adds up weak signs: one alone is no crisis, two different ones are, a strong one is on its own', () => {
    // "Bedankt voor alles" ends ordinary messages too.
    const thanks = triage('Bedankt voor alles, ik heb nu een afspraak.');
    expect(thanks).toMatchObject({ crisis: false, score: 1, phraseIds: [], families: [] });
    expect(thanks.weakIds).toEqual(['nl.dank-voor-alles']);
    const two = triage('Ik hou het niet meer vol. Het wordt nooit meer beter.');
    expect(two).toMatchObject({ crisis: true, score: 2, families: ['hopelessness'] });
    expect(two.phraseIds.sort()).toEqual(['nl.houd-het-niet-vol', 'nl.wordt-nooit-beter']);
    // The same weak rule twice is still one sign.
    expect(triage('I am empty. I feel empty.').crisis).toBe(false);
    expect(triage('Ik denk aan zelfmoord').score).toBe(2);
    for (const rule of CRISIS_RULES) expect(weightOf(rule)).toBe(rule.weak ? 1 : 2);
  });

  it('does not count a sign in a clause about the past, unless it says it is back', () => {
    const past = triage('Vroeger deed ik mezelf pijn, maar dat is al jaren voorbij.');
    expect(past.crisis).toBe(false);
    expect(past.pastIds).toContain('nl.doe-mezelf-pijn');
    expect(triage('I used to self-harm as a teenager, years ago.').crisis).toBe(false);
    // Back again, or the past in another clause: it counts.
    expect(triage('Vroeger sneed ik mezelf en nu doe ik het weer.').crisis).toBe(true);
    expect(triage('Ik heb vroeger nooit zo gevoeld, maar nu denk ik aan zelfmoord.').crisis).toBe(true);
    // A recent attempt is not "the past".
    expect(triage('Twee weken geleden heb ik een overdosis genomen.').families).toEqual(['attempt']);
  });

  it('does not count a sign in a clause about a book, school work or the news', () => {
    const book = triage('We lezen een boek over een jongen die niet meer wil leven.');
    expect(book.crisis).toBe(false);
    expect(book.figureIds.length).toBeGreaterThan(0);
    expect(triage('On the news someone jumped from the bridge.').crisis).toBe(false);
    // Another clause is the writer's own.
    expect(triage('Ik las een boek, en ik wil er zelf ook niet meer zijn.').crisis).toBe(true);
  });

  it('reads elongations, chat forms, misspellings, Flemish words and diminutives', () => {
    expect(normalise('ik wil zooo graag doooood')).toBe('ik wil zooo graag doood');
    expect(triage('i reallyyy want to dieee').families).toContain('wish-to-die');
    expect(triage('i keep thinking abt ending it tbh').crisis).toBe(true);
    expect(triage('i think about killing myslef every day').crisis).toBe(true);
    expect(triage('I have sucidal thoughts').families).toEqual(['suicidal-thoughts']);
    expect(normalise('kwil gene goesting, ge zijt ne last')).toBe('ik wil geen zin, je zijt een last');
    expect(triage('Kwil nie meer leven').crisis).toBe(true);
    expect(triage('Ik zen een last voor iedereen').families).toEqual(['burden']);
    // Diminutive of a rule word: "laatste berichtje" is "laatste bericht".
    expect(triage('Dit is mijn laatste berichtje.').crisis).toBe(true);
    // Filler words never stand between a rule's words.
    expect(triage('ik wil echt gewoon serieus dood').crisis).toBe(true);
    expect(() => compileRule({ id: 'x', family: 'burden', lang: 'nl', match: 'echt … dood' })).toThrow(/filler/);
  });

  it('reads Dutch verb-final clauses and "can\'t stop" as the sign it is', () => {
    expect(triage('Ik merk dat ik dood wil.').families).toContain('wish-to-die');
    expect(triage('Hij weet niet dat ik er niet meer wil zijn.').crisis).toBe(true);
    expect(triage('Het voelt alsof ik alleen maar een last ben.').families).toEqual(['burden']);
    expect(triage('Ik kan niet stoppen met denken aan doodgaan.').crisis).toBe(true);
    expect(triage("I can't stop thinking about dying.").crisis).toBe(true);
  });

  it('reads "words $" in a choice as those words at the end of the clause', () => {
    // 'ik … wil|kan … niet meer $': at the end only.
    expect(triage('Ik kan niet meer.').phraseIds).toContain('nl.wil-niet-meer');
    expect(triage('Ik kan niet meer naar school.').phraseIds).not.toContain('nl.wil-niet-meer');
    const c = compileRule({ id: 'x', family: 'burden', lang: 'nl', match: 'geen zin meer $|zinloos' });
    expect(c.parts[0]).toHaveLength(2);
  });

  it('names, for the worker, the family of every rule behind the flag', () => {
    const r = triage('Ik heb mijn spullen verdeeld. Ik weet al welk station.');
    expect(r.families).toEqual(['goodbye', 'plan-means']);
    for (const id of r.phraseIds) expect(CRISIS_RULES.find((x) => x.id === id)).toBeDefined();
    // Rule ids are facts that may be stored: letters, digits, dots and dashes only.
    for (const rule of CRISIS_RULES) expect(rule.id).toMatch(/^[a-z0-9.-]+$/);
  });

  it('has rules that all compile, each in a known family', () => {
    const ids = new Set<string>();
    for (const rule of CRISIS_RULES) {
      expect(() => compileRule(rule)).not.toThrow();
      expect(FAMILIES.map((f) => f.id)).toContain(rule.family);
      expect(ids.has(rule.id)).toBe(false);
      ids.add(rule.id);
    }
  });

  it('never throws and answers consistently for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        const r = triage(s);
        return (
          r.crisis === r.phraseIds.length > 0 &&
          r.crisis === r.score >= CRISIS_SCORE &&
          r.phraseIds.every((id) => !r.negatedIds.includes(id)) &&
          (r.crisis ? r.weakIds.length === 0 && r.families.length > 0 : r.families.length === 0)
        );
      }),
      { numRuns: 300 },
    );
  });

  it('has a labelled set of at least 200 messages, half crisis, a third held out of tuning', () => {
    expect(all.length).toBeGreaterThanOrEqual(200);
    expect(all.filter((m) => m.crisis).length).toBe(all.length / 2);
    expect(heldOut.length / all.length).toBeGreaterThanOrEqual(1 / 3);
    expect(heldOut.filter((m) => m.crisis).length).toBe(heldOut.length / 2);
  });

  it('reports recall and precision (printed for the issue report) and guards against regressions', () => {
    const held = score(heldOut);
    const tuned = score(tuning);
    const tunedNew = score(tuningNew);
    const fresh = score(all.filter((m) => m.batch === 4));
    const fifthScore = score(fifth);
    const eighthScore = score(eighth);
    const older80 = score((older as { messages: Labelled[] }).messages);
    console.log(
      [
        'crisis triage',
        `  tuning part:            ${fmt(tuned)}`,
        `  tuning batches 6 and 7: ${fmt(tunedNew)}`,
        `  held-out part:          ${fmt(held)}   (misses read once, round 3)`,
        `    of it, batch 4:       ${fmt(fresh)}`,
        `  held-out batch 5:       ${fmt(fifthScore)}   (blind 0.63/0.87, misses read once, round 3)`,
        `  held-out batch 8:       ${fmt(eighthScore)}   (blind: written after the last rule change)`,
        `  older set (another author): ${fmt(older80)}`,
        `  nl: ${fmt(score([...all, ...fifth].filter((m) => m.lang === 'nl')))}`,
        `  en: ${fmt(score([...all, ...fifth].filter((m) => m.lang === 'en')))}`,
        `  goal on the held-out parts: recall >= ${GOAL.recall} at precision >= ${GOAL.precision}`,
      ].join('\n'),
    );
    // Floors at the figures measured when the rules were frozen: a rule change may not lose ground.
    expect(tuned.recall).toBeGreaterThanOrEqual(0.98);
    expect(tuned.precision).toBeGreaterThanOrEqual(0.98);
    expect(tunedNew.recall).toBeGreaterThanOrEqual(0.98);
    expect(tunedNew.precision).toBeGreaterThanOrEqual(0.98);
    expect(held.recall).toBeGreaterThanOrEqual(0.98);
    expect(held.precision).toBeGreaterThanOrEqual(0.98);
    expect(fifthScore.recall).toBeGreaterThanOrEqual(0.98);
    expect(fifthScore.precision).toBeGreaterThanOrEqual(0.98);
    expect(eighthScore.recall).toBeGreaterThanOrEqual(0.44);
    expect(eighthScore.precision).toBeGreaterThanOrEqual(0.8);
    expect(older80.recall).toBeGreaterThanOrEqual(0.98);
    expect(older80.precision).toBeGreaterThanOrEqual(0.92);
  });

  // The held-out part of labelled.json and batch 5 meet the goal, but only after their misses were
  // read once (round 3 of issue 22's helper session): these are fitted figures, not an estimate.
  it('meets the goal on the held-out parts: recall >= 0.9 at precision >= 0.8', () => {
    for (const part of [heldOut, fifth]) {
      const s = score(part);
      expect(s.recall).toBeGreaterThanOrEqual(GOAL.recall);
      expect(s.precision).toBeGreaterThanOrEqual(GOAL.precision);
    }
  });

  // The blind check is NOT met (batch 8, written after the last rule change: recall 0.44 at
  // precision 0.81): this states it, and fails ("unexpectedly passing") the day a change reaches it.
  // Never change a rule by reading batch 8's misses: write a new blind batch instead.
  it.failing('meets the goal on wording it has not seen (batch 8): recall >= 0.9 at precision >= 0.8', () => {
    const s = score(eighth);
    expect(s.recall).toBeGreaterThanOrEqual(GOAL.recall);
    expect(s.precision).toBeGreaterThanOrEqual(GOAL.precision);
  });
});
