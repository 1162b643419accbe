import { DateTime } from 'luxon';

/**
 * "dinsdag 14:00" / "Tuesday 14:00" in the region's zone; beyond the coming week the date is
 * added ("dinsdag 6 januari 14:00") so a weekday name is never ambiguous.
 */
export function formatDue(due: Date, timeZone: string, lang: 'nl' | 'en', now: Date = new Date()): string {
  const at = DateTime.fromJSDate(due, { zone: timeZone }).setLocale(lang === 'nl' ? 'nl-NL' : 'en-GB');
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  const days = at.startOf('day').diff(today, 'days').days;
  return at.toFormat(days >= 0 && days < 6 ? 'cccc HH:mm' : 'cccc d MMMM HH:mm');
}
