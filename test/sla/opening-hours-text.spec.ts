import { formatDayHours, hoursToMinutes, minutesToHours, parseDayHours } from '../../src/sla/opening-hours-text';

describe('opening hours as typed on the calendar page', () => {
  it('reads slots the way people write them', () => {
    expect(parseDayHours('09:00-12:30, 13:30-17:00')).toEqual([
      { start: '09:00', end: '12:30' },
      { start: '13:30', end: '17:00' },
    ]);
    expect(parseDayHours('9-17')).toEqual([{ start: '09:00', end: '17:00' }]);
    expect(parseDayHours('9.00 – 12.00; 13.00—17.30')).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '17:30' },
    ]);
    expect(parseDayHours('18:00 tot 24:00')).toEqual([{ start: '18:00', end: '24:00' }]);
    expect(parseDayHours('  ')).toEqual([]);
    expect(parseDayHours('')).toEqual([]);
  });

  it('refuses what is not a time range (order and overlap are the calendar’s own check)', () => {
    for (const bad of ['gesloten', '9', '9-', '25:00-26:00', '09:60-10:00', '24:30-24:45', '9-12-14', 'ma 9-17'])
      expect(parseDayHours(bad)).toBeNull();
    expect(parseDayHours('12:00-09:00')).toEqual([{ start: '12:00', end: '09:00' }]);
  });

  it('writes slots back the way the field shows them', () => {
    expect(formatDayHours(parseDayHours('9-12.30, 13:30-17') ?? [])).toBe('09:00-12:30, 13:30-17:00');
    expect(formatDayHours(undefined)).toBe('');
  });

  it('turns hours into whole minutes and back', () => {
    expect(hoursToMinutes('14')).toBe(840);
    expect(hoursToMinutes('1,5')).toBe(90);
    expect(hoursToMinutes(' 0.25 ')).toBe(15);
    for (const bad of ['', 'snel', '-1', '1,5,5', '1e3']) expect(hoursToMinutes(bad)).toBeNaN();
    expect(minutesToHours(840)).toBe('14');
    expect(minutesToHours(90)).toBe('1.5');
    expect(minutesToHours(100)).toBe('1.67');
  });
});
