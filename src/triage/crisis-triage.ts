import { CRISIS_PHRASES, NEGATION_WINDOW, NEGATIONS, NOT_CRISIS } from './crisis-phrases';

export interface TriageResult {
  crisis: boolean;
  /** Ids of the phrases that hit (never the text itself: that may be logged or stored as a fact). */
  phraseIds: string[];
  /** Phrases found but negated ("ik heb geen zelfmoordgedachten"). */
  negatedIds: string[];
}

/** Lower case, accents and typographic apostrophes folded, one space between words. */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/[ \t\r\f\v]+/g, ' ');
}

/** Where the clause holding `index` starts: after punctuation, a line break or "maar"/"but". */
function clauseStart(text: string, index: number): number {
  const before = text.slice(0, index);
  let start = 0;
  for (const m of before.matchAll(/[.!?;:,\n]|\b(?:maar|but|however|though|alleen)\b/g)) start = m.index! + m[0].length;
  return start;
}

const words = (s: string) => s.split(/[^a-z']+/).filter(Boolean);

// Global copies made once (matchAll needs the g flag); matchAll clones them, so sharing is safe.
const GLOBAL_PATTERNS = CRISIS_PHRASES.map((phrase) => ({ phrase, re: new RegExp(phrase.pattern.source, 'g') }));

/**
 * Scans a message for crisis phrases. A phrase counts unless a negation stands in the same
 * clause within a few words before it, or inside it when the phrase has no negation of its own.
 */

export function triage(text: string): TriageResult {
  const t = NOT_CRISIS.reduce((s, re) => s.replace(re, ' '), normalise(text));
  const hits = new Set<string>();
  const negated = new Set<string>();
  for (const { phrase, re } of GLOBAL_PATTERNS) {
    for (const m of t.matchAll(re)) {
      const lead = words(t.slice(clauseStart(t, m.index!), m.index!)).slice(-NEGATION_WINDOW);
      const inside = phrase.ownNegation ? [] : words(m[0]);
      if ([...lead, ...inside].some((w) => NEGATIONS.has(w))) negated.add(phrase.id);
      else hits.add(phrase.id);
    }
  }
  for (const id of hits) negated.delete(id);
  return { crisis: hits.size > 0, phraseIds: [...hits], negatedIds: [...negated] };
}
