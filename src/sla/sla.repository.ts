import * as sql from '../database/sql';
import type { CalendarSpec, Slot, Weekday } from './business-calendar';
import type { SlaPolicy } from './sla-policy';

/**
 * SLA's own store (docs/data-layer.md): calendars, closed days, policies and the pause ledger,
 * plus the region facts a clock needs. SlaService calculates over what this file reads; it writes
 * only SLA's tables, in the transaction the service passes in.
 */

/** A row of regionSql: what a region's clock and targets are made of. */
export interface RegionSlaRow {
  time_zone: string;
  weekly_hours: Partial<Record<Weekday, Slot[]>> | null;
  holiday_country: 'NL' | 'BE' | null;
  holiday_state: string | null;
  opt_in_holidays: string[] | null;
  closed: string[] | null;
  policies: {
    topic_code: string | null;
    crisis: boolean;
    first_reply_minutes: number;
    next_reply_minutes: number;
    wall_clock: boolean;
    warn_percent: number;
  }[];
}

/** A region's code with its stored calendar columns (null without a calendar of its own), for the settings page. */
export type RegionCalendarRow = Pick<
  RegionSlaRow,
  'time_zone' | 'weekly_hours' | 'holiday_country' | 'holiday_state' | 'opt_in_holidays'
> & { code: string };

/** A region as the SLA settings pages list it. */
export interface ManagedRegion {
  code: string;
  name: string;
  timeZone: string;
  /** The organisation's name. */
  organisation: string;
  /** Whether the region has opening hours of its own (else the default calendar). */
  customCalendar: boolean;
  /** Closed days from today on. */
  closedDays: number;
}

/**
 * The query for a region's SLA settings (calendar, closed days and policies in one row), for the
 * region whose id is the SQL expression `regionId` (a placeholder, or a column of an outer query
 * so a caller can fetch them in the same round trip as the region itself).
 */
export function regionSql(regionId: string): string {
  return `SELECT r.time_zone, c.weekly_hours, c.holiday_country, c.holiday_state, c.opt_in_holidays,
              (SELECT COALESCE(array_agg(to_char(d.day, 'YYYY-MM-DD') ORDER BY d.day), '{}') FROM sla_closed_day d WHERE d.region_id = r.id) AS closed,
              (SELECT COALESCE(json_agg(json_build_object('topic_code', p.topic_code, 'crisis', p.crisis, 'first_reply_minutes', p.first_reply_minutes,
                        'next_reply_minutes', p.next_reply_minutes, 'wall_clock', p.wall_clock, 'warn_percent', p.warn_percent)), '[]')
                 FROM sla_policy p WHERE p.region_id = r.id) AS policies
         FROM region r LEFT JOIN sla_calendar c ON c.region_id = r.id WHERE r.id = ${regionId}`;
}

export function regionSlaRow(m: sql.Db, regionId: number): Promise<RegionSlaRow | undefined> {
  return sql.one<RegionSlaRow>(m, regionSql('$1'), [regionId]);
}

// ---- Managers' settings ------------------------------------------------------------------

export function regionCalendar(db: sql.Db, regionId: number): Promise<RegionCalendarRow> {
  return sql.only<RegionCalendarRow>(
    db,
    `SELECT r.code, r.time_zone, c.weekly_hours, c.holiday_country, c.holiday_state, c.opt_in_holidays
         FROM region r LEFT JOIN sla_calendar c ON c.region_id = r.id WHERE r.id = $1`,
    [regionId],
  );
}

/** Closed days from a month ago on, as `YYYY-MM-DD`. */
export function recentClosedDays(db: sql.Db, regionId: number): Promise<{ day: string; reason: string | null }[]> {
  return sql.rows<{ day: string; reason: string | null }>(
    db,
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, reason FROM sla_closed_day WHERE region_id = $1 AND day >= CURRENT_DATE - 31 ORDER BY day`,
    [regionId],
  );
}

/** The region with this code within `organisationId` (null: every organisation). */
export function managedRegion(
  db: sql.Db,
  code: string,
  organisationId: number | null,
): Promise<{ id: number; organisationId: number } | undefined> {
  return sql.one<{ id: number; organisationId: number }>(
    db,
    `SELECT id, organisation_id AS "organisationId" FROM region WHERE code = $1 AND ($2::int IS NULL OR organisation_id = $2::int)`,
    [code, organisationId],
  );
}

export function managedRegions(db: sql.Db, organisationId: number | null): Promise<ManagedRegion[]> {
  return sql.rows<ManagedRegion>(
    db,
    `SELECT r.code, r.name, r.time_zone AS "timeZone", o.name AS organisation,
              EXISTS (SELECT 1 FROM sla_calendar c WHERE c.region_id = r.id) AS "customCalendar",
              (SELECT count(*)::int FROM sla_closed_day d WHERE d.region_id = r.id AND d.day >= CURRENT_DATE) AS "closedDays"
         FROM region r JOIN organisation o ON o.id = r.organisation_id
        WHERE $1::int IS NULL OR r.organisation_id = $1::int
        ORDER BY o.name, r.name`,
    [organisationId],
  );
}

export async function topicExists(db: sql.Db, code: string): Promise<boolean> {
  return (await sql.rows<{ '?column?': number }>(db, `SELECT 1 FROM topic WHERE code = $1`, [code])).length > 0;
}

/** The active topics in their order. */
export async function activeTopicCodes(db: sql.Db): Promise<string[]> {
  const rows = await sql.rows<{ code: string }>(db, `SELECT code FROM topic WHERE active ORDER BY sort_order, code`);
  return rows.map((r) => r.code);
}

export async function upsertPolicy(
  m: sql.Db,
  regionId: number,
  scope: { topic: string | null; crisis: boolean },
  policy: SlaPolicy,
  updatedBy: string | null,
): Promise<void> {
  await sql.exec(
    m,
    `INSERT INTO sla_policy (region_id, topic_code, crisis, first_reply_minutes, next_reply_minutes, wall_clock, warn_percent, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (region_id, COALESCE(topic_code, ''), crisis) DO UPDATE SET
         first_reply_minutes = EXCLUDED.first_reply_minutes, next_reply_minutes = EXCLUDED.next_reply_minutes,
         wall_clock = EXCLUDED.wall_clock, warn_percent = EXCLUDED.warn_percent, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [
      regionId,
      scope.topic,
      scope.crisis,
      policy.firstReplyMinutes,
      policy.nextReplyMinutes,
      policy.wallClock,
      policy.warnPercent,
      updatedBy,
    ],
  );
}

export async function timeZoneOf(db: sql.Db, regionId: number): Promise<string> {
  return (await sql.only<{ time_zone: string }>(db, `SELECT time_zone FROM region WHERE id = $1`, [regionId]))
    .time_zone;
}

export async function upsertCalendar(
  m: sql.Db,
  regionId: number,
  spec: Omit<CalendarSpec, 'timeZone' | 'closedDates'>,
  updatedBy: string | null,
): Promise<void> {
  await sql.exec(
    m,
    `INSERT INTO sla_calendar (region_id, weekly_hours, holiday_country, holiday_state, opt_in_holidays, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (region_id) DO UPDATE SET weekly_hours = EXCLUDED.weekly_hours, holiday_country = EXCLUDED.holiday_country,
         holiday_state = EXCLUDED.holiday_state, opt_in_holidays = EXCLUDED.opt_in_holidays, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [
      regionId,
      JSON.stringify(spec.weeklyHours),
      spec.holidayCountry ?? null,
      spec.holidayState ?? null,
      spec.optInHolidays ?? [],
      updatedBy,
    ],
  );
}

/** True when there was such a closed day. */
export async function deleteClosedDay(m: sql.Db, regionId: number, day: string): Promise<boolean> {
  const removed = await sql.only<{ n: number }>(
    m,
    `WITH d AS (DELETE FROM sla_closed_day WHERE region_id = $1 AND day = $2::date RETURNING 1) SELECT count(*)::int AS n FROM d`,
    [regionId, day],
  );
  return removed.n > 0;
}

export async function insertClosedDay(m: sql.Db, regionId: number, day: string, reason: string | null): Promise<void> {
  await sql.exec(
    m,
    `INSERT INTO sla_closed_day (region_id, day, reason) VALUES ($1, $2, $3) ON CONFLICT (region_id, day) DO NOTHING`,
    [regionId, day, reason],
  );
}

export function regionIdsByCode(db: sql.Db, codes: string[]): Promise<{ id: number; code: string }[]> {
  return sql.rows<{ id: number; code: string }>(db, `SELECT id, code FROM region WHERE code = ANY($1::text[])`, [
    codes,
  ]);
}

// ---- The pause ledger --------------------------------------------------------------------

/** True when it opened a pause (none was open). */
export async function openPause(m: sql.Db, caseId: string, now: Date): Promise<boolean> {
  const rows = await sql.rows<{ id: string }>(
    m,
    `INSERT INTO sla_pause (case_id, started_at) VALUES ($1, $2) ON CONFLICT (case_id) WHERE ended_at IS NULL DO NOTHING RETURNING id`,
    [caseId, now],
  );
  return rows.length > 0;
}

/** True when it ended an open pause. */
export async function endPause(m: sql.Db, caseId: string, now: Date): Promise<boolean> {
  const ended = await sql.count(
    m,
    `UPDATE sla_pause SET ended_at = GREATEST(started_at, $2::timestamptz) WHERE case_id = $1 AND ended_at IS NULL`,
    [caseId, now],
  );
  return ended > 0;
}

export function pausesOf(
  m: sql.Db,
  caseIds: string[],
): Promise<{ case_id: string; started_at: Date; ended_at: Date | null }[]> {
  return sql.rows<{ case_id: string; started_at: Date; ended_at: Date | null }>(
    m,
    `SELECT case_id, started_at, ended_at FROM sla_pause WHERE case_id = ANY($1::uuid[]) ORDER BY started_at`,
    [caseIds],
  );
}
