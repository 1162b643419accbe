import { Language, translate } from '../common/i18n/i18n';

/** "12 min", "5 u", "3 d": how long a case has waited, short enough for a table cell. */
export function ageLabel(from: Date, now: Date, lang: Language): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 60_000));
  if (minutes < 60) return translate(lang, 'inbox.age.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return translate(lang, 'inbox.age.hours', { n: hours });
  return translate(lang, 'inbox.age.days', { n: Math.floor(hours / 24) });
}
