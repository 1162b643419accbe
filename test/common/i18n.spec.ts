import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalogKeys, pickLanguage, translate } from '../../src/common/i18n/i18n';

describe('translations', () => {
  it('Dutch and English have the same keys', () => {
    expect(catalogKeys('en')).toEqual(catalogKeys('nl'));
  });

  it('every key used in a template exists in both languages', () => {
    const root = path.join(__dirname, '..', '..', 'templates');
    const files: string[] = [];
    const walk = (d: string) =>
      fs
        .readdirSync(d, { withFileTypes: true })
        .forEach((e) =>
          e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.hbs') && files.push(path.join(d, e.name)),
        );
    walk(root);
    const used = new Set<string>();
    for (const f of files) for (const m of fs.readFileSync(f, 'utf8').matchAll(/\{\{t "([^"]+)"/g)) used.add(m[1]);
    expect(used.size).toBeGreaterThan(20);
    const known = new Set(catalogKeys('nl'));
    expect([...used].filter((k) => !known.has(k))).toEqual([]);
  });

  it('fills placeholders and falls back to Dutch, then the key', () => {
    expect(translate('en', 'received.ref', { ref: 'L-ABC' })).toBe('Your reference: L-ABC');
    expect(translate('nl', 'no.such.key')).toBe('no.such.key');
  });

  it('defaults to Dutch; ?lang= beats the cookie', () => {
    expect(pickLanguage(undefined, undefined)).toBe('nl');
    expect(pickLanguage('en', 'nl')).toBe('en');
    expect(pickLanguage('xx', 'en')).toBe('en');
    expect(pickLanguage(['en'], undefined)).toBe('nl');
  });

  it('picks plural forms by the language’s own rules (Intl.PluralRules), "other" for a count that is no number', () => {
    expect(translate('nl', 'sla.due.late.days', { n: 1 })).toBe('1 dag te laat');
    expect(translate('nl', 'sla.due.late.days', { n: 3 })).toBe('3 dagen te laat');
    expect(translate('nl', 'sla.due.late.days', { n: 0 })).toBe('0 dagen te laat');
    expect(translate('en', 'sla.due.left.hours', { n: 1 })).toBe('1 working hour left');
    expect(translate('en', 'sla.due.left.hours', { n: 2 })).toBe('2 working hours left');
    expect(translate('en', 'sla.due.left.hours', { n: '<5' })).toBe('<5 working hours left');
  });
});
