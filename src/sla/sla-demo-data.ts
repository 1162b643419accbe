import { EntityManager } from 'typeorm';
import { WEEKDAY_OFFICE_HOURS } from './calendar-defaults';
import * as sql from '../database/sql';

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
    await sql.exec(
      m,
      `INSERT INTO sla_calendar (region_id, weekly_hours, holiday_country, holiday_state, opt_in_holidays)
       SELECT id, $2, $3, $4, $5 FROM region WHERE code = $1 ON CONFLICT (region_id) DO NOTHING`,
      [code, JSON.stringify(hours), c.country, c.state ?? null, c.optIn ?? []],
    );
  }
  for (const [code, topic, crisis, first, next, wall, warn] of DEMO_POLICIES) {
    await sql.exec(
      m,
      `INSERT INTO sla_policy (region_id, topic_code, crisis, first_reply_minutes, next_reply_minutes, wall_clock, warn_percent)
       SELECT id, $2, $3, $4, $5, $6, $7 FROM region WHERE code = $1
       ON CONFLICT (region_id, COALESCE(topic_code, ''), crisis) DO NOTHING`,
      [code, topic, crisis, first, next, wall, warn],
    );
  }
}
