import { DateTime } from 'luxon';
import { Clock } from './due-time';

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

/** How a due time stands at `now`, for "3 werkuren over" / "2 dagen te laat" in lists. */
export interface DueStatus {
  late: boolean;
  unit: 'minutes' | 'hours' | 'days';
  count: number;
  /** Time left is counted in the region's business hours (false for wall-clock crisis targets). */
  working: boolean;
}

/**
 * Time left in business time (what a worker can still spend on it), lateness in wall-clock time
 * (how long the help-seeker has been waiting beyond the promise).
 */
export function dueStatus(due: Date, now: Date, clock: Clock, working = true): DueStatus {
  const d = due.getTime();
  const t = now.getTime();
  if (t < d) {
    const left = clock.between(t, d);
    return left < 3600_000 ? { late: false, unit: 'minutes', count: Math.max(1, Math.ceil(left / 60_000)), working } : { late: false, unit: 'hours', count: Math.floor(left / 3600_000), working };
  }
  const late = t - d;
  if (late < 3600_000) return { late: true, unit: 'minutes', count: Math.max(1, Math.floor(late / 60_000)), working };
  if (late < 86_400_000) return { late: true, unit: 'hours', count: Math.floor(late / 3600_000), working };
  return { late: true, unit: 'days', count: Math.floor(late / 86_400_000), working };
}

/** The translation key and variables for a DueStatus (keys under `sla.due` in the locale files). */
export function dueStatusKey(s: DueStatus): { key: string; vars: { n: number } } {
  const kind = s.late ? 'late' : s.working ? 'left' : 'leftClock';
  return { key: `sla.due.${kind}.${s.unit}${s.count === 1 ? 'One' : ''}`, vars: { n: s.count } };
}
