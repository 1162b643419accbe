import en from './locales/en.json';
import nl from './locales/nl.json';

export type Language = 'nl' | 'en';
export const LANGUAGES: readonly Language[] = ['nl', 'en'];
export const DEFAULT_LANGUAGE: Language = 'nl';

type Catalog = { [key: string]: string | Catalog };
const CATALOGS: Record<Language, Catalog> = { nl, en };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

const PLURAL_RULES: Record<Language, Intl.PluralRules> = {
  nl: new Intl.PluralRules('nl'),
  en: new Intl.PluralRules('en'),
};

/**
 * The text at `key`. A key whose entry holds plural forms (`{ "one": …, "other": … }`, the
 * categories of Intl.PluralRules) takes the form for the count in `vars.n` (or `vars.count`), as
 * the language's own rules say; a count that is not a number (a hidden small count, "<5") takes
 * `other`.
 */
function lookup(lang: Language, key: string, vars: Record<string, string | number>): string | undefined {
  let node: string | Catalog | undefined = CATALOGS[lang];
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  if (node !== undefined && typeof node !== 'string' && typeof node.other === 'string') {
    const count = Number(vars.n ?? vars.count);
    const form = Number.isFinite(count) ? node[PLURAL_RULES[lang].select(count)] : undefined;
    node = typeof form === 'string' ? form : node.other;
  }
  return typeof node === 'string' ? node : undefined;
}

/**
 * The text for `key` in `lang`, with `{name}` placeholders filled (plural forms by `vars.n`). A
 * missing key falls back to Dutch and then to the key itself, so a gap is visible in review
 * instead of an empty label.
 */
export function translate(lang: Language, key: string, vars: Record<string, string | number> = {}): string {
  const text = lookup(lang, key, vars) ?? lookup(DEFAULT_LANGUAGE, key, vars) ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function hasTranslation(lang: Language, key: string): boolean {
  return lookup(lang, key, {}) !== undefined;
}

/** Every key in a catalogue, for the test that keeps nl and en in step. */
export function catalogKeys(lang: Language): string[] {
  const keys: string[] = [];
  const walk = (node: Catalog, prefix: string) => {
    for (const [k, v] of Object.entries(node)) {
      if (typeof v === 'string') keys.push(prefix + k);
      else walk(v, `${prefix}${k}.`);
    }
  };
  walk(CATALOGS[lang], '');
  return keys.sort();
}

/** `?lang=` wins (and is remembered in a cookie by the caller), then the cookie, then Dutch. */
export function pickLanguage(query: unknown, cookie: unknown, acceptLanguage?: string): Language {
  if (isLanguage(query)) return query;
  if (isLanguage(cookie)) return cookie;
  if (acceptLanguage && /^en\b/i.test(acceptLanguage.trim())) return 'en';
  return DEFAULT_LANGUAGE;
}
