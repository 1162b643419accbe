import { EntityManager } from 'typeorm';
import { WEEKDAY_OFFICE_HOURS } from './calendar-defaults';
import { insertDemoCalendar, insertDemoPolicy } from './sla-demo-data.repository';

/** Demo calendars and policies, to show what regions can differ in. Leaves existing rows alone. */
const DEMO_CALENDARS: Record<string, { country: 'NL' | 'BE'; state?: string; optIn?: string[]; saturday?: boolean }> = {
  amsterdam: { country: 'NL', optIn: ['05-05'] },
  rotterdam: { country: 'NL' },
  utrecht: { country: 'NL' },
  gent: { country: 'BE', state: 'VLG', optIn: ['07-11'] },
  landelijk: { country: 'NL', saturday: true },
};

/** [region, topic, crisis, first reply minutes, next reply minutes, wall clock, warn %] */
const DEMO_POLICIES: [string, string | null, boolean, number, number, boolean, number][] = [
  ['amsterdam', null, false, 14 * 60, 14 * 60, false, 75],
  ['amsterdam', null, true, 4 * 60, 4 * 60, true, 50],
  ['rotterdam', null, false, 14 * 60, 14 * 60, false, 75],
  ['rotterdam', 'money', false, 21 * 60, 14 * 60, false, 75],
  ['rotterdam', null, true, 2 * 60, 2 * 60, false, 50],
  ['utrecht', null, false, 14 * 60, 14 * 60, false, 75],
  ['utrecht', null, true, 2 * 60, 2 * 60, false, 50],
  ['gent', null, false, 14 * 60, 14 * 60, false, 75],
  ['gent', null, true, 2 * 60, 2 * 60, false, 50],
  ['landelijk', null, false, 14 * 60, 14 * 60, false, 75],
  ['landelijk', null, true, 2 * 60, 2 * 60, false, 50],
];

export async function seedSlaDemoData(m: EntityManager): Promise<void> {
  for (const [code, c] of Object.entries(DEMO_CALENDARS)) {
    const hours = c.saturday
      ? { ...WEEKDAY_OFFICE_HOURS, sat: [{ start: '10:00', end: '14:00' }] }
      : WEEKDAY_OFFICE_HOURS;
    await insertDemoCalendar(m, code, hours, c.country, c.state ?? null, c.optIn ?? []);
  }
  for (const [code, topic, crisis, first, next, wall, warn] of DEMO_POLICIES) {
    await insertDemoPolicy(m, code, topic, crisis, first, next, wall, warn);
  }
}
