import { Injectable, NotFoundException } from '@nestjs/common';
import { organisationParam, StaffIdentity } from '../auth/staff-identity';
import { InputInvalidException, validateInput } from '../common/validation';
import { CalendarError } from './business-calendar';
import { CalendarDto, ClosedDayDto, PolicyDto } from './sla.dto';
import { RegionSlaSettings, SlaService } from './sla.service';

const notFound = () => new NotFoundException({ code: 'not_found', message: 'errors.notFound' });
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date (`2026-02-30` is not one, nor is anything Date.parse merely tolerates). */
export function isDay(day: string): boolean {
  if (!DAY.test(day)) return false;
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

/**
 * The SLA settings as staff change them, for the API and the pages alike: a region's calendar,
 * closed days and policies, for regions of the caller's organisation only (managers and
 * org-admins; the platform admin any). Another organisation's region is not found. Each change is
 * audited in the region's organisation's trail, so its org-admin sees it whoever made it.
 */
@Injectable()
export class SlaSettingsService {
  constructor(private readonly sla: SlaService) {}

  async regions(staff: StaffIdentity) {
    return this.sla.managedRegions(organisationParam(staff));
  }

  async settings(staff: StaffIdentity, code: string): Promise<RegionSlaSettings> {
    return this.sla.settings((await this.region(staff, code)).id);
  }

  /** Each change checks the region first: another organisation's region is 404 whatever the input. */
  async saveCalendar(staff: StaffIdentity, code: string, body: unknown): Promise<void> {
    const r = await this.region(staff, code);
    const dto = validateInput(CalendarDto, body, { rejectUnknown: true });
    try {
      await this.sla.saveCalendar(
        r.id,
        {
          weeklyHours: dto.weeklyHours,
          holidayCountry: dto.holidayCountry ?? null,
          holidayState: dto.holidayState ?? null,
          optInHolidays: dto.optInHolidays ?? [],
        },
        {
          actorId: staff.id,
          action: 'sla.change',
          organisationId: r.organisationId,
          data: { region: code, what: 'calendar' },
        },
      );
    } catch (e) {
      if (e instanceof CalendarError) throw new InputInvalidException({ weeklyHours: ['sla.invalid.calendar'] });
      throw e;
    }
  }

  async savePolicy(staff: StaffIdentity, code: string, body: unknown): Promise<void> {
    const r = await this.region(staff, code);
    const dto = validateInput(PolicyDto, body, { rejectUnknown: true });
    const topic = dto.topic ?? null;
    await this.sla.savePolicy(
      r.id,
      { topic, crisis: dto.crisis },
      {
        firstReplyMinutes: dto.firstReplyMinutes,
        nextReplyMinutes: dto.nextReplyMinutes,
        wallClock: dto.wallClock ?? false,
        warnPercent: dto.warnPercent ?? 75,
      },
      {
        actorId: staff.id,
        action: 'sla.change',
        organisationId: r.organisationId,
        data: { region: code, what: 'policy', topic, crisis: dto.crisis },
      },
    );
  }

  async addClosedDay(staff: StaffIdentity, code: string, body: unknown): Promise<void> {
    const r = await this.region(staff, code);
    const dto = validateInput(ClosedDayDto, body, { rejectUnknown: true });
    if (!isDay(dto.day)) throw new InputInvalidException({ day: ['sla.invalid.day'] });
    await this.sla.addClosedDay(r.id, dto.day, dto.reason?.trim() || undefined, {
      actorId: staff.id,
      action: 'sla.change',
      organisationId: r.organisationId,
      data: { region: code, what: 'closed-day', day: dto.day },
    });
  }

  async removeClosedDay(staff: StaffIdentity, code: string, day: string): Promise<void> {
    const r = await this.region(staff, code);
    if (!isDay(day)) throw notFound();
    await this.sla.removeClosedDay(r.id, day, {
      actorId: staff.id,
      action: 'sla.change',
      organisationId: r.organisationId,
      data: { region: code, what: 'closed-day-removed', day },
    });
  }

  /** The active topics, for a topic policy's choice. */
  async topicCodes(): Promise<string[]> {
    return this.sla.topicCodes();
  }

  private async region(staff: StaffIdentity, code: string): Promise<{ id: number; organisationId: number }> {
    const r = await this.sla.managedRegion(code, organisationParam(staff));
    if (!r) throw notFound();
    return r;
  }
}
