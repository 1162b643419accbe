import { DateTime } from 'luxon';
import { hasTranslation, translate } from '../../src/common/i18n/i18n';
import { BusinessCalendar } from '../../src/sla/business-calendar';
import { defaultCalendarSpec } from '../../src/sla/calendar-defaults';
import { dueStatus, dueStatusKey, formatDue, formatDueDated } from '../../src/sla/due-format';
import { WALL_CLOCK } from '../../src/sla/due-time';

const AMS = 'Europe/Amsterdam';
const at = (iso: string, zone = AMS) => DateTime.fromISO(iso, { zone }).toJSDate();

describe('showing due times', () => {
  const cal = new BusinessCalendar(defaultCalendarSpec(AMS));

  it('says the weekday and time in the region’s zone, in Dutch and English', () => {
    const now = at('2026-11-20T16:00');
    expect(formatDue(at('2026-11-24T14:00'), AMS, 'nl', now)).toBe('dinsdag 14:00');
    expect(formatDue(at('2026-11-24T14:00'), AMS, 'en', now)).toBe('Tuesday 14:00');
    // Beyond the coming week the date is added.
    expect(formatDue(at('2026-12-01T09:30'), AMS, 'nl', now)).toBe('dinsdag 1 december 09:30');
    // The same instant shown in another zone: 14:00 in Amsterdam is 13:00 UTC.
    expect(formatDue(at('2026-11-24T14:00'), 'UTC', 'en', now)).toBe('Tuesday 13:00');
  });

  it('always adds the date for a mail (read later), however near the time is', () => {
    const soon = new Date(Date.now() + 3_600_000);
    expect(formatDueDated(soon, AMS, 'nl')).toMatch(/^[a-z]+dag \d{1,2} [a-z]+ \d{2}:\d{2}$/);
    expect(formatDueDated(at('2026-11-24T14:00'), AMS, 'nl')).toBe('dinsdag 24 november 14:00');
    expect(formatDueDated(at('2026-11-24T14:00'), 'UTC', 'en')).toBe('Tuesday 24 November 13:00');
  });

  it('counts time left in working hours and lateness in wall-clock time', () => {
    // Friday 16:00 → Monday 11:00 is three working hours, not 67 wall-clock hours.
    const left = dueStatus(at('2026-11-23T11:00'), at('2026-11-20T16:00'), cal);
    expect(left).toEqual({ late: false, unit: 'hours', count: 3, working: true });
    expect(translate('nl', dueStatusKey(left).key, dueStatusKey(left).vars)).toBe('3 werkuren over');
    expect(translate('en', dueStatusKey(left).key, dueStatusKey(left).vars)).toBe('3 working hours left');
    const late = dueStatus(at('2026-11-20T17:00'), at('2026-11-23T09:00'), cal);
    expect(translate('nl', dueStatusKey(late).key, dueStatusKey(late).vars)).toBe('2 dagen te laat');
    const soon = dueStatus(at('2026-11-20T16:30'), at('2026-11-20T16:00'), WALL_CLOCK, false);
    expect(translate('en', dueStatusKey(soon).key, dueStatusKey(soon).vars)).toBe('30 minutes left');
    const one = dueStatus(at('2026-11-20T16:00'), at('2026-11-21T17:00'), cal);
    expect(translate('nl', dueStatusKey(one).key, dueStatusKey(one).vars)).toBe('1 dag te laat');
  });

  it('has a translation for every status it can produce', () => {
    for (const late of [false, true])
      for (const working of [false, true])
        for (const unit of ['minutes', 'hours', 'days'] as const)
          for (const count of [1, 2]) {
            if (!late && unit === 'days') continue;
            const { key } = dueStatusKey({ late, working, unit, count });
            expect([key, hasTranslation('nl', key), hasTranslation('en', key)]).toEqual([key, true, true]);
          }
  });
});
