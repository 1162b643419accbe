import { CRISIS_RULES, CrisisRule, FamilyId, IDIOMS, NEGATION_WINDOW, NEGATIONS } from './crisis-rules';

export interface TriageResult {
  crisis: boolean;
  /** The families of warning signs found (for the worker), in the order of FAMILIES. */
  families: FamilyId[];
  /** Ids of the rules that hit (never the text itself: that may be logged or stored as a fact). */
  phraseIds: string[];
  /** Rules found but negated ("ik heb geen zelfmoordgedachten"). */
  negatedIds: string[];
  /** Rules found inside a figure of speech or another context ("ik schaam me dood", a school essay). */
  figureIds: string[];
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
  // Flemish and chat spellings.
  [/\bnie\b|\bnt\b/g, 'niet'],
  [/\bzelf moord/g, 'zelfmoord'],
  [/\bzelfmoort/g, 'zelfmoord'],
  [/\bself-/g, 'self '],
];

/** Lower case, accents and typographic apostrophes folded, contractions written out, one space between words. */
export function normalise(text: string): string {
  let t = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[ \t\r\f\v]+/g, ' ');
  for (const [re, to] of REWRITES) t = t.replace(re, to);
  return t;
}

const SENTENCE = /[.!?;\n\u2026]+/;
const CLAUSE = /[,:()"\u201c\u201d\u2013\u2014]+| - /;
/** Words across which a negation does not reach. */
const BARRIERS = new Set(['maar', 'but', 'en', 'and', 'want', 'omdat', 'because', 'dus', 'so', 'alleen', 'though']);
const NEGATION_WORDS = new Set(NEGATIONS);

const wordsOf = (s: string) => s.split(/[^a-z0-9']+/).filter(Boolean);
/** Stands between two clauses of a sentence; no rule word matches it. */
const CLAUSE_END = ',';

// ── the rule language ────────────────────────────────────────────────────────────────────────

type WordPattern = { word: string; prefix: boolean };
/** One choice of a part: words in a row, or the end of the clause. */
type Alternative = WordPattern[] | 'end';
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
    .map((a) =>
      a === '$'
        ? 'end'
        : normalise(a)
            .split(/\s+/)
            .map((w) => w.replace(/[^a-z0-9'*]/g, ''))
            .filter(Boolean)
            .map(word),
    );
}

/** Turns a rule's `match` text into parts; throws on a rule that could never match. */
export function compileRule(rule: CrisisRule): CompiledRule {
  const parts = rule.match.split('…').map((p) => alternatives(p));
  if (!parts.length || parts.some((p) => !p.length)) throw new Error(`Rule ${rule.id}: empty part in "${rule.match}"`);
  return { rule, parts, gap: rule.gap ?? 3, unless: (rule.unless ?? []).flatMap((u) => alternatives(u)) };
}

function wordMatches(p: WordPattern, token: string): boolean {
  return p.prefix ? token.startsWith(p.word) : token === p.word;
}

/** Every place [start, end) in `tokens` where one of the part's choices stands. */
function occurrences(part: Part, tokens: string[]): [number, number][] {
  const found: [number, number][] = [];
  for (const alt of part) {
    if (alt === 'end') {
      for (let i = 1; i <= tokens.length; i++) if (i === tokens.length || tokens[i] === CLAUSE_END) found.push([i, i]);
      continue;
    }
    for (let i = 0; i + alt.length <= tokens.length; i++) {
      if (alt.every((p, k) => wordMatches(p, tokens[i + k]))) found.push([i, i + alt.length]);
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
  const occ = c.parts.map((p) => occurrences(p, tokens));
  if (occ.some((o) => !o.length)) return undefined;
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

// Compiled once: the rules are data, checked when this module loads.
const RULES = CRISIS_RULES.map(compileRule);
const IDIOM_RULES = IDIOMS.map((match, i) =>
  compileRule({ id: `idiom-${i}`, family: 'hopelessness', lang: 'nl', match, gap: 3 }),
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
 * word of its `unless` list occurs in the same sentence, and unless a figure of speech covers it.
 */
export function triage(text: string): TriageResult {
  const hits = new Map<string, FamilyId>();
  const negated = new Set<string>();
  const figures = new Set<string>();
  let otherPerson = false;
  for (const sentence of normalise(text).split(SENTENCE)) {
    // A sentence's words, with a CLAUSE_END token between its clauses: rules may reach across a
    // comma ("verdwijnen, voorgoed"), negations may not.
    const tokens = sentence
      .split(CLAUSE)
      .map(wordsOf)
      .filter((w) => w.length)
      .flatMap((w, i) => (i ? [CLAUSE_END, ...w] : w));
    if (!tokens.length) continue;
    const idiomSpans = IDIOM_RULES.map((r) => matchRule(r, tokens)).filter((m): m is Match => !!m);
    for (const c of RULES) {
      const m = matchRule(c, tokens);
      if (!m) continue;
      const id = c.rule.id;
      if (containsAny(c.unless, tokens) || idiomSpans.some((s) => s.start < m.end && m.start < s.end)) {
        figures.add(id);
        continue;
      }
      if (isNegated(tokens, m)) {
        negated.add(id);
        continue;
      }
      hits.set(id, c.rule.family);
      if (OTHER_PERSON.test(sentence) && THIRD_PERSON.test(sentence)) otherPerson = true;
    }
  }
  for (const id of hits.keys()) {
    negated.delete(id);
    figures.delete(id);
  }
  const families = new Set(hits.values());
  if (otherPerson) families.add('someone-else');
  return {
    crisis: hits.size > 0,
    families: FAMILY_ORDER.filter((f) => families.has(f)),
    phraseIds: [...hits.keys()],
    negatedIds: [...negated],
    figureIds: [...figures],
  };
}

/** A negation within a few words before the match (not across "maar"/"but"), or between its parts. */
function isNegated(tokens: string[], m: Match): boolean {
  for (let i = m.start - 1, seen = 0; i >= 0 && seen < NEGATION_WINDOW; i--, seen++) {
    if (BARRIERS.has(tokens[i]) || tokens[i] === CLAUSE_END) break;
    if (NEGATION_WORDS.has(tokens[i])) return true;
  }
  for (let i = m.start; i < m.end; i++) {
    if (tokens[i] === CLAUSE_END) continue;
    if (!m.matched.has(i) && NEGATION_WORDS.has(tokens[i])) return true;
  }
  return false;
}
