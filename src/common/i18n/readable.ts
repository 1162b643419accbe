import { hasTranslation, Language, translate } from './i18n';

/**
 * Internal names (event types, audit actions, the facts stored with them) in words a user reads.
 * Nothing here ever shows a key: an unknown event is "Gebeurtenis" / "Event", an unknown fact is
 * left out, an unknown value that looks like a code is left out too. The no-raw-key test walks every
 * page to keep it that way.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The timeline's words for a case event type. */
export function eventLabel(lang: Language, type: string): string {
  const key = `caseEvent.${type}`;
  return hasTranslation(lang, key) ? translate(lang, key) : translate(lang, 'caseEvent.other');
}

/** The audit trail's words for an action. */
export function auditActionLabel(lang: Language, action: string): string {
  const key = `audit.action.${action}`;
  return hasTranslation(lang, key) ? translate(lang, key) : translate(lang, 'audit.action.other');
}

/** Region and worker names a page already knows, to show instead of codes and ids. */
export interface Names {
  regions?: Map<string, string>;
  people?: Map<string, string>;
}

function valueText(lang: Language, key: string, v: unknown, names: Names): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'boolean') return translate(lang, v ? 'details.yes' : 'details.no');
  if (typeof v === 'number') return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'nl-NL').format(v);
  if (Array.isArray(v)) {
    const parts = v.map((x) => valueText(lang, key, x, names)).filter((x): x is string => !!x);
    return parts.length ? parts.join(', ') : translate(lang, 'details.none');
  }
  if (typeof v === 'object') return null;
  const s = String(v);
  if (names.regions?.has(s) && /region|from|to/.test(key)) return names.regions.get(s)!;
  if (names.people?.has(s)) return names.people.get(s)!;
  if (UUID.test(s)) return null;
  if (key === 'topic' && hasTranslation(lang, `topic.${s}`)) return translate(lang, `topic.${s}`);
  if (key === 'role' && hasTranslation(lang, `staff.role.${s}`)) return translate(lang, `staff.role.${s}`);
  for (const k of [`details.value.${key}.${s}`, `details.value.${s}`])
    if (hasTranslation(lang, k)) return translate(lang, k);
  if (/^\d{4}-\d{2}-\d{2}T/.test(s)) {
    const d = new Date(s);
    if (!Number.isNaN(d.getTime()))
      return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'Europe/Amsterdam',
      }).format(d);
  }
  // A code nobody translated (snake_case, dotted) is better left out than shown raw.
  if (/^[a-z]+(?:[._][a-z0-9]+)+$/.test(s)) return null;
  return s;
}

/**
 * The facts stored with an event or audit row as short "label: value" phrases. Ids are left out
 * (they mean nothing to a reader), known codes are translated, names replace codes where known.
 */
export function describeFacts(
  lang: Language,
  data: Record<string, unknown> | null | undefined,
  names: Names = {},
): string[] {
  if (!data || typeof data !== 'object') return [];
  const out: string[] = [];
  for (const [key, raw] of Object.entries(data)) {
    const labelKey = `details.key.${key}`;
    if (!hasTranslation(lang, labelKey)) continue;
    const value = valueText(lang, key, raw, names);
    if (value === null) continue;
    out.push(`${translate(lang, labelKey)}: ${value}`);
  }
  return out;
}
