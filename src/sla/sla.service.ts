import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { type AuditEntry, recordAudit } from '../audit/audit.service';
import { recordCaseEvent } from '../cases/case-events';
import { BusinessCalendar, CalendarSpec, Slot, Weekday } from './business-calendar';
import { defaultCalendarSpec } from './calendar-defaults';
import { Language, translate } from '../common/i18n/i18n';
import { dueStatus, dueStatusKey } from './due-format';
import { Clock, dueAt, Pause, runningTime, WALL_CLOCK } from './due-time';
import {
  DEFAULT_CRISIS_POLICY,
  DEFAULT_POLICY,
  PolicyRow,
  ReplyTarget,
  resolvePolicy,
  SlaPolicy,
  targetMs,
} from './sla-policy';

interface CaseSlaRow {
  id: string;
  region_id: number;
  topic_code: string | null;
  crisis: boolean;
  status: string;
  sla_target: ReplyTarget | null;
  sla_started_at: Date | null;
}

/** A region's clock and targets, loaded once per use. */
export interface RegionSla {
  timeZone: string;
  calendar: BusinessCalendar;
  policies: PolicyRow[];
}

export interface DueTimes {
  target: ReplyTarget | null;
  dueAt: Date | null;
  warnAt: Date | null;
}

export interface ExpectedReply {
  at: Date;
  timeZone: string;
}

export interface RegionSlaSettings {
  region: string;
  timeZone: string;
  calendar: Omit<CalendarSpec, 'timeZone' | 'closedDates'> & { isDefault: boolean };
  closedDays: { day: string; reason: string | null }[];
  policies: PolicyRow[];
  /** What applies where a region has no policy row. */
  defaults: { policy: SlaPolicy; crisisPolicy: SlaPolicy };
}

const CASE_COLUMNS = `id, region_id, topic_code, crisis, status, sla_target, sla_started_at`;

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

/**
 * Reply targets on cases: when a case is created or written to, a target starts; when a reply is
 * sent it is met or missed; waiting on the help-seeker pauses it; and any change of status,
 * region, crisis flag, policy or calendar recomputes the stored due times from the clock start,
 * the pause ledger and the policy as it is now (see docs/sla.md). Every method works inside the
 * caller's transaction and takes `now` from the caller, so tests control the clock.
 */
@Injectable()
export class SlaService {
  /** Built calendars by their spec: building a year of intervals is the only costly part. */
  private readonly calendars = new Map<string, BusinessCalendar>();

  constructor(private readonly db: DataSource) {}

  // ---- Events from the case's life -------------------------------------------------------

  /**
   * The help-seeker wrote again. A running target keeps its due time (writing again must not
   * push the answer later); with nothing owed, a next-reply target starts (a first-reply target
   * when the case was closed before anyone answered). A pause ends.
   */
  async onInboundMessage(m: EntityManager, caseId: string, now: Date): Promise<ExpectedReply | null> {
    const c = await this.loadCase(m, caseId);
    await this.endPause(m, c, now);
    if (c.sla_target) return this.recompute(m, caseId, now);
    // A reply sent is recorded by onReplySent as met or missed.
    const [{ answered }] = await m.query(
      `SELECT EXISTS (SELECT 1 FROM case_event WHERE case_id = $1 AND type IN ('sla.met', 'sla.missed')) AS answered`,
      [caseId],
    );
    return this.startTarget(m, caseId, answered ? 'next' : 'first', now);
  }

  /** A reply went out: the running target is met or missed, and nothing is owed until they write. */
  async onReplySent(m: EntityManager, caseId: string, now: Date, actorId?: string): Promise<void> {
    const c = await this.loadCase(m, caseId);
    await this.endPause(m, c, now);
    if (c.sla_target && c.sla_started_at) {
      const region = await this.region(m, c.region_id);
      const policy = resolvePolicy(region.policies, c.topic_code, c.crisis);
      const clock = this.clockOf(region, policy);
      const pauses = await this.pauses(m, caseId);
      const start = c.sla_started_at.getTime();
      const due = dueAt(clock, start, targetMs(policy, c.sla_target), pauses);
      const business = runningTime(region.calendar, start, now.getTime(), pauses);
      await recordCaseEvent(m, {
        caseId,
        type: due !== null && now.getTime() <= due ? 'sla.met' : 'sla.missed',
        regionId: c.region_id,
        actorId,
        occurredAt: now,
        wallSeconds: Math.round((now.getTime() - start) / 1000),
        businessSeconds: Math.round(business / 1000),
        data: {
          target: c.sla_target,
          dueAt: due === null ? null : new Date(due).toISOString(),
          crisis: c.crisis,
          wallClock: policy.wallClock,
        },
      });
    }
    await this.setTarget(m, caseId, null, null);
  }

  /**
   * Status changed (call after writing the new status): `waiting` opens a pause, leaving it
   * closes the pause, `closed` stops the clock without a met/missed verdict.
   */
  async onStatusChanged(
    m: EntityManager,
    caseId: string,
    from: string,
    to: string,
    now: Date,
    actorId?: string,
  ): Promise<ExpectedReply | null> {
    const c = await this.loadCase(m, caseId);
    if (from === 'waiting' && to !== 'waiting') await this.endPause(m, c, now);
    if (to === 'waiting' && from !== 'waiting') {
      const rows = await m.query(
        `INSERT INTO sla_pause (case_id, started_at) VALUES ($1, $2) ON CONFLICT (case_id) WHERE ended_at IS NULL DO NOTHING RETURNING id`,
        [caseId, now],
      );
      if (rows.length)
        await recordCaseEvent(m, { caseId, type: 'sla.paused', regionId: c.region_id, actorId, occurredAt: now });
    }
    if (to === 'closed') {
      if (c.sla_target)
        await recordCaseEvent(m, {
          caseId,
          type: 'sla.stopped',
          regionId: c.region_id,
          actorId,
          occurredAt: now,
          data: { target: c.sla_target },
        });
      await this.setTarget(m, caseId, null, null);
      return null;
    }
    return this.recompute(m, caseId, now);
  }

  /** The case moved to another region (call after writing region_id): its calendar and policy apply. */
  async onRegionChanged(m: EntityManager, caseId: string, now: Date): Promise<ExpectedReply | null> {
    return this.recompute(m, caseId, now);
  }

  /** Staff or triage set or cleared the crisis flag: the crisis policy applies or stops applying. */
  async setCrisis(
    m: EntityManager,
    caseId: string,
    crisis: boolean,
    now: Date,
    by: { actorId?: string; reason: string; source: 'triage' | 'staff' | 'self-report' },
  ): Promise<void> {
    // TypeORM answers an UPDATE with [rows, count].
    const [rows] = await m.query(
      `UPDATE cases SET crisis = $2, updated_at = $3 WHERE id = $1 AND crisis <> $2 RETURNING region_id`,
      [caseId, crisis, now],
    );
    const c = rows[0];
    if (!c) return;
    await this.recordCrisisChange(m, caseId, c.region_id, crisis, now, by);
    await this.recompute(m, caseId, now);
  }

  /** The case event of a crisis flag set at creation (the row was inserted with the flag). */
  async recordCrisisSet(
    m: EntityManager,
    caseId: string,
    regionId: number,
    now: Date,
    by: { actorId?: string; reason: string; source: 'triage' | 'staff' | 'self-report' },
  ): Promise<void> {
    await this.recordCrisisChange(m, caseId, regionId, true, now, by);
  }

  private async recordCrisisChange(
    m: EntityManager,
    caseId: string,
    regionId: number,
    crisis: boolean,
    now: Date,
    by: { actorId?: string; reason: string; source: 'triage' | 'staff' | 'self-report' },
  ): Promise<void> {
    await recordCaseEvent(m, {
      caseId,
      type: crisis ? 'case.crisis_set' : 'case.crisis_cleared',
      regionId,
      actorId: by.actorId,
      occurredAt: now,
      data: { source: by.source, reason: by.reason.slice(0, 200) },
    });
  }

  /**
   * The first-reply target of a case about to be created, for its region's settings (loaded with
   * regionSql in the caller's query): due and warning times under the region's calendar and the
   * policy for its topic and crisis flag. The intake hot path writes them with the case row.
   */
  firstTargetIn(
    region: RegionSla,
    topic: string | null,
    crisis: boolean,
    now: Date,
  ): { dueAt: Date | null; warnAt: Date | null; timeZone: string } {
    const due = this.dueTimes(region, { topic_code: topic, crisis, sla_target: 'first', sla_started_at: now }, []);
    return { dueAt: due.dueAt, warnAt: due.warnAt, timeZone: region.timeZone };
  }

  // ---- Computing and storing due times ---------------------------------------------------

  /** Stores the due times of the running target as the policy, calendar and pauses say now. */
  async recompute(m: EntityManager, caseId: string, _now?: Date): Promise<ExpectedReply | null> {
    const c = await this.loadCase(m, caseId);
    const region = await this.region(m, c.region_id);
    const due = this.dueTimes(region, c, await this.pauses(m, caseId));
    await this.store(m, caseId, due);
    return due.dueAt ? { at: due.dueAt, timeZone: region.timeZone } : null;
  }

  /**
   * Recomputes every case with a running target in a region, in keyset batches with one UPDATE
   * per batch that writes only rows whose times change: what a policy or calendar change runs.
   * Returns the number of cases looked at.
   */
  async recomputeRegion(regionId: number, batchSize = 5000): Promise<number> {
    const region = await this.region(this.db.manager, regionId);
    let after = '00000000-0000-0000-0000-000000000000';
    let count = 0;
    for (;;) {
      // Each batch locks its rows while it reads and writes them, so a reply, status change or
      // transfer committed meanwhile is never overwritten with due times computed before it.
      const last = await this.db.transaction(async (m) => {
        const rows: (CaseSlaRow & {
          first_reply_due_at: Date | null;
          next_reply_due_at: Date | null;
          sla_check_at: Date | null;
        })[] = await m.query(
          `SELECT ${CASE_COLUMNS}, first_reply_due_at, next_reply_due_at, sla_check_at
             FROM cases WHERE region_id = $1 AND sla_target IS NOT NULL AND id > $2 ORDER BY id LIMIT $3 FOR UPDATE`,
          [regionId, after, batchSize],
        );
        if (!rows.length) return null;
        const ids = rows.map((r) => r.id);
        const pauseRows: { case_id: string; started_at: Date; ended_at: Date | null }[] = await m.query(
          `SELECT case_id, started_at, ended_at FROM sla_pause WHERE case_id = ANY($1::uuid[])`,
          [ids],
        );
        const pauses = new Map<string, Pause[]>();
        for (const p of pauseRows) {
          const list = pauses.get(p.case_id) ?? [];
          list.push({ startedAt: p.started_at.getTime(), endedAt: p.ended_at ? p.ended_at.getTime() : null });
          pauses.set(p.case_id, list);
        }
        // Only rows whose times change are written: most changes move few due times.
        const changed: string[] = [];
        const first: (Date | null)[] = [];
        const next: (Date | null)[] = [];
        const check: (Date | null)[] = [];
        const same = (a: Date | null, b: Date | null) =>
          a === null ? b === null : b !== null && a.getTime() === b.getTime();
        for (const r of rows) {
          const d = this.dueTimes(region, r, pauses.get(r.id) ?? []);
          const f = d.target === 'first' ? d.dueAt : null;
          const n = d.target === 'next' ? d.dueAt : null;
          if (same(f, r.first_reply_due_at) && same(n, r.next_reply_due_at) && same(d.warnAt, r.sla_check_at)) continue;
          changed.push(r.id);
          first.push(f);
          next.push(n);
          check.push(d.warnAt);
        }
        if (changed.length) {
          await m.query(
            `UPDATE cases c SET first_reply_due_at = u.first, next_reply_due_at = u.next, sla_check_at = u.check_at
               FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[]) AS u(id, first, next, check_at)
              WHERE c.id = u.id`,
            [changed, first, next, check],
          );
        }
        count += rows.length;
        return ids[ids.length - 1];
      });
      if (last === null) return count;
      after = last;
    }
  }

  /** Due and warning instants for a case's running target (pure, given the loaded data). */
  dueTimes(
    region: RegionSla,
    c: Pick<CaseSlaRow, 'topic_code' | 'crisis' | 'sla_target' | 'sla_started_at'>,
    pauses: Pause[],
  ): DueTimes {
    if (!c.sla_target || !c.sla_started_at) return { target: null, dueAt: null, warnAt: null };
    const policy = resolvePolicy(region.policies, c.topic_code, c.crisis);
    const clock = this.clockOf(region, policy);
    const start = c.sla_started_at.getTime();
    const ms = targetMs(policy, c.sla_target);
    const due = dueAt(clock, start, ms, pauses);
    const warn = due === null ? null : dueAt(clock, start, Math.round((ms * policy.warnPercent) / 100), pauses);
    return {
      target: c.sla_target,
      dueAt: due === null ? null : new Date(due),
      warnAt: warn === null ? null : new Date(warn),
    };
  }

  /** The region's calendar (built once per distinct spec) and policies. */
  async region(m: EntityManager, regionId: number): Promise<RegionSla> {
    const [row] = await m.query(regionSql('$1'), [regionId]);
    if (!row) throw new Error(`Unknown region ${regionId}`);
    return this.regionFromRow(row);
  }

  /** A region's settings from a row of regionSql (built calendars are shared by spec). */
  regionFromRow(row: RegionSlaRow): RegionSla {
    const spec: CalendarSpec = row.weekly_hours
      ? {
          timeZone: row.time_zone,
          weeklyHours: row.weekly_hours as Partial<Record<Weekday, Slot[]>>,
          holidayCountry: row.holiday_country ?? null,
          holidayState: row.holiday_state ?? null,
          optInHolidays: row.opt_in_holidays ?? [],
          closedDates: row.closed ?? [],
        }
      : { ...defaultCalendarSpec(row.time_zone), closedDates: row.closed ?? [] };
    const key = JSON.stringify(spec);
    let calendar = this.calendars.get(key);
    if (!calendar) {
      calendar = new BusinessCalendar(spec);
      if (this.calendars.size > 500) this.calendars.clear();
      this.calendars.set(key, calendar);
    }
    // Policies come with the calendar in one round trip (this runs for every new case).
    const policies: PolicyRow[] = row.policies.map(
      (p: {
        topic_code: string | null;
        crisis: boolean;
        first_reply_minutes: number;
        next_reply_minutes: number;
        wall_clock: boolean;
        warn_percent: number;
      }) => ({
        topicCode: p.topic_code,
        crisis: p.crisis,
        firstReplyMinutes: p.first_reply_minutes,
        nextReplyMinutes: p.next_reply_minutes,
        wallClock: p.wall_clock,
        warnPercent: p.warn_percent,
      }),
    );
    return { timeZone: row.time_zone, calendar, policies };
  }

  // ---- Managers' settings ----------------------------------------------------------------

  /** A region's SLA settings as managers see them (the default calendar when none is stored). */
  async settings(regionId: number): Promise<RegionSlaSettings> {
    const [row] = await this.db.query(
      `SELECT r.code, r.time_zone, c.weekly_hours, c.holiday_country, c.holiday_state, c.opt_in_holidays
         FROM region r LEFT JOIN sla_calendar c ON c.region_id = r.id WHERE r.id = $1`,
      [regionId],
    );
    const fallback = defaultCalendarSpec(row.time_zone);
    const closed: { day: string; reason: string | null }[] = await this.db.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, reason FROM sla_closed_day WHERE region_id = $1 AND day >= CURRENT_DATE - 31 ORDER BY day`,
      [regionId],
    );
    const region = await this.region(this.db.manager, regionId);
    return {
      region: row.code,
      timeZone: row.time_zone,
      calendar: {
        isDefault: !row.weekly_hours,
        weeklyHours: row.weekly_hours ?? fallback.weeklyHours,
        holidayCountry: row.weekly_hours ? row.holiday_country : (fallback.holidayCountry ?? null),
        holidayState: row.weekly_hours ? row.holiday_state : null,
        optInHolidays: row.weekly_hours ? row.opt_in_holidays : [],
      },
      closedDays: closed,
      policies: region.policies,
      defaults: { policy: DEFAULT_POLICY, crisisPolicy: DEFAULT_CRISIS_POLICY },
    };
  }

  /** Creates or replaces a policy; open cases of the region follow it from now on. */
  async savePolicy(
    regionId: number,
    scope: { topic: string | null; crisis: boolean },
    policy: SlaPolicy,
    audit: AuditEntry,
  ): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.query(
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
          audit.actorId,
        ],
      );
      await recordAudit(m, audit);
    });
    await this.recomputeRegion(regionId);
  }

  /** Creates or replaces a region's calendar (validated first); open cases follow it from now on. */
  async saveCalendar(
    regionId: number,
    spec: Omit<CalendarSpec, 'timeZone' | 'closedDates'>,
    audit: AuditEntry,
  ): Promise<void> {
    const [r] = await this.db.query(`SELECT time_zone FROM region WHERE id = $1`, [regionId]);
    new BusinessCalendar({ ...spec, timeZone: r.time_zone });
    await this.db.transaction(async (m) => {
      await m.query(
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
          audit.actorId,
        ],
      );
      await recordAudit(m, audit);
    });
    await this.recomputeRegion(regionId);
  }

  /** An extra closed day (`YYYY-MM-DD`, local to the region). */
  async addClosedDay(regionId: number, day: string, reason: string | undefined, audit: AuditEntry): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO sla_closed_day (region_id, day, reason) VALUES ($1, $2, $3) ON CONFLICT (region_id, day) DO NOTHING`,
        [regionId, day, reason ?? null],
      );
      await recordAudit(m, audit);
    });
    await this.recomputeRegion(regionId);
  }

  /**
   * "3 werkuren over" / "2 dagen te laat" for list rows, each counted on its own region's clock
   * (business hours, or wall clock for a crisis policy that says so). Null where nothing is due.
   */
  async dueLabels(
    rows: { regionCode: string; topic: string | null; crisis: boolean; due: Date | null }[],
    now: Date,
    lang: Language,
  ): Promise<(string | null)[]> {
    const codes = [...new Set(rows.filter((r) => r.due).map((r) => r.regionCode))];
    const regions = new Map<string, RegionSla>();
    if (codes.length) {
      const ids: { id: number; code: string }[] = await this.db.query(
        `SELECT id, code FROM region WHERE code = ANY($1::text[])`,
        [codes],
      );
      for (const r of ids) regions.set(r.code, await this.region(this.db.manager, r.id));
    }
    return rows.map((r) => {
      const region = regions.get(r.regionCode);
      if (!r.due || !region) return null;
      const policy = resolvePolicy(region.policies, r.topic, r.crisis);
      const { key, vars } = dueStatusKey(dueStatus(r.due, now, this.clockOf(region, policy), !policy.wallClock));
      return translate(lang, key, vars);
    });
  }

  // ---- Internals -------------------------------------------------------------------------

  private clockOf(region: RegionSla, policy: SlaPolicy): Clock {
    return policy.wallClock ? WALL_CLOCK : region.calendar;
  }

  private async startTarget(
    m: EntityManager,
    caseId: string,
    target: ReplyTarget,
    now: Date,
  ): Promise<ExpectedReply | null> {
    await this.setTarget(m, caseId, target, now);
    return this.recompute(m, caseId, now);
  }

  private async setTarget(
    m: EntityManager,
    caseId: string,
    target: ReplyTarget | null,
    startedAt: Date | null,
  ): Promise<void> {
    await m.query(
      `UPDATE cases SET sla_target = $2, sla_started_at = $3, first_reply_due_at = NULL, next_reply_due_at = NULL, sla_check_at = NULL WHERE id = $1`,
      [caseId, target, startedAt],
    );
  }

  private async store(m: EntityManager, caseId: string, d: DueTimes): Promise<void> {
    await m.query(`UPDATE cases SET first_reply_due_at = $2, next_reply_due_at = $3, sla_check_at = $4 WHERE id = $1`, [
      caseId,
      d.target === 'first' ? d.dueAt : null,
      d.target === 'next' ? d.dueAt : null,
      d.warnAt,
    ]);
  }

  private async endPause(m: EntityManager, c: CaseSlaRow, now: Date): Promise<void> {
    const [, ended] = await m.query(
      `UPDATE sla_pause SET ended_at = GREATEST(started_at, $2::timestamptz) WHERE case_id = $1 AND ended_at IS NULL`,
      [c.id, now],
    );
    if (ended) await recordCaseEvent(m, { caseId: c.id, type: 'sla.resumed', regionId: c.region_id, occurredAt: now });
  }

  private async loadCase(m: EntityManager, caseId: string): Promise<CaseSlaRow> {
    const [c] = await m.query(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1`, [caseId]);
    if (!c) throw new Error(`Unknown case ${caseId}`);
    return c;
  }

  private async pauses(m: EntityManager, caseId: string): Promise<Pause[]> {
    const rows: { started_at: Date; ended_at: Date | null }[] = await m.query(
      `SELECT started_at, ended_at FROM sla_pause WHERE case_id = $1 ORDER BY started_at`,
      [caseId],
    );
    return rows.map((p) => ({ startedAt: p.started_at.getTime(), endedAt: p.ended_at ? p.ended_at.getTime() : null }));
  }
}
