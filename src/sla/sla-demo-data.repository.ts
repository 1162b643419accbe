import * as sql from '../database/sql';
import type { Slot, Weekday } from './business-calendar';

/**
 * The SQL of the SLA demo data (docs/data-layer.md): a region's demo calendar and policies, each
 * inserted only where the region has none yet. seedSlaDemoData keeps what the demo contains.
 */

/** A demo calendar for the region with this code, unless it has one. */
export async function insertDemoCalendar(
  m: sql.Db,
  regionCode: string,
  hours: Partial<Record<Weekday, Slot[]>>,
  holidayCountry: 'NL' | 'BE',
  holidayState: string | null,
  optInHolidays: string[],
): Promise<void> {
  await sql.exec(
    m,
    `INSERT INTO sla_calendar (region_id, weekly_hours, holiday_country, holiday_state, opt_in_holidays)
       SELECT id, $2, $3, $4, $5 FROM region WHERE code = $1 ON CONFLICT (region_id) DO NOTHING`,
    [regionCode, JSON.stringify(hours), holidayCountry, holidayState, optInHolidays],
  );
}

/** A demo policy for the region with this code (topic null: every topic), unless it has that one. */
export async function insertDemoPolicy(
  m: sql.Db,
  regionCode: string,
  topicCode: string | null,
  crisis: boolean,
  firstReplyMinutes: number,
  nextReplyMinutes: number,
  wallClock: boolean,
  warnPercent: number,
): Promise<void> {
  await sql.exec(
    m,
    `INSERT INTO sla_policy (region_id, topic_code, crisis, first_reply_minutes, next_reply_minutes, wall_clock, warn_percent)
       SELECT id, $2, $3, $4, $5, $6, $7 FROM region WHERE code = $1
       ON CONFLICT (region_id, COALESCE(topic_code, ''), crisis) DO NOTHING`,
    [regionCode, topicCode, crisis, firstReplyMinutes, nextReplyMinutes, wallClock, warnPercent],
  );
}
