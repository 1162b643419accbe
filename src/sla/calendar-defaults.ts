import { CalendarSpec, Slot, Weekday } from './business-calendar';

/** Office hours with a lunch gap: 09:00–12:30 and 13:30–17:00 (seven hours a day). */
export const OFFICE_DAY: Slot[] = [
  { start: '09:00', end: '12:30' },
  { start: '13:30', end: '17:00' },
];

export const WEEKDAY_OFFICE_HOURS: Partial<Record<Weekday, Slot[]>> = {
  mon: OFFICE_DAY,
  tue: OFFICE_DAY,
  wed: OFFICE_DAY,
  thu: OFFICE_DAY,
  fri: OFFICE_DAY,
};

/**
 * The calendar a region has until a manager sets one: weekday office hours and the public
 * holidays of the country its time zone belongs to. Every case therefore gets a due time.
 */
export function defaultCalendarSpec(timeZone: string): CalendarSpec {
  return {
    timeZone,
    weeklyHours: WEEKDAY_OFFICE_HOURS,
    holidayCountry: timeZone === 'Europe/Brussels' ? 'BE' : 'NL',
    holidayState: null,
    optInHolidays: [],
    closedDates: [],
  };
}
