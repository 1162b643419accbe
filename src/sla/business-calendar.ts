import Holidays from 'date-holidays';
import { DateTime } from 'luxon';

/** ISO weekday keys, Monday first. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** An opening slot in local wall-clock time, `HH:mm`; `end` may be `24:00`. */
export interface Slot {
  start: string;
  end: string;
}

/** What a region's working hours are made of; stored as data, turned into a `BusinessCalendar`. */
export interface CalendarSpec {
  /** IANA zone, e.g. Europe/Amsterdam. */
  timeZone: string;
  /** Several slots per day (a lunch gap is two slots); a missing day is closed. */
  weeklyHours: Partial<Record<Weekday, Slot[]>>;
  /** Public holidays (type `public` in date-holidays) of this country close the office. */
  holidayCountry?: 'NL' | 'BE' | null;
  /** A date-holidays state (BE: VLG, WAL, BRU, DE), so its own days can be opted into. */
  holidayState?: string | null;
  /**
   * Non-public days of the holiday feed the region also closes on, by their date-holidays rule
   * (e.g. `05-05` Bevrijdingsdag in NL, `07-11` the Flemish community's day).
   */
  optInHolidays?: string[];
  /** Extra closed local dates set by managers, `YYYY-MM-DD`. */
  closedDates?: string[];
}

/** How far `addBusinessTime` may look ahead before deciding a calendar has no open hours. */
const MAX_YEARS_AHEAD = 30;
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

export class CalendarError extends Error {}

/** Checks a spec before it is stored or used; returns the problems (empty when valid). */
export function validateCalendarSpec(spec: CalendarSpec): string[] {
  const problems: string[] = [];
  if (!DateTime.local().setZone(spec.timeZone).isValid) problems.push(`unknown time zone ${spec.timeZone}`);
  let open = false;
  for (const [day, slots] of Object.entries(spec.weeklyHours)) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) problems.push(`unknown weekday ${day}`);
    const sorted = [...(slots ?? [])].sort((a, b) => a.start.localeCompare(b.start));
    let lastEnd = '00:00';
    for (const s of sorted) {
      if (!HHMM.test(s.start) || !HHMM.test(s.end)) problems.push(`${day}: slot times must be HH:mm`);
      else if (s.start >= s.end) problems.push(`${day}: slot ${s.start}-${s.end} ends before it starts`);
      else if (s.start < lastEnd) problems.push(`${day}: slots overlap at ${s.start}`);
      else open = true;
      lastEnd = s.end;
    }
  }
  if (!open) problems.push('the calendar has no opening hours');
  for (const d of spec.closedDates ?? [])
    if (!DateTime.fromISO(d, { zone: 'utc' }).isValid || !/^\d{4}-\d{2}-\d{2}$/.test(d))
      problems.push(`bad closed date ${d}`);
  return problems;
}

/**
 * A region's business time as a sorted list of open intervals (UTC milliseconds) with running
 * totals, built a year at a time in the region's zone. Every question then becomes a binary search:
 * `cum(t)` is the business time from the window's start to `t`, so durations are differences of
 * `cum` and adding is inverting it. Luxon does the zone maths, so DST days simply have 23 or 25
 * wall hours and a slot on them is as long as it really is.
 */
export class BusinessCalendar {
  private fromYear = 0;
  private toYear = -1;
  /** Instants in [safeFrom, safeTo) are covered with a spare year on both sides. */
  private safeFrom = 0;
  private safeTo = 0;
  private starts: number[] = [];
  private ends: number[] = [];
  /** Business ms before interval i. */
  private before: number[] = [];
  private readonly holidays?: Holidays;
  private readonly closed: Set<string>;
  private readonly optIn: Set<string>;

  constructor(readonly spec: CalendarSpec) {
    const problems = validateCalendarSpec(spec);
    if (problems.length) throw new CalendarError(`Invalid calendar: ${problems.join('; ')}`);
    if (spec.holidayCountry) {
      this.holidays = spec.holidayState
        ? new Holidays(spec.holidayCountry, spec.holidayState, { languages: ['nl'] })
        : new Holidays(spec.holidayCountry, { languages: ['nl'] });
    }
    this.closed = new Set(spec.closedDates ?? []);
    this.optIn = new Set(spec.optInHolidays ?? []);
  }

  get timeZone(): string {
    return this.spec.timeZone;
  }

  /** Local dates (`YYYY-MM-DD`) the region is closed in a year: public holidays, opted-in days, extra days. */
  closedDays(year: number): Set<string> {
    const days = new Set<string>();
    for (const d of this.closed) if (d.startsWith(`${year}-`)) days.add(d);
    if (this.holidays) {
      for (const h of this.holidays.getHolidays(year)) {
        if (h.type === 'public' || this.optIn.has(h.rule)) days.add(h.date.slice(0, 10));
      }
    }
    return days;
  }

  /** Business milliseconds between two instants (negative when b is before a). */
  between(a: number, b: number): number {
    if (b < a) return -this.between(b, a);
    this.cover(a, b);
    return this.cum(b) - this.cum(a);
  }

  /**
   * The earliest instant at or after `a` by which `ms` business time has passed. Adding to an
   * instant in closed time starts at the next opening; a target that ends exactly at closing time
   * is due at closing time, not at the next opening.
   */
  add(a: number, ms: number): number {
    if (ms < 0) throw new CalendarError('cannot add a negative business duration');
    if (ms === 0) return a;
    this.cover(a, a);
    const target = this.cum(a) + ms;
    const startYear = this.toYear;
    while (this.total() < target) {
      if (this.toYear - startYear > MAX_YEARS_AHEAD) throw new CalendarError('the calendar has no opening hours ahead');
      const before = this.cum(a);
      this.build(this.fromYear, this.toYear + 1);
      // Rebuilding can shift the origin only when fromYear changes, which it does not here.
      if (this.cum(a) !== before) throw new CalendarError('calendar window moved');
    }
    // First interval whose running total reaches the target.
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.before[mid] + this.ends[mid] - this.starts[mid] >= target) hi = mid;
      else lo = mid + 1;
    }
    return Math.max(a, this.starts[lo] + (target - this.before[lo]));
  }

  /** Whether the office is open at this instant. */
  isOpen(t: number): boolean {
    this.cover(t, t);
    const i = this.indexAtOrBefore(t);
    return i >= 0 && t < this.ends[i];
  }

  private total(): number {
    const n = this.starts.length;
    return n ? this.before[n - 1] + this.ends[n - 1] - this.starts[n - 1] : 0;
  }

  private cum(t: number): number {
    const i = this.indexAtOrBefore(t);
    if (i < 0) return 0;
    return this.before[i] + Math.min(t, this.ends[i]) - this.starts[i];
  }

  /** Last interval starting at or before t, or -1. */
  private indexAtOrBefore(t: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** Makes sure both instants lie inside the built years (one spare year each side). */
  private cover(a: number, b: number): void {
    if (a >= this.safeFrom && b < this.safeTo) return;
    const ya = DateTime.fromMillis(a, { zone: this.spec.timeZone }).year - 1;
    const yb = DateTime.fromMillis(b, { zone: this.spec.timeZone }).year + 1;
    if (this.toYear < this.fromYear) this.build(ya, yb);
    else if (ya < this.fromYear || yb > this.toYear) this.build(Math.min(ya, this.fromYear), Math.max(yb, this.toYear));
  }

  private build(fromYear: number, toYear: number): void {
    const starts: number[] = [];
    const ends: number[] = [];
    const zone = this.spec.timeZone;
    for (let year = fromYear; year <= toYear; year++) {
      const closed = this.closedDays(year);
      let day = DateTime.fromObject({ year, month: 1, day: 1 }, { zone });
      while (day.year === year) {
        const iso = day.toISODate()!;
        const slots = closed.has(iso) ? undefined : this.spec.weeklyHours[WEEKDAYS[day.weekday - 1]];
        for (const s of [...(slots ?? [])].sort((x, y) => x.start.localeCompare(y.start))) {
          const start = at(day, s.start);
          const end = at(day, s.end);
          // A slot inside the skipped spring-forward hour can collapse to nothing.
          if (end <= start) continue;
          if (ends.length && start <= ends[ends.length - 1])
            ends[ends.length - 1] = Math.max(end, ends[ends.length - 1]);
          else {
            starts.push(start);
            ends.push(end);
          }
        }
        day = day.plus({ days: 1 });
      }
    }
    const before: number[] = new Array(starts.length);
    let sum = 0;
    for (let i = 0; i < starts.length; i++) {
      before[i] = sum;
      sum += ends[i] - starts[i];
    }
    this.starts = starts;
    this.ends = ends;
    this.before = before;
    this.fromYear = fromYear;
    this.toYear = toYear;
    this.safeFrom = DateTime.fromObject({ year: fromYear + 1, month: 1, day: 1 }, { zone }).toMillis();
    this.safeTo = DateTime.fromObject({ year: toYear, month: 1, day: 1 }, { zone }).toMillis();
  }
}

/** The instant of a local `HH:mm` on a local day; `24:00` is the next day's midnight. */
function at(day: DateTime, hhmm: string): number {
  if (hhmm === '24:00') return day.plus({ days: 1 }).startOf('day').toMillis();
  const [h, m] = hhmm.split(':').map(Number);
  // In the skipped spring-forward hour Luxon moves forward, which is what an opening time means.
  return day.set({ hour: h, minute: m, second: 0, millisecond: 0 }).toMillis();
}

/** Adds a business duration (ms) to an instant. */
export function addBusinessTime(instant: Date, ms: number, calendar: BusinessCalendar): Date {
  return new Date(calendar.add(instant.getTime(), ms));
}

/** The business duration (ms) between two instants. */
export function businessDurationBetween(a: Date, b: Date, calendar: BusinessCalendar): number {
  return calendar.between(a.getTime(), b.getTime());
}
