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

/**
 * Contractions and spellings folded before matching, so rules need only one form; applied in this
 * order, each to the result of the ones before. The third element, where given, is a piece of text
 * every match of the pattern contains: without it in the text the pass is skipped (most passes
 * find nothing, and skipping them is most of what normalising a long mail costs).
 */
export const REWRITES: readonly (readonly [RegExp, string, string?])[] = [
  [/\bcan't\b|\bcant\b|\bcannot\b/g, 'can not', 'can'],
  [/\bwon't\b|\bwont\b/g, 'will not', 'won'],
  [/\b(\w+)n't\b/g, '$1 not', "n't"],
  [/\bdont\b/g, 'do not', 'dont'],
  [/\bdoesnt\b/g, 'does not', 'doesnt'],
  [/\bdidnt\b/g, 'did not', 'didnt'],
  [/\bi'm\b|\bim\b/g, 'i am'],
  [/\b(\w+)'re\b/g, '$1 are', "'re"],
  [/\b(\w+)'ve\b/g, '$1 have', "'ve"],
  [/\b(\w+)'ll\b/g, '$1 will', "'ll"],
  [/\b(i|you|he|she|we|they)'d\b/g, '$1 would', "'d"],
  [/\b(it|that|there|what|he|she)'s\b/g, '$1 is', "'s"],
  [/\bwanna\b/g, 'want to', 'wanna'],
  [/\bgonna\b/g, 'going to', 'gonna'],
  [/\bm'n\b/g, 'mijn', "m'n"],
  [/\bz'n\b/g, 'zijn', "z'n"],
  [/\bd'r\b/g, 'haar', "d'r"],
  [/(^|\s)'t\b/g, '$1het', "'t"],
  [/(^|\s)'k\b/g, '$1ik', "'k"],
  [/\b(is|was|were|are|could|would|should|has|have|had|does|did|need)nt\b/g, '$1 not', 'nt'],
  [/\bive\b/g, 'i have', 'ive'],
  // English chat spellings and common misspellings.
  [/\babt\b|\bbout\b/g, 'about'],
  [/\b(?:bc|cuz|coz|cos)\b/g, 'because'],
  [/\bu\b/g, 'you'],
  [/\bur\b/g, 'your'],
  [/\bppl\b/g, 'people', 'ppl'],
  [/\b(every|no|any|some)1\b/g, '$1one', '1'],
  [/\bno one\b|\bnoone\b/g, 'nobody', 'no'],
  [/\bidk\b/g, 'i do not know', 'idk'],
  [/\b(?:tmrw|tmr|tomoz)\b/g, 'tomorrow'],
  [/\b(?:tonite|2nite)\b/g, 'tonight', 'nite'],
  [/\bkil\b/g, 'kill', 'kil'],
  [/\b(kill|cutt|go|think|feel|try|liv|dy)in\b/g, '$1ing', 'in'],
  [/\bmy ?s[el]{2,3}f+\b/g, 'myself', 'my'],
  [/\bsu(?:i|ie|ei)?[cs]+i?d/g, 'suicid', 'su'],
  // Dutch and Flemish spellings: chat forms, dialect words folded to the standard ones.
  [/\bk(wil|ben|zie|heb|weet|denk|ga|wou|zou|kan|voel|snij|doe|had|hoop|zit|was)\b/g, 'ik $1'],
  [/\bik zen\b/g, 'ik ben', 'ik zen'],
  [/\bt'is\b/g, 'het is', "t'is"],
  [/\bnie\b|\bnt\b|\bni\b/g, 'niet'],
  [/\b(?:nimeer|niemeer)\b/g, 'niet meer', 'meer'],
  [/\bgenen?\b/g, 'geen', 'gen'],
  [/\bnen?\b/g, 'een', 'ne'],
  [/\bgij\b/g, 'jij', 'gij'],
  [/\bge\b/g, 'je', 'ge'],
  [/\bda\b/g, 'dat', 'da'],
  [/\bwa\b/g, 'wat', 'wa'],
  [/\bgoesting\b/g, 'zin', 'goesting'],
  [/\befkes\b|\bff\b/g, 'even', 'f'],
  [/\bmn\b/g, 'mijn', 'mn'],
  [/\bzn\b/g, 'zijn', 'zn'],
  [/\bnx\b/g, 'niks', 'nx'],
  [/\bgwn\b/g, 'gewoon', 'gwn'],
  [/\bzelf moord/g, 'zelfmoord', 'zelf moord'],
  [/\bzelf?mo+r?[dt]/g, 'zelfmoord', 'zel'],
  [/\bzelfmoordd/g, 'zelfmoord', 'zelfmoordd'],
  [/\bself-/g, 'self ', 'self-'],
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
    .replace(/[\u2018\u2019\u02bc`´]/g, "'");
  // The run pattern tries a capture at every letter: looked for by hand first, as runs are rare.
  if (hasLetterRun(t)) t = t.replace(/([a-z])\1{2,}/g, '$1$1$1');
  // Runs of white space to one space; a lone space is left as it is (replacing each one by itself
  // cost more than all the rest of normalising).
  t = t.replace(/[ \t\r\f\v]{2,}|[\t\r\f\v]/g, ' ');
  for (const [re, to, needs] of REWRITES) if (needs === undefined || t.includes(needs)) t = t.replace(re, to);
  return t;
}

/** A letter a–z written three times in a row. */
function hasLetterRun(t: string): boolean {
  for (let i = 2; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 97 && c <= 122 && c === t.charCodeAt(i - 1) && c === t.charCodeAt(i - 2)) return true;
  }
  return false;
}

const SENTENCE = /[.!?;\n\u2026]+/;
const CLAUSE = /[,:()"\u201c\u201d\u2013\u2014]+| - /;
/** Words across which a negation does not reach. */
const BARRIERS = new Set(['maar', 'but', 'en', 'and', 'want', 'omdat', 'because', 'dus', 'so', 'alleen', 'though']);
const NEGATION_WORDS = new Set(NEGATIONS);

const FILLER_WORDS = new Set(FILLERS);
/** Stands between two clauses of a sentence; no rule word matches it. */
const CLAUSE_END = ',';
const WORD_BREAK = /[^a-z0-9']+/;

/**
 * A sentence's words, without the filler words ("echt", "gewoon", "tbh") that carry no sign, with
 * a CLAUSE_END token between its clauses (a clause without words adds none): rules may reach
 * across a comma ("verdwijnen, voorgoed"), negations may not.
 */
function sentenceTokens(sentence: string): string[] {
  const tokens: string[] = [];
  for (const clause of sentence.split(CLAUSE)) {
    let first = true;
    for (const w of clause.split(WORD_BREAK)) {
      if (!w || FILLER_WORDS.has(w)) continue;
      if (first && tokens.length) tokens.push(CLAUSE_END);
      first = false;
      tokens.push(w);
    }
  }
  return tokens;
}

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
const isSpecial = (token: string) => token.endsWith('je') || token.endsWith('jes') || ELONGATED.test(token);

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
function occurrences(part: Part, tokens: string[], ix = indexOf(tokens)): [number, number][] {
  const found: [number, number][] = [];
  for (const alt of part) {
    if (alt === 'end') {
      for (let i = 1; i <= tokens.length; i++) if (i === tokens.length || tokens[i] === CLAUSE_END) found.push([i, i]);
      continue;
    }
    // Only the places where the first word can stand: its exact places (every place for a stem),
    // and the words that need the slow comparison.
    const first = alt[0];
    const exact = first.prefix ? stemPlaces(ix, first.word) : ix.at.get(first.word);
    if (exact) for (const i of exact) at(alt, i, tokens, ix, found);
    for (const i of ix.specialAt) at(alt, i, tokens, ix, found);
  }
  return found.length > 1 ? found.sort((a, b) => a[0] - b[0] || b[1] - a[1]) : found;
}

/** Adds [i, end) to `found` if the choice's words stand at place i. */
function at(
  alt: WordPattern[] & { atEnd?: boolean },
  i: number,
  tokens: string[],
  ix: WordIndex,
  found: [number, number][],
) {
  const j = i + alt.length;
  if (j > tokens.length) return;
  for (let k = 0; k < alt.length; k++) if (!wordMatches(alt[k], tokens[i + k], ix.special[i + k])) return;
  if (alt.atEnd && j < tokens.length && tokens[j] !== CLAUSE_END) return;
  found.push([i, j]);
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

/** The rule in a sentence, given where each of its parts stands in it (see `within`). */
function matchRule(c: CompiledRule, occ: [number, number][][]): Match | undefined {
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

/**
 * The occurrences of each part inside the sentence that stands at [from, to) of the message's
 * words, relative to it (in the same order); undefined when a part has none there.
 */
function within(occ: [number, number][][], from: number, to: number): [number, number][][] | undefined {
  const inside: [number, number][][] = [];
  for (const list of occ) {
    const here: [number, number][] = [];
    for (const [s, e] of list) if (s >= from && e <= to) here.push([s - from, e - from]);
    if (!here.length) return undefined;
    inside.push(here);
  }
  return inside;
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

/**
 * Which parts of the rules may occur in a message, told from its words: an index, built once, from
 * the first word of every choice of every part to that part. A part's choice can only stand where
 * its first word matches a word (wordMatches): the same word, a word the stem starts, or — for an
 * elongated word or a diminutive — the word squeezed or without its ending. A rule none of whose
 * parts lacks such a word is checked in full (`place`); the others cannot occur, and are skipped
 * without trying each of their hundreds of choices. Over-including is harmless, never leaving one out.
 */
class PartIndex {
  /** The number of every part of a rule, per rule. */
  readonly partsOf: number[][] = [];
  private size = 0;
  private readonly byWord = new Map<string, number[]>();
  private readonly bySqueezedWord = new Map<string, number[]>();
  private readonly byStem = new Map<string, number[]>();
  /** The stems again, squeezed (for elongated words). */
  private readonly stems: { squeezed: string; parts: number[] }[];
  /** Parts with an `end` choice: they occur in every message with words. */
  private readonly always: number[] = [];

  constructor(rules: CompiledRule[]) {
    const add = (map: Map<string, number[]>, key: string, part: number) => {
      const list = map.get(key);
      if (!list) map.set(key, [part]);
      else if (list[list.length - 1] !== part) list.push(part);
    };
    for (const c of rules) {
      const numbers: number[] = [];
      for (const part of c.parts) {
        const n = this.size++;
        numbers.push(n);
        for (const alt of part) {
          if (alt === 'end') {
            this.always.push(n);
            continue;
          }
          const first = alt[0];
          if (first.prefix) add(this.byStem, first.word, n);
          else {
            add(this.byWord, first.word, n);
            add(this.bySqueezedWord, squeeze(first.word), n);
          }
        }
      }
      this.partsOf.push(numbers);
    }
    this.stems = [...this.byStem].map(([stem, parts]) => ({ squeezed: squeeze(stem), parts }));
  }

  /** Per part number: whether it may occur among these words (see the class). */
  present(tokens: string[], ix: WordIndex): Uint8Array {
    const found = new Uint8Array(this.size);
    const mark = (parts: number[] | undefined) => {
      if (parts) for (const n of parts) found[n] = 1;
    };
    if (tokens.length) mark(this.always);
    for (const w of ix.at.keys()) mark(this.byWord.get(w));
    for (const [stem, parts] of this.byStem) if (stemPlaces(ix, stem)) mark(parts);
    for (const i of ix.specialAt) {
      const token = tokens[i];
      if (ELONGATED.test(token)) {
        const squeezed = squeeze(token);
        mark(this.bySqueezedWord.get(squeezed));
        for (const stem of this.stems) if (squeezed.startsWith(stem.squeezed)) mark(stem.parts);
      }
      // A diminutive: the rule word, then an ending, perhaps after the word's last letter doubled.
      for (const ending of DIMINUTIVE)
        if (token.endsWith(ending)) {
          const stem = token.slice(0, -ending.length);
          mark(this.byWord.get(stem));
          mark(this.byWord.get(stem.slice(0, -1)));
        }
    }
    return found;
  }
}
const RULE_PARTS = new PartIndex(RULES);
const IDIOM_PARTS = new PartIndex(IDIOM_RULES);

/**
 * The rules each of whose parts occurs among the words, with where (occurrences per part). With
 * `index`, only the rules it leaves are tried; without, every rule (the reference the tests hold
 * the index to).
 */
function place(rules: CompiledRule[], tokens: string[], ix: WordIndex, index?: PartIndex) {
  const present = index?.present(tokens, ix);
  const found: { c: CompiledRule; occ: [number, number][][] }[] = [];
  next: for (let r = 0; r < rules.length; r++) {
    if (present && index!.partsOf[r].some((n) => !present[n])) continue;
    const occ: [number, number][][] = [];
    for (const p of rules[r].parts) {
      const o = occurrences(p, tokens, ix);
      if (!o.length) continue next;
      occ.push(o);
    }
    found.push({ c: rules[r], occ });
  }
  return found;
}

/** A message's sentences (with their words), and all their words in one list with a clause end between sentences (`at`: where a sentence's words start in it). */
function messageWords(text: string) {
  const sentences: { sentence: string; tokens: string[]; at: number }[] = [];
  const all: string[] = [];
  for (const sentence of normalise(text).split(SENTENCE)) {
    const tokens = sentenceTokens(sentence);
    if (!tokens.length) continue;
    if (all.length) all.push(CLAUSE_END);
    sentences.push({ sentence, tokens, at: all.length });
    for (const t of tokens) all.push(t);
  }
  return { sentences, all };
}

/** For tests: the ids of the rules and idioms that may match somewhere in the text, found with or without the part index. */
export function placedRuleIds(text: string, useIndex = true): string[] {
  const { all } = messageWords(text);
  const ix = indexOf(all);
  return [
    ...place(RULES, all, ix, useIndex ? RULE_PARTS : undefined),
    ...place(IDIOM_RULES, all, ix, useIndex ? IDIOM_PARTS : undefined),
  ].map((x) => x.c.rule.id);
}

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
  const { sentences, all } = messageWords(text);
  // Where each part of a rule stands is found once over all the words, not per sentence: an
  // occurrence in a sentence is one in `all` (a clause end stands between sentences, as at a
  // sentence's end, and no rule word matches it), and one in `all` lies within one sentence. Only
  // the rules each of whose parts occurs somewhere can match.
  const ix = indexOf(all);
  const rules = place(RULES, all, ix, RULE_PARTS);
  const idioms = place(IDIOM_RULES, all, ix, IDIOM_PARTS);
  for (const { sentence, tokens, at } of sentences) {
    const idiomSpans: Match[] = [];
    for (const r of idioms) {
      const occ = within(r.occ, at, at + tokens.length);
      const m = occ && matchRule(r.c, occ);
      if (m) idiomSpans.push(m);
    }
    for (const { c, occ: everywhere } of rules) {
      const occ = within(everywhere, at, at + tokens.length);
      const m = occ && matchRule(c, occ);
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
