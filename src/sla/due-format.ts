import { Clock } from './due-time';

/**
 * Intl formatters are costly to build and formatDue runs on every "received" page, so they are
 * made once per zone (and language) and kept. `numeric` gives the local date and time as digits,
 * `named` the weekday and month names.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) {
    f = make();
    if (formatters.size > 500) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}

function partsOf(f: Intl.DateTimeFormat, instant: Date): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(instant)) parts[p.type] = p.value;
  return parts;
}

/** Local date (as a day count, for differences), hour and minute of an instant in a zone. */
function localTime(instant: Date, timeZone: string): { day: number; hh: string; mm: string } {
  const p = partsOf(
    formatter(
      `numeric ${timeZone}`,
      () =>
        new Intl.DateTimeFormat('en-US', {
          timeZone,
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
          hourCycle: 'h23',
        }),
    ),
    instant,
  );
  return {
    day: Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day)) / 86_400_000,
    hh: p.hour.padStart(2, '0'),
    mm: p.minute.padStart(2, '0'),
  };
}

/**
 * "dinsdag 1 december 14:00" / "Tuesday 1 December 14:00" in the region's zone: for a mail, which
 * may be read days later, so a weekday alone would be ambiguous. (Every acknowledgement has one:
 * no "now" is formatted for it.)
 */
export function formatDueDated(due: Date, timeZone: string, lang: 'nl' | 'en'): string {
  return named(due, localTime(due, timeZone), timeZone, lang, true);
}

/**
 * "dinsdag 14:00" / "Tuesday 14:00" in the region's zone; beyond the coming week the date is
 * added ("dinsdag 6 januari 14:00") so a weekday name is never ambiguous.
 */
export function formatDue(due: Date, timeZone: string, lang: 'nl' | 'en', now: Date = new Date()): string {
  const at = localTime(due, timeZone);
  const days = at.day - localTime(now, timeZone).day;
  return named(due, at, timeZone, lang, !(days >= 0 && days < 6));
}

function named(due: Date, at: { hh: string; mm: string }, timeZone: string, lang: 'nl' | 'en', dated: boolean): string {
  const locale = lang === 'nl' ? 'nl-NL' : 'en-GB';
  const p = partsOf(
    formatter(
      `named ${locale} ${timeZone}`,
      () => new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long' }),
    ),
    due,
  );
  return dated ? `${p.weekday} ${p.day} ${p.month} ${at.hh}:${at.mm}` : `${p.weekday} ${at.hh}:${at.mm}`;
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
    return left < 3600_000
      ? { late: false, unit: 'minutes', count: Math.max(1, Math.ceil(left / 60_000)), working }
      : { late: false, unit: 'hours', count: Math.floor(left / 3600_000), working };
  }
  const late = t - d;
  if (late < 3600_000) return { late: true, unit: 'minutes', count: Math.max(1, Math.floor(late / 60_000)), working };
  if (late < 86_400_000) return { late: true, unit: 'hours', count: Math.floor(late / 3600_000), working };
  return { late: true, unit: 'days', count: Math.floor(late / 86_400_000), working };
}

/** The translation key and variables for a DueStatus (keys under `sla.due` in the locale files). */
export function dueStatusKey(s: DueStatus): { key: string; vars: { n: number } } {
  const kind = s.late ? 'late' : s.working ? 'left' : 'leftClock';
  return { key: `sla.due.${kind}.${s.unit}`, vars: { n: s.count } };
}
