import fc from 'fast-check';
import labelled from '../fixtures/triage/messages.json';
import { normalise, triage } from '../../src/triage/crisis-triage';

interface Labelled {
  lang: 'nl' | 'en';
  crisis: boolean;
  text: string;
  heldOut?: boolean;
}

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

describe('crisis triage', () => {
  it('finds Dutch and English crisis phrases', () => {
    expect(triage('Ik wil er niet meer zijn').crisis).toBe(true);
    expect(triage('ik denk aan ZELFMOORD').phraseIds).toEqual(['nl-zelfmoord']);
    expect(triage('Ik doe mezelf pijn').crisis).toBe(true);
    expect(triage('Ik wil dood.').crisis).toBe(true);
    expect(triage('I keep thinking about suicide').crisis).toBe(true);
    expect(triage('self-harm helps me cope').crisis).toBe(true);
    expect(triage('I don’t want to live anymore').crisis).toBe(true);
  });

  it('respects a negation shortly before the phrase, in the same clause', () => {
    expect(triage('Ik heb geen zelfmoordgedachten').crisis).toBe(false);
    expect(triage('Ik heb geen zelfmoordgedachten').negatedIds).toEqual(['nl-zelfmoord']);
    expect(triage('Ik zou mezelf nooit pijn doen').crisis).toBe(false);
    expect(triage("I'm not suicidal").crisis).toBe(false);
    expect(triage('I would never hurt myself').crisis).toBe(false);
    // Another clause, or too far away: the negation does not reach the phrase.
    expect(triage('Ik slaap niet, maar ik denk aan zelfmoord').crisis).toBe(true);
    expect(triage('Niet dat iemand het weet. Ik denk aan zelfmoord').crisis).toBe(true);
    expect(triage('Ik weet niet goed hoe ik het moet zeggen maar ik wil dood').crisis).toBe(true);
    // A phrase with a negation of its own is not negated by it.
    expect(triage('Ik wil er niet meer zijn').crisis).toBe(true);
    // A hit anywhere wins over a negated mention elsewhere.
    expect(triage('Geen zelfmoordgedachten meer. Wel snij ik mezelf nog.').crisis).toBe(true);
  });

  it('ignores idioms and names that only look like crisis phrases', () => {
    expect(triage('Ik schaam me dood').crisis).toBe(false);
    expect(triage('We watched Suicide Squad').crisis).toBe(false);
    expect(triage('This job is killing me').crisis).toBe(false);
  });

  it('normalises accents, case and typographic apostrophes', () => {
    expect(normalise('Ik  wíl ER niet\tmeer zijn – don’t')).toBe("ik wil er niet meer zijn – don't");
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

  it('reports recall and precision on the labelled messages in test/fixtures/triage', () => {
    const all = (labelled as { messages: Labelled[] }).messages;
    const tuned = score(all.filter((m) => !m.heldOut));
    const heldOut = score(all.filter((m) => m.heldOut));
    const fmt = (s: ReturnType<typeof score>) =>
      `n=${s.n} recall=${s.recall.toFixed(2)} precision=${s.precision.toFixed(2)} (tp ${s.tp}, fp ${s.fp}, fn ${s.fn})`;
    // Printed for the issue report; the thresholds below guard against regressions.
    console.log(
      `crisis triage\n  tuning set: ${fmt(tuned)}\n  held-out:   ${fmt(heldOut)}\n  nl: ${fmt(score(all.filter((m) => m.lang === 'nl')))}\n  en: ${fmt(score(all.filter((m) => m.lang === 'en')))}`,
    );
    expect(tuned.recall).toBeGreaterThanOrEqual(0.95);
    expect(tuned.precision).toBeGreaterThanOrEqual(0.9);
    expect(heldOut.precision).toBeGreaterThanOrEqual(0.5);
  });
});
