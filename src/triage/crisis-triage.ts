import {
  CRISIS_RULES,
  CRISIS_SCORE,
  CrisisRule,
  FamilyId,
  FILLERS,
  IDIOMS,
  NEGATION_WINDOW,
  NEGATIONS,
  NOW_CONTEXT,
  PAST_CONTEXT,
  STORY_CONTEXT,
} from './crisis-rules';

export interface TriageResult {
  crisis: boolean;
  /** The families of warning signs found (for the worker), in the order of FAMILIES. */
  families: FamilyId[];
  /**
   * Ids of the rules behind the flag (never the text itself: that may be logged or stored as a
   * fact); empty when the message is not a crisis.
   */
  phraseIds: string[];
  /** Weak signs found that did not reach the score of a crisis on their own. */
  weakIds: string[];
  /** Rules found but negated ("ik heb geen zelfmoordgedachten"). */
  negatedIds: string[];
  /** Rules found inside a figure of speech or another context ("ik schaam me dood", a school essay). */
  figureIds: string[];
  /** Rules found in a sentence about the past ("vroeger", "years ago") with no sign that it is back. */
  pastIds: string[];
  /**
   * The sum of the weights of the rules that hit (each rule once): a strong sign weighs 2, a weak
   * sign 1. The message is a crisis from CRISIS_SCORE (2) on: one strong sign or two weak ones.
   */
  score: number;
}

// ── normalising ──────────────────────────────────────────────────────────────────────────────

/** Contractions and spellings folded before matching, so rules need only one form. */
const REWRITES: [RegExp, string][] = [
  [/\bcan't\b|\bcant\b|\bcannot\b/g, 'can not'],
  [/\bwon't\b|\bwont\b/g, 'will not'],
  [/\b(\w+)n't\b/g, '$1 not'],
  [/\bdont\b/g, 'do not'],
  [/\bdoesnt\b/g, 'does not'],
  [/\bdidnt\b/g, 'did not'],
  [/\bi'm\b|\bim\b/g, 'i am'],
  [/\b(\w+)'re\b/g, '$1 are'],
  [/\b(\w+)'ve\b/g, '$1 have'],
  [/\b(\w+)'ll\b/g, '$1 will'],
  [/\b(i|you|he|she|we|they)'d\b/g, '$1 would'],
  [/\b(it|that|there|what|he|she)'s\b/g, '$1 is'],
  [/\bwanna\b/g, 'want to'],
  [/\bgonna\b/g, 'going to'],
  [/\bm'n\b/g, 'mijn'],
  [/\bz'n\b/g, 'zijn'],
  [/\bd'r\b/g, 'haar'],
  [/(^|\s)'t\b/g, '$1het'],
  [/(^|\s)'k\b/g, '$1ik'],
  [/\b(is|was|were|are|could|would|should|has|have|had|does|did|need)nt\b/g, '$1 not'],
  [/\bive\b/g, 'i have'],
  // English chat spellings and common misspellings.
  [/\babt\b|\bbout\b/g, 'about'],
  [/\b(?:bc|cuz|coz|cos)\b/g, 'because'],
  [/\bu\b/g, 'you'],
  [/\bur\b/g, 'your'],
  [/\bppl\b/g, 'people'],
  [/\b(every|no|any|some)1\b/g, '$1one'],
  [/\bno one\b|\bnoone\b/g, 'nobody'],
  [/\bidk\b/g, 'i do not know'],
  [/\b(?:tmrw|tmr|tomoz)\b/g, 'tomorrow'],
  [/\b(?:tonite|2nite)\b/g, 'tonight'],
  [/\bkil\b/g, 'kill'],
  [/\b(kill|cutt|go|think|feel|try|liv|dy)in\b/g, '$1ing'],
  [/\bmy ?s[el]{2,3}f+\b/g, 'myself'],
  [/\bsu(?:i|ie|ei)?[cs]+i?d/g, 'suicid'],
  // Dutch and Flemish spellings: chat forms, dialect words folded to the standard ones.
  [/\bk(wil|ben|zie|heb|weet|denk|ga|wou|zou|kan|voel|snij|doe|had|hoop|zit|was)\b/g, 'ik $1'],
  [/\bik zen\b/g, 'ik ben'],
  [/\bt'is\b/g, 'het is'],
  [/\bnie\b|\bnt\b|\bni\b/g, 'niet'],
  [/\b(?:nimeer|niemeer)\b/g, 'niet meer'],
  [/\bgenen?\b/g, 'geen'],
  [/\bnen?\b/g, 'een'],
  [/\bgij\b/g, 'jij'],
  [/\bge\b/g, 'je'],
  [/\bda\b/g, 'dat'],
  [/\bwa\b/g, 'wat'],
  [/\bgoesting\b/g, 'zin'],
  [/\befkes\b|\bff\b/g, 'even'],
  [/\bmn\b/g, 'mijn'],
  [/\bzn\b/g, 'zijn'],
  [/\bnx\b/g, 'niks'],
  [/\bgwn\b/g, 'gewoon'],
  [/\bzelf moord/g, 'zelfmoord'],
  [/\bzelf?mo+r?[dt]/g, 'zelfmoord'],
  [/\bzelfmoordd/g, 'zelfmoord'],
  [/\bself-/g, 'self '],
];

/**
 * Lower case, accents and typographic apostrophes folded, contractions, chat and Flemish spellings
 * written out, one space between words. A letter written three or more times ("doooood", "reallyyy")
 * is kept three times: such a word matches a rule word with the same letters ignoring repeats.
 */
export function normalise(text: string): string {
  let t = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/([a-z])\1{2,}/g, '$1$1$1')
    .replace(/[ \t\r\f\v]+/g, ' ');
  for (const [re, to] of REWRITES) t = t.replace(re, to);
  return t;
}

const SENTENCE = /[.!?;\n\u2026]+/;
const CLAUSE = /[,:()"\u201c\u201d\u2013\u2014]+| - /;
/** Words across which a negation does not reach. */
const BARRIERS = new Set(['maar', 'but', 'en', 'and', 'want', 'omdat', 'because', 'dus', 'so', 'alleen', 'though']);
const NEGATION_WORDS = new Set(NEGATIONS);

const FILLER_WORDS = new Set(FILLERS);
/** A clause's words, without the filler words ("echt", "gewoon", "tbh") that carry no sign. */
const wordsOf = (s: string) => s.split(/[^a-z0-9']+/).filter((w) => w && !FILLER_WORDS.has(w));
/** Stands between two clauses of a sentence; no rule word matches it. */
const CLAUSE_END = ',';

// ── the rule language ────────────────────────────────────────────────────────────────────────

type WordPattern = { word: string; prefix: boolean };
/** One choice of a part: words in a row (`atEnd`: and then the end of the clause), or the end of the clause. */
type Alternative = (WordPattern[] & { atEnd?: boolean }) | 'end';
type Part = Alternative[];

export interface CompiledRule {
  rule: CrisisRule;
  parts: Part[];
  gap: number;
  unless: Alternative[];
}

function word(w: string): WordPattern {
  return w.endsWith('*') ? { word: w.slice(0, -1), prefix: true } : { word: w, prefix: false };
}

function alternatives(spec: string): Alternative[] {
  return spec
    .split('|')
    .map((a) => a.trim())
    .filter(Boolean)
    .map((a): Alternative => {
      if (a === '$') return 'end';
      const words: WordPattern[] & { atEnd?: boolean } = normalise(a.replace(/\s*\$$/, ''))
        .split(/\s+/)
        .map((w) => w.replace(/[^a-z0-9'*]/g, ''))
        .filter(Boolean)
        .map(word);
      // "niet meer $": these words, then the end of the clause.
      if (/\s\$$/.test(a)) words.atEnd = true;
      return words;
    });
}

/** Turns a rule's `match` text into parts; throws on a rule that could never match. */
export function compileRule(rule: CrisisRule): CompiledRule {
  const parts = rule.match.split('…').map((p) => alternatives(p));
  if (!parts.length || parts.some((p) => !p.length || p.some((a) => a !== 'end' && !a.length)))
    throw new Error(`Rule ${rule.id}: empty part in "${rule.match}"`);
  for (const p of parts)
    for (const a of p)
      if (a !== 'end')
        for (const w of a)
          if (FILLER_WORDS.has(w.word)) throw new Error(`Rule ${rule.id}: "${w.word}" is a filler word, never matched`);
  return { rule, parts, gap: rule.gap ?? 3, unless: (rule.unless ?? []).flatMap((u) => alternatives(u)) };
}

/** A letter run written once ("doooood" → "dod"), to compare an elongated word with a rule word. */
const squeeze = (w: string) => w.replace(/([a-z])\1+/g, '$1');
const ELONGATED = /([a-z])\1\1/;
/** Dutch diminutives: "berichtje", "mailtje", "mesje", "pilletjes" stand for the rule word. */
const DIMINUTIVE = new Set(['je', 'tje', 'pje', 'etje', 'jes', 'tjes', 'pjes', 'etjes']);
/** A word that may stand for a rule word it is not equal to: elongated, or a diminutive. */
const isSpecial = (token: string) => ELONGATED.test(token) || /jes?$/.test(token);

/** A rule word against a sentence word; `special`: the word is elongated or a diminutive (rare, slower). */
function wordMatches(p: WordPattern, token: string, special: boolean): boolean {
  if (p.prefix ? token.startsWith(p.word) : token === p.word) return true;
  if (!special) return false;
  if (ELONGATED.test(token)) {
    const t = squeeze(token);
    const w = squeeze(p.word);
    if (p.prefix ? t.startsWith(w) : t === w) return true;
  }
  if (!p.prefix && p.word.length >= 3 && token.startsWith(p.word)) {
    const rest = token.slice(p.word.length);
    if (DIMINUTIVE.has(rest) || (rest[0] === p.word.slice(-1) && DIMINUTIVE.has(rest.slice(1)))) return true;
  }
  return false;
}

/** Where each word stands in a word list, and which words need the slow comparison; built once per list. */
interface WordIndex {
  at: Map<string, number[]>;
  special: boolean[];
  specialAt: number[];
  /** The distinct words, sorted: the words a stem starts are one run of it (built when a stem is looked up). */
  sorted?: string[];
}
const indexes = new WeakMap<string[], WordIndex>();
function indexOf(tokens: string[]): WordIndex {
  let ix = indexes.get(tokens);
  if (ix) return ix;
  ix = { at: new Map(), special: [], specialAt: [] };
  for (let i = 0; i < tokens.length; i++) {
    const list = ix.at.get(tokens[i]);
    if (list) list.push(i);
    else ix.at.set(tokens[i], [i]);
    ix.special.push(isSpecial(tokens[i]));
    if (ix.special[i]) ix.specialAt.push(i);
  }
  indexes.set(tokens, ix);
  return ix;
}

/** The places of the words that start with `stem` (a binary search in the sorted words, not a walk over every word). */
function stemPlaces(ix: WordIndex, stem: string): number[] | undefined {
  const sorted = (ix.sorted ??= [...ix.at.keys()].sort());
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < stem) lo = mid + 1;
    else hi = mid;
  }
  let places: number[] | undefined;
  for (let k = lo; k < sorted.length && sorted[k].startsWith(stem); k++) (places ??= []).push(...ix.at.get(sorted[k])!);
  return places;
}

/** Every place [start, end) in `tokens` where one of the part's choices stands. */
function occurrences(part: Part, tokens: string[]): [number, number][] {
  const found: [number, number][] = [];
  const ix = indexOf(tokens);
  for (const alt of part) {
    if (alt === 'end') {
      for (let i = 1; i <= tokens.length; i++) if (i === tokens.length || tokens[i] === CLAUSE_END) found.push([i, i]);
      continue;
    }
    // Only the places where the first word can stand: its exact places, or every place for a stem.
    const first = alt[0];
    const exact = first.prefix ? stemPlaces(ix, first.word) : ix.at.get(first.word);
    const starts = exact ? (ix.specialAt.length ? [...exact, ...ix.specialAt] : exact) : ix.specialAt;
    for (const i of starts) {
      if (i + alt.length > tokens.length) continue;
      if (!alt.every((p, k) => wordMatches(p, tokens[i + k], ix.special[i + k]))) continue;
      const j = i + alt.length;
      if (alt.atEnd && j < tokens.length && tokens[j] !== CLAUSE_END) continue;
      found.push([i, j]);
    }
  }
  return found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
}

interface Match {
  start: number;
  end: number;
  /** Token positions the rule's words stand on (the rest of [start, end) are words in between). */
  matched: Set<number>;
}

/** The first way the parts stand in this order, each within `gap` words of the previous. */
function matchInOrder(parts: [number, number][][], gap: number): [number, number][] | undefined {
  const walk = (i: number, prevEnd: number): [number, number][] | undefined => {
    if (i === parts.length) return [];
    for (const occ of parts[i]) {
      if (i > 0 && (occ[0] < prevEnd || occ[0] - prevEnd > gap)) continue;
      const rest = walk(i + 1, occ[1]);
      if (rest) return [occ, ...rest];
    }
    return undefined;
  };
  return walk(0, 0);
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [x, ...p]));
}

function matchRule(c: CompiledRule, tokens: string[]): Match | undefined {
  const occ: [number, number][][] = [];
  for (const p of c.parts) {
    const o = occurrences(p, tokens);
    if (!o.length) return undefined; // most rules end here, at a part that does not occur
    occ.push(o);
  }
  const orders = c.rule.anyOrder ? permutations(occ) : [occ];
  let best: [number, number][] | undefined;
  for (const order of orders) {
    const m = matchInOrder(order, c.gap);
    if (m && (!best || m[0][0] < best[0][0])) best = m;
  }
  if (!best) return undefined;
  const matched = new Set<number>();
  for (const [s, e] of best) for (let i = s; i < e; i++) matched.add(i);
  return {
    start: Math.min(...best.map((b) => b[0])),
    end: Math.max(...best.map((b) => b[1])),
    matched,
  };
}

const containsAny = (alts: Alternative[], tokens: string[]) =>
  alts.length > 0 && occurrences(alts, tokens).some(([s, e]) => e > s);

/** A strong sign (2) is enough on its own; a weak one (1) needs another sign in the message. */
export const weightOf = (rule: CrisisRule) => (rule.weak ? 1 : 2);
const PAST_ALTS = PAST_CONTEXT.flatMap((a) => alternatives(a));
const NOW_ALTS = NOW_CONTEXT.flatMap((a) => alternatives(a));
const STORY_ALTS = STORY_CONTEXT.flatMap((a) => alternatives(a));

// Compiled once: the rules are data, checked when this module loads.
const RULES = CRISIS_RULES.map(compileRule);
const IDIOM_RULES = IDIOMS.map((match, i) =>
  compileRule({ id: `idiom-${i}`, family: 'hopelessness', lang: 'nl+en', match, gap: 3 }),
);

const FAMILY_ORDER: FamilyId[] = [
  'suicidal-thoughts',
  'wish-to-die',
  'burden',
  'goodbye',
  'plan-means',
  'hopelessness',
  'sleep-forever',
  'attempt',
  'self-harm',
  'someone-else',
];

/** Someone other than the writer is the subject: a person word and a third-person pronoun. */
const OTHER_PERSON =
  /\b(?:vriend|vriendin|zus|broer|zoon|dochter|moeder|mama|vader|papa|partner|man|vrouw|klasgenoot|collega|friend|brother|sister|son|daughter|mom|mum|mother|dad|father|partner|girlfriend|boyfriend|roommate|classmate)\b/;
const THIRD_PERSON = /\b(?:hij|zij|ze|haar|hem|zich|zichzelf|he|she|they|her|him|himself|herself|themselves)\b/;

/**
 * Scans a message for warning signs. Text is split into sentences and clauses; each rule is
 * matched in a clause (its parts in order, with a few words allowed in between). A match counts
 * unless a negation stands shortly before it (or between its parts) in the same clause, unless a
 * word of its `unless` list occurs in the same sentence, unless a figure of speech covers it, and
 * unless the sentence is about the past (PAST_CONTEXT) with no sign that it is back (NOW_CONTEXT).
 * Each rule that counts adds its weight once (strong 2, weak 1); a score of CRISIS_SCORE makes
 * the message a crisis: one strong sign, or two different weak ones anywhere in the message.
 */
export function triage(text: string): TriageResult {
  const hits = new Map<string, CompiledRule>();
  const negated = new Set<string>();
  const figures = new Set<string>();
  const past = new Set<string>();
  let otherPerson = false;
  const sentences = normalise(text)
    .split(SENTENCE)
    .map((sentence) => ({
      sentence,
      // A sentence's words, with a CLAUSE_END token between its clauses: rules may reach across a
      // comma ("verdwijnen, voorgoed"), negations may not.
      tokens: sentence
        .split(CLAUSE)
        .map(wordsOf)
        .filter((w) => w.length)
        .flatMap((w, i) => (i ? [CLAUSE_END, ...w] : w)),
    }))
    .filter((s) => s.tokens.length);
  // Only the rules each of whose parts occurs somewhere in the message can match in a sentence:
  // found once over all the sentences' words (a clause end between sentences, so whatever stands
  // in a sentence stands here too), instead of trying every rule on every sentence.
  const all = sentences.flatMap((s, i) => (i ? [CLAUSE_END, ...s.tokens] : s.tokens));
  const possible = (c: CompiledRule) => c.parts.every((p) => occurrences(p, all).length > 0);
  const rules = RULES.filter(possible);
  const idioms = IDIOM_RULES.filter(possible);
  for (const { sentence, tokens } of sentences) {
    const idiomSpans = idioms.map((r) => matchRule(r, tokens)).filter((m): m is Match => !!m);
    for (const c of rules) {
      const m = matchRule(c, tokens);
      if (!m) continue;
      const id = c.rule.id;
      if (
        containsAny(c.unless, tokens) ||
        idiomSpans.some((s) => s.start < m.end && m.start < s.end) ||
        containsAny(STORY_ALTS, clauseOf(tokens, m))
      ) {
        figures.add(id);
        continue;
      }
      if (isNegated(tokens, m)) {
        negated.add(id);
        continue;
      }
      if (aboutThePast(tokens, m)) {
        past.add(id);
        continue;
      }
      hits.set(id, c);
      if (OTHER_PERSON.test(sentence) && THIRD_PERSON.test(sentence)) otherPerson = true;
    }
  }
  for (const id of hits.keys()) {
    negated.delete(id);
    figures.delete(id);
    past.delete(id);
  }
  const score = [...hits.values()].reduce((sum, c) => sum + weightOf(c.rule), 0);
  const crisis = score >= CRISIS_SCORE;
  const families = new Set(crisis ? [...hits.values()].map((c) => c.rule.family) : []);
  if (crisis && otherPerson) families.add('someone-else');
  return {
    crisis,
    families: FAMILY_ORDER.filter((f) => families.has(f)),
    phraseIds: crisis ? [...hits.keys()] : [],
    weakIds: crisis ? [] : [...hits.keys()],
    negatedIds: [...negated],
    figureIds: [...figures],
    pastIds: [...past],
    score,
  };
}

/** After a negation, these words turn it around: "can't stop", "kan niet ophouden met". */
const NOT_NEGATING_BEFORE = new Set(['stop', 'stoppen', 'ophouden', 'help']);
const CONTRAST = new Set([CLAUSE_END, 'maar', 'but']);
/** The match's clause (up to a comma or "maar"/"but") speaks of the past, and nothing in it says it is back. */
function aboutThePast(tokens: string[], m: Match): boolean {
  const clause = clauseOf(tokens, m);
  return containsAny(PAST_ALTS, clause) && !containsAny(NOW_ALTS, clause);
}

/** The words of the clause a match stands in: from the comma or "maar"/"but" before it to the one after. */
function clauseOf(tokens: string[], m: Match): string[] {
  let from = m.start;
  while (from > 0 && !CONTRAST.has(tokens[from - 1])) from--;
  let to = m.end;
  while (to < tokens.length && !CONTRAST.has(tokens[to])) to++;
  return tokens.slice(from, to);
}

/** A negation within a few words before the match (not across "maar"/"but"), or between its parts. */
function isNegated(tokens: string[], m: Match): boolean {
  for (let i = m.start - 1, seen = 0; i >= 0 && seen < NEGATION_WINDOW; i--, seen++) {
    if (BARRIERS.has(tokens[i]) || tokens[i] === CLAUSE_END) break;
    // "ik kan niet stoppen met denken aan …", "I can't stop thinking about …": the sign, all the more.
    if (NEGATION_WORDS.has(tokens[i]) && !NOT_NEGATING_BEFORE.has(tokens[i + 1])) return true;
  }
  for (let i = m.start; i < m.end; i++) {
    if (tokens[i] === CLAUSE_END) continue;
    if (!m.matched.has(i) && NEGATION_WORDS.has(tokens[i])) return true;
  }
  return false;
}
