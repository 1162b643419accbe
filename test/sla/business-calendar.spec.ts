import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  addBusinessTime,
  BusinessCalendar,
  businessDurationBetween,
  CalendarSpec,
  validateCalendarSpec,
} from '../../src/sla/business-calendar';
import { defaultCalendarSpec, OFFICE_DAY } from '../../src/sla/calendar-defaults';

const H = 3600_000;
const AMS = 'Europe/Amsterdam';
const BRU = 'Europe/Brussels';

/** A local wall time in a zone as a Date. */
const local = (iso: string, zone = AMS) => DateTime.fromISO(iso, { zone }).toJSDate();
/** A Date shown as local wall time, for readable expectations. */
const show = (d: Date, zone = AMS) => DateTime.fromJSDate(d, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");

const ALL_DAY = [{ start: '00:00', end: '24:00' }];
const ALWAYS: CalendarSpec = {
  timeZone: AMS,
  weeklyHours: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
};

describe('business calendar: hand-picked examples', () => {
  const ams = new BusinessCalendar(defaultCalendarSpec(AMS));

  it('runs through the lunch gap and the end of a slot', () => {
    expect(show(addBusinessTime(local('2026-11-23T12:00'), H, ams))).toBe('2026-11-23T14:00');
    // A target ending at closing time is due at closing time, not at the next opening.
    expect(show(addBusinessTime(local('2026-11-20T16:00'), H, ams))).toBe('2026-11-20T17:00');
    expect(businessDurationBetween(local('2026-11-23T08:00'), local('2026-11-23T18:00'), ams)).toBe(7 * H);
  });

  it('skips the weekend and starts counting at the next opening when added in closed time', () => {
    expect(show(addBusinessTime(local('2026-11-20T16:00'), 2 * H, ams))).toBe('2026-11-23T10:00');
    expect(show(addBusinessTime(local('2026-11-21T11:00'), H, ams))).toBe('2026-11-23T10:00');
    expect(show(addBusinessTime(local('2026-11-23T07:00'), 14 * H, ams))).toBe('2026-11-24T17:00');
    expect(businessDurationBetween(local('2026-11-20T17:00'), local('2026-11-23T09:00'), ams)).toBe(0);
  });

  it('closes on Easter Monday but not on Good Friday (type school) in NL', () => {
    expect(show(addBusinessTime(local('2026-04-02T16:00'), 2 * H, ams))).toBe('2026-04-03T10:00');
    expect(show(addBusinessTime(local('2026-04-03T16:00'), 2 * H, ams))).toBe('2026-04-07T10:00');
  });

  it('closes on both Christmas days', () => {
    // 2025: Christmas on Thursday and Friday.
    expect(show(addBusinessTime(local('2025-12-24T16:00'), 2 * H, ams))).toBe('2025-12-29T10:00');
    expect(ams.closedDays(2025)).toEqual(
      new Set([
        '2025-01-01',
        '2025-04-20',
        '2025-04-21',
        '2025-04-26',
        '2025-05-29',
        '2025-06-08',
        '2025-06-09',
        '2025-12-25',
        '2025-12-26',
      ]),
    );
  });

  it('lets a region opt into Bevrijdingsdag; it stays open by default', () => {
    const optIn = new BusinessCalendar({ ...defaultCalendarSpec(AMS), optInHolidays: ['05-05'] });
    // 5 May 2025 is a Monday.
    expect(show(addBusinessTime(local('2025-05-02T16:00'), 2 * H, ams))).toBe('2025-05-05T10:00');
    expect(show(addBusinessTime(local('2025-05-02T16:00'), 2 * H, optIn))).toBe('2025-05-06T10:00');
  });

  it('uses Belgian public holidays and opt-in regional days (Flemish community, 11 July)', () => {
    const gent = new BusinessCalendar({ ...defaultCalendarSpec(BRU), holidayState: 'VLG' });
    const gentFlemish = new BusinessCalendar({
      ...defaultCalendarSpec(BRU),
      holidayState: 'VLG',
      optInHolidays: ['07-11'],
    });
    // 21 July 2026 (Tuesday) is the national holiday.
    expect(show(addBusinessTime(local('2026-07-20T16:00', BRU), 2 * H, gent), BRU)).toBe('2026-07-22T10:00');
    // 11 July 2025 is a Friday.
    expect(show(addBusinessTime(local('2025-07-10T16:00', BRU), 2 * H, gent), BRU)).toBe('2025-07-11T10:00');
    expect(show(addBusinessTime(local('2025-07-10T16:00', BRU), 2 * H, gentFlemish), BRU)).toBe('2025-07-14T10:00');
    // Easter Sunday and the observances are not closed days; Belgium has no 26 December holiday.
    expect(gent.closedDays(2026).has('2026-12-26')).toBe(false);
  });

  it('honours extra closed days set by managers', () => {
    const cal = new BusinessCalendar({ ...defaultCalendarSpec(AMS), closedDates: ['2026-11-23'] });
    expect(show(addBusinessTime(local('2026-11-20T16:00'), 2 * H, cal))).toBe('2026-11-24T10:00');
  });

  it.each([
    [AMS, '2026-03-28T00:00', '2026-03-30T00:00', 47],
    [AMS, '2026-10-24T00:00', '2026-10-26T00:00', 49],
    [BRU, '2026-03-28T00:00', '2026-03-30T00:00', 47],
    [BRU, '2026-10-24T00:00', '2026-10-26T00:00', 49],
  ])('counts real hours over the DST Sunday in %s (%s → %s = %i h)', (zone, from, to, hours) => {
    const cal = new BusinessCalendar({ ...ALWAYS, timeZone: zone });
    expect(businessDurationBetween(local(from, zone), local(to, zone), cal)).toBe(hours * H);
    expect(show(addBusinessTime(local(from, zone), hours * H, cal), zone)).toBe(to.replace('T00:00', 'T00:00'));
  });

  it('handles slots that touch the skipped and the repeated hour', () => {
    const sunday = (zone: string) =>
      new BusinessCalendar({ timeZone: zone, weeklyHours: { sun: [{ start: '01:00', end: '04:00' }] } });
    // Spring forward: 02:00-03:00 does not exist, so the slot lasts two hours.
    expect(businessDurationBetween(local('2026-03-29T00:00'), local('2026-03-29T12:00'), sunday(AMS))).toBe(2 * H);
    // Fall back: 02:00-03:00 happens twice, so the slot lasts four hours.
    expect(businessDurationBetween(local('2026-10-25T00:00', BRU), local('2026-10-25T12:00', BRU), sunday(BRU))).toBe(
      4 * H,
    );
    // A slot wholly inside the skipped hour moves forward with the clocks (03:15-03:45), like an alarm.
    const spring = new BusinessCalendar({
      timeZone: AMS,
      weeklyHours: { sun: [{ start: '02:15', end: '02:45' }], mon: OFFICE_DAY },
    });
    expect(businessDurationBetween(local('2026-03-29T00:00'), local('2026-03-29T23:00'), spring)).toBe(H / 2);
    expect(show(addBusinessTime(local('2026-03-29T00:00'), H / 2, spring))).toBe('2026-03-29T03:45');
  });

  it('refuses calendars without opening hours or with overlapping slots', () => {
    expect(validateCalendarSpec({ timeZone: AMS, weeklyHours: {} })).toContain('the calendar has no opening hours');
    expect(validateCalendarSpec({ timeZone: 'Mars/Olympus', weeklyHours: { mon: OFFICE_DAY } }).join()).toMatch(
      /time zone/,
    );
    expect(
      validateCalendarSpec({
        timeZone: AMS,
        weeklyHours: {
          mon: [
            { start: '09:00', end: '13:00' },
            { start: '12:00', end: '17:00' },
          ],
        },
      }).join(),
    ).toMatch(/overlap/);
    expect(
      () => new BusinessCalendar({ timeZone: AMS, weeklyHours: { mon: [{ start: '10:00', end: '09:00' }] } }),
    ).toThrow();
  });
});

describe('business calendar: properties', () => {
  const specs: CalendarSpec[] = [
    defaultCalendarSpec(AMS),
    {
      ...defaultCalendarSpec(BRU),
      holidayState: 'VLG',
      optInHolidays: ['07-11'],
      closedDates: ['2026-06-01', '2027-01-04'],
    },
    ALWAYS,
    // Odd slots around the DST switch hours, on weekends too.
    {
      timeZone: BRU,
      weeklyHours: {
        sun: [{ start: '01:30', end: '03:30' }],
        sat: [{ start: '22:00', end: '24:00' }],
        wed: [{ start: '00:00', end: '00:01' }],
      },
      holidayCountry: 'BE',
    },
  ];
  const calendars = specs.map((s) => new BusinessCalendar(s));
  const cal = fc.integer({ min: 0, max: calendars.length - 1 }).map((i) => calendars[i]);
  // 2024–2028 covers several DST switches, Easters and Christmases.
  const instant = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2028, 11, 31) });
  const duration = fc.integer({ min: 0, max: 400 * H });
  const runs = { numRuns: 300 };

  it('measures back exactly what it added', () => {
    fc.assert(
      fc.property(cal, instant, duration, (c, a, d) => c.between(a, c.add(a, d)) === d),
      runs,
    );
  });

  it('never goes back in time and is monotonic in start and duration', () => {
    fc.assert(
      fc.property(cal, instant, instant, duration, duration, (c, a1, a2, d1, d2) => {
        const [a, b] = a1 <= a2 ? [a1, a2] : [a2, a1];
        const [x, y] = d1 <= d2 ? [d1, d2] : [d2, d1];
        return c.add(a, x) >= a && c.add(a, x) <= c.add(a, y) && c.add(a, x) <= c.add(b, x);
      }),
      runs,
    );
  });

  it('adds in steps the same as at once', () => {
    fc.assert(
      fc.property(cal, instant, duration, duration, (c, a, d1, d2) => c.add(c.add(a, d1), d2) === c.add(a, d1 + d2)),
      runs,
    );
  });

  it('splits durations additively and never counts more than wall time', () => {
    fc.assert(
      fc.property(cal, instant, instant, instant, (c, x, y, z) => {
        const [a, b, d] = [x, y, z].sort((p, q) => p - q);
        const ab = c.between(a, b);
        return ab + c.between(b, d) === c.between(a, d) && ab >= 0 && ab <= b - a && c.between(b, a) === -ab;
      }),
      runs,
    );
  });

  it('counts wall-clock time for a calendar that is always open', () => {
    const always = calendars[2];
    fc.assert(
      fc.property(instant, duration, (a, d) => always.add(a, d) === a + d),
      runs,
    );
  });

  it('lands inside opening hours or at a slot end when it adds something', () => {
    fc.assert(
      fc.property(cal, instant, fc.integer({ min: 1, max: 400 * H }), (c, a, d) => {
        const due = c.add(a, d);
        return c.isOpen(due - 1);
      }),
      runs,
    );
  });
});
