import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { isAdmin, rolesAtLeast, StaffIdentity } from '../auth/staff-identity';
import { InputInvalidException } from '../common/validation';
import { Absence } from './absence';
import * as repo from './absence.repository';

export interface AbsenceInput {
  from?: unknown;
  to?: unknown;
  substituteId?: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_DAYS = 366;

/** A date (`2026-12-24`, the start of that day in UTC) or an ISO 8601 date-time. */
function parseMoment(v: unknown, endOfDay: boolean): Date | null {
  if (typeof v !== 'string' || v.length > 40) return null;
  const s = v.trim();
  const d = /^\d{4}-\d\d-\d\d$/.test(s)
    ? new Date(`${s}T00:00:00Z`)
    : /^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:?\d\d)?$/.test(s)
      ? new Date(s)
      : null;
  if (!d || Number.isNaN(d.getTime())) return null;
  // "until 2026-12-24" means through that day.
  return endOfDay && /^\d{4}-\d\d-\d\d$/.test(s) ? new Date(d.getTime() + 86_400_000) : d;
}

/**
 * Absence and hand-over (issue 17 item 4). A worker sets their own; a supervisor (and up) sets it
 * for staff of their regions. The substitute must be active and work in a region of the absent
 * person. Owns `staff_absence`; continuity, the inbox's "Collega afwezig" view and the SLA
 * warning recipients read it in their own queries.
 */
@Injectable()
export class AbsenceService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async get(staffUserId: string): Promise<Absence | null> {
    return repo.absenceOf(this.db, staffUserId);
  }

  /** Whom the actor may set an absence for: themselves, or (supervisor and up) staff of their regions. 404 otherwise. */
  private async assertMayManage(actor: StaffIdentity, targetId: string): Promise<void> {
    if (targetId === actor.id) return;
    const notFound = new NotFoundException({ code: 'staff_not_found', message: 'absence.invalid.staff' });
    if (!rolesAtLeast('supervisor').includes(actor.role) || !UUID.test(targetId)) throw notFound;
    if (!(await repo.activeInRegions(this.db, targetId, isAdmin(actor) ? null : actor.regionIds))) throw notFound;
  }

  async set(actor: StaffIdentity, targetId: string, input: AbsenceInput): Promise<Absence> {
    await this.assertMayManage(actor, targetId);
    const fields: Record<string, string[]> = {};
    const from = parseMoment(input.from, false);
    const to = parseMoment(input.to, true);
    if (!from) fields.from = ['absence.invalid.from'];
    if (!to || (from && to <= from) || to <= new Date()) fields.to = ['absence.invalid.to'];
    else if (from && to.getTime() - from.getTime() > MAX_DAYS * 86_400_000) fields.to = ['absence.invalid.tooLong'];
    const sub =
      input.substituteId === undefined || input.substituteId === null || input.substituteId === ''
        ? null
        : input.substituteId;
    if (sub !== null) {
      const ok =
        typeof sub === 'string' &&
        UUID.test(sub) &&
        sub !== targetId &&
        (await repo.maySubstitute(this.db, sub, targetId));
      if (!ok) fields.substituteId = ['absence.invalid.substitute'];
    }
    if (Object.keys(fields).length) throw new InputInvalidException(fields);
    // A substitute that is not a string was refused above.
    const substituteId = typeof sub === 'string' ? sub : null;
    await this.db.transaction(async (m) => {
      await repo.upsertAbsence(m, { staffUserId: targetId, from: from!, to: to!, substituteId, setBy: actor.id });
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'absence.set',
        targetUserId: targetId,
        data: { from: from!.toISOString(), to: to!.toISOString(), substituteId },
      });
    });
    return (await repo.absenceOf(this.db, targetId))!;
  }

  async end(actor: StaffIdentity, targetId: string): Promise<void> {
    await this.assertMayManage(actor, targetId);
    await this.db.transaction(async (m) => {
      if (await repo.deleteAbsence(m, targetId))
        await this.audit.record(m, { actorId: actor.id, action: 'absence.end', targetUserId: targetId });
    });
  }

  /** Colleagues away right now in the user's regions, for the inbox (names only, for staff). */
  async awayInRegions(
    staff: StaffIdentity,
  ): Promise<{ id: string; name: string; to: Date; substituteName: string | null }[]> {
    return repo.awayNow(this.db, isAdmin(staff) ? null : staff.regionIds);
  }

  /** Staff the actor may set an absence for (supervisors and up), and possible substitutes: staff of the actor's regions. */
  async colleagues(staff: StaffIdentity): Promise<{ id: string; displayName: string }[]> {
    return repo.activeStaffOfRegions(this.db, isAdmin(staff) ? null : staff.regionIds);
  }
}
