import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { type AuditEntry, recordAudit } from '../audit/audit.service';
import { JobsService } from '../jobs/jobs.service';
import { BusinessCalendar, CalendarSpec, Slot, Weekday } from './business-calendar';
import { defaultCalendarSpec } from './calendar-defaults';
import { Language, translate } from '../common/i18n/i18n';
import { InputInvalidException } from '../common/validation';
import { dueStatus, dueStatusKey } from './due-format';
import { Clock, dueAt, Pause, runningTime, WALL_CLOCK } from './due-time';
import { SLA_RECOMPUTE_QUEUE, type SlaRecomputeJob } from './sla-recompute';
import {
  DEFAULT_CRISIS_POLICY,
  DEFAULT_POLICY,
  PolicyRow,
  ReplyTarget,
  resolvePolicy,
  SlaPolicy,
  targetMs,
} from './sla-policy';
import * as store from './sla.repository';
import type { ManagedRegion, RegionSlaRow } from './sla.repository';

export { regionSql, type ManagedRegion, type RegionSlaRow } from './sla.repository';

/** What due times are computed from: the case's facts as the cases module stores them. */
export interface CaseSlaFacts {
  topic_code: string | null;
  crisis: boolean;
  sla_target: ReplyTarget | null;
  sla_started_at: Date | null;
}

/** A target's outcome when a reply goes out (the cases module records it as sla.met or sla.missed). */
export interface SlaVerdict {
  met: boolean;
  dueAt: Date | null;
  wallSeconds: number;
  businessSeconds: number;
  wallClock: boolean;
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

/**
 * SLA calculates; it writes no case. From a region's calendar and policies, a case's facts (topic,
 * crisis flag, running target and when its clock started) and its pause ledger, it answers due and
 * warning times and a reply's verdict (docs/sla.md); the cases module stores them on the case and
 * records the events. SLA owns its own tables: calendars, closed days, policies and the pause
 * ledger. A policy or calendar change queues a recompute job in the same transaction; the cases
 * module works it (it owns the due-time columns), so a manager's save never waits on a region's cases.
 */
@Injectable()
export class SlaService implements OnModuleInit {
  /** Built calendars by their spec: building a year of intervals is the only costly part. */
  private readonly calendars = new Map<string, BusinessCalendar>();

  constructor(
    private readonly db: DataSource,
    private readonly jobs: JobsService,
  ) {}

  onModuleInit(): void {
    this.jobs.defineQueue(SLA_RECOMPUTE_QUEUE, {
      name: SLA_RECOMPUTE_QUEUE,
      // 'short': one queued job per region (singletonKey) at a time; a save while one waits adds nothing.
      policy: 'short',
      retryLimit: 5,
      retryBackoff: true,
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

  /** Whether the running target was met by a reply at `now` (pure, given the loaded data); null when none runs. */
  verdict(region: RegionSla, c: CaseSlaFacts, pauses: Pause[], now: Date): SlaVerdict | null {
    if (!c.sla_target || !c.sla_started_at) return null;
    const policy = resolvePolicy(region.policies, c.topic_code, c.crisis);
    const start = c.sla_started_at.getTime();
    const due = dueAt(this.clockOf(region, policy), start, targetMs(policy, c.sla_target), pauses);
    return {
      met: due !== null && now.getTime() <= due,
      dueAt: due === null ? null : new Date(due),
      wallSeconds: Math.round((now.getTime() - start) / 1000),
      businessSeconds: Math.round(runningTime(region.calendar, start, now.getTime(), pauses) / 1000),
      wallClock: policy.wallClock,
    };
  }

  /** Due and warning instants for a case's running target (pure, given the loaded data). */
  dueTimes(region: RegionSla, c: CaseSlaFacts, pauses: Pause[]): DueTimes {
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
    const row = await store.regionSlaRow(m, regionId);
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
    const policies: PolicyRow[] = row.policies.map((p: RegionSlaRow['policies'][number]) => ({
      topicCode: p.topic_code,
      crisis: p.crisis,
      firstReplyMinutes: p.first_reply_minutes,
      nextReplyMinutes: p.next_reply_minutes,
      wallClock: p.wall_clock,
      warnPercent: p.warn_percent,
    }));
    return { timeZone: row.time_zone, calendar, policies };
  }

  // ---- Managers' settings ----------------------------------------------------------------

  /** A region's SLA settings as managers see them (the default calendar when none is stored). */
  async settings(regionId: number): Promise<RegionSlaSettings> {
    const row = await store.regionCalendar(this.db, regionId);
    const fallback = defaultCalendarSpec(row.time_zone);
    const closed = await store.recentClosedDays(this.db, regionId);
    const region = await this.region(this.db.manager, regionId);
    return {
      region: row.code,
      timeZone: row.time_zone,
      calendar: {
        isDefault: !row.weekly_hours,
        weeklyHours: row.weekly_hours ?? fallback.weeklyHours,
        holidayCountry: row.weekly_hours ? row.holiday_country : (fallback.holidayCountry ?? null),
        holidayState: row.weekly_hours ? row.holiday_state : null,
        optInHolidays: row.weekly_hours ? (row.opt_in_holidays ?? []) : [],
      },
      closedDays: closed,
      policies: region.policies,
      defaults: { policy: DEFAULT_POLICY, crisisPolicy: DEFAULT_CRISIS_POLICY },
    };
  }

  /**
   * The region with this code when it is in the caller's organisation (`organisationId`,
   * organisationParam: null for the platform admin, every region), else null: another
   * organisation's region is not found.
   */
  async managedRegion(
    code: string,
    organisationId: number | null,
  ): Promise<{ id: number; organisationId: number } | null> {
    return (await store.managedRegion(this.db, code, organisationId)) ?? null;
  }

  /** The regions whose settings the caller keeps: their organisation's (the platform admin: all), with the organisation's name. */
  async managedRegions(organisationId: number | null): Promise<ManagedRegion[]> {
    return store.managedRegions(this.db, organisationId);
  }

  /** Creates or replaces a policy (an unknown topic: InputInvalidException); open cases of the region follow it. */
  async savePolicy(
    regionId: number,
    scope: { topic: string | null; crisis: boolean },
    policy: SlaPolicy,
    audit: AuditEntry,
  ): Promise<void> {
    if (scope.topic && !(await store.topicExists(this.db, scope.topic)))
      throw new InputInvalidException({ topic: ['validation.topic.invalid'] });
    await this.db.transaction(async (m) => {
      await store.upsertPolicy(m, regionId, scope, policy, audit.actorId);
      await recordAudit(m, audit);
      await this.queueRecompute(m, regionId);
    });
  }

  /** Creates or replaces a region's calendar (validated first); open cases follow it from now on. */
  async saveCalendar(
    regionId: number,
    spec: Omit<CalendarSpec, 'timeZone' | 'closedDates'>,
    audit: AuditEntry,
  ): Promise<void> {
    new BusinessCalendar({ ...spec, timeZone: await store.timeZoneOf(this.db, regionId) });
    await this.db.transaction(async (m) => {
      await store.upsertCalendar(m, regionId, spec, audit.actorId);
      await recordAudit(m, audit);
      await this.queueRecompute(m, regionId);
    });
  }

  /** The active topics in their order (a policy may be for one). */
  async topicCodes(): Promise<string[]> {
    return store.activeTopicCodes(this.db);
  }

  /** A closed day taken back (nothing happens when it was not there); open cases follow. */
  async removeClosedDay(regionId: number, day: string, audit: AuditEntry): Promise<void> {
    await this.db.transaction(async (m) => {
      if (!(await store.deleteClosedDay(m, regionId, day))) return;
      await recordAudit(m, audit);
      await this.queueRecompute(m, regionId);
    });
  }

  /** An extra closed day (`YYYY-MM-DD`, local to the region). */
  async addClosedDay(regionId: number, day: string, reason: string | undefined, audit: AuditEntry): Promise<void> {
    await this.db.transaction(async (m) => {
      await store.insertClosedDay(m, regionId, day, reason ?? null);
      await recordAudit(m, audit);
      await this.queueRecompute(m, regionId);
    });
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
      const ids = await store.regionIdsByCode(this.db, codes);
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

  /** Queues the recompute of a region's open cases in the caller's transaction (worked by the cases module). */
  private queueRecompute(m: EntityManager, regionId: number): Promise<unknown> {
    const job: SlaRecomputeJob = { regionId };
    // One pending job per region is enough: it reads the settings as they are when it runs.
    return this.jobs.sendInTransaction(m, SLA_RECOMPUTE_QUEUE, job, { singletonKey: String(regionId) });
  }

  // ---- The pause ledger (waiting on the help-seeker stops the clock) ---------------------

  /** Opens a pause unless one is open; true when it opened one. */
  async openPause(m: EntityManager, caseId: string, now: Date): Promise<boolean> {
    return store.openPause(m, caseId, now);
  }

  /** Ends the open pause, if any; true when it ended one. */
  async endPause(m: EntityManager, caseId: string, now: Date): Promise<boolean> {
    return store.endPause(m, caseId, now);
  }

  /** A case's pauses, oldest first. */
  async pauses(m: EntityManager, caseId: string): Promise<Pause[]> {
    return (await this.pausesOf(m, [caseId])).get(caseId) ?? [];
  }

  /** The pauses of many cases at once (a region's recompute batch). */
  async pausesOf(m: EntityManager, caseIds: string[]): Promise<Map<string, Pause[]>> {
    const rows = await store.pausesOf(m, caseIds);
    const pauses = new Map<string, Pause[]>();
    for (const p of rows) {
      const list = pauses.get(p.case_id) ?? [];
      list.push({ startedAt: p.started_at.getTime(), endedAt: p.ended_at ? p.ended_at.getTime() : null });
      pauses.set(p.case_id, list);
    }
    return pauses;
  }
}
