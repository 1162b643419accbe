import fc from 'fast-check';
import labelled from '../fixtures/triage/labelled.json';
import older from '../fixtures/triage/messages.json';
import { compileRule, normalise, triage } from '../../src/triage/crisis-triage';
import { CRISIS_RULES, FAMILIES } from '../../src/triage/crisis-rules';

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
        return r.crisis === r.phraseIds.length > 0 && r.phraseIds.every((id) => !r.negatedIds.includes(id));
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
    const fresh = score(all.filter((m) => m.batch === 4));
    const older80 = score((older as { messages: Labelled[] }).messages);
    console.log(
      [
        'crisis triage',
        `  tuning part:            ${fmt(tuned)}`,
        `  held-out part:          ${fmt(held)}`,
        `    of it, batch 4 (written after the rules were frozen): ${fmt(fresh)}`,
        `  older set (another author, never used for these rules): ${fmt(older80)}`,
        `  nl: ${fmt(score(all.filter((m) => m.lang === 'nl')))}`,
        `  en: ${fmt(score(all.filter((m) => m.lang === 'en')))}`,
        `  goal on the held-out part: recall >= ${GOAL.recall} at precision >= ${GOAL.precision}`,
      ].join('\n'),
    );
    // Floors at the figures measured when the rules were frozen: a rule change may not lose ground.
    expect(tuned.recall).toBeGreaterThanOrEqual(0.98);
    expect(tuned.precision).toBeGreaterThanOrEqual(0.98);
    expect(held.recall).toBeGreaterThanOrEqual(0.76);
    expect(held.precision).toBeGreaterThanOrEqual(0.9);
    expect(older80.recall).toBeGreaterThanOrEqual(0.95);
    expect(older80.precision).toBeGreaterThanOrEqual(0.85);
  });

  // The goal is NOT met yet (held-out recall 0.77): this states it, and fails (turns
  // "unexpectedly passing") the day the rules reach it, so it is then made a plain test.
  it.failing('meets the goal on the held-out part: recall >= 0.9 at precision >= 0.8', () => {
    const held = score(heldOut);
    expect(held.recall).toBeGreaterThanOrEqual(GOAL.recall);
    expect(held.precision).toBeGreaterThanOrEqual(GOAL.precision);
  });
});
