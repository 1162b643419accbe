import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { isAdmin, rolesAtLeast, StaffIdentity } from '../auth/staff-identity';
import { InputInvalidException } from '../common/validation';
import { Absence, absenceOf } from './absence';
import * as sql from '../database/sql';

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
    return absenceOf(this.db, staffUserId);
  }

  /** Whom the actor may set an absence for: themselves, or (supervisor and up) staff of their regions. 404 otherwise. */
  private async assertMayManage(actor: StaffIdentity, targetId: string): Promise<void> {
    if (targetId === actor.id) return;
    const notFound = new NotFoundException({ code: 'staff_not_found', message: 'absence.invalid.staff' });
    if (!rolesAtLeast('supervisor').includes(actor.role) || !UUID.test(targetId)) throw notFound;
    const ok = await sql.one<{ '?column?': number }>(
      this.db,
      `SELECT 1 FROM staff_user u WHERE u.id = $1 AND u.active
          AND ($2::int[] IS NULL OR EXISTS (SELECT 1 FROM staff_region sr WHERE sr.staff_user_id = u.id AND sr.region_id = ANY($2::int[])))`,
      [targetId, isAdmin(actor) ? null : actor.regionIds],
    );
    if (!ok) throw notFound;
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
        typeof sub === 'string' && UUID.test(sub) && sub !== targetId
          ? await sql.rows<{ '?column?': number }>(
              this.db,
              `SELECT 1 FROM staff_user s WHERE s.id = $1 AND s.active
                  AND EXISTS (SELECT 1 FROM staff_region a JOIN staff_region b ON b.region_id = a.region_id
                               WHERE a.staff_user_id = $2 AND b.staff_user_id = s.id)`,
              [sub, targetId],
            )
          : [];
      if (!ok.length) fields.substituteId = ['absence.invalid.substitute'];
    }
    if (Object.keys(fields).length) throw new InputInvalidException(fields);
    await this.db.transaction(async (m) => {
      await sql.exec(
        m,
        `INSERT INTO staff_absence (staff_user_id, starts_at, ends_at, substitute_id, set_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (staff_user_id) DO UPDATE SET starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
           substitute_id = EXCLUDED.substitute_id, set_by = EXCLUDED.set_by, updated_at = now()`,
        [targetId, from, to, sub, actor.id],
      );
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'absence.set',
        targetUserId: targetId,
        data: { from: from!.toISOString(), to: to!.toISOString(), substituteId: sub as string | null },
      });
    });
    return (await absenceOf(this.db, targetId))!;
  }

  async end(actor: StaffIdentity, targetId: string): Promise<void> {
    await this.assertMayManage(actor, targetId);
    await this.db.transaction(async (m) => {
      const { n } = await sql.only<{ n: number }>(
        m,
        `WITH d AS (DELETE FROM staff_absence WHERE staff_user_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM d`,
        [targetId],
      );
      if (n) await this.audit.record(m, { actorId: actor.id, action: 'absence.end', targetUserId: targetId });
    });
  }

  /** Colleagues away right now in the user's regions, for the inbox (names only, for staff). */
  async awayInRegions(
    staff: StaffIdentity,
  ): Promise<{ id: string; name: string; to: Date; substituteName: string | null }[]> {
    return sql.rows<{ id: string; name: string; to: Date; substituteName: string | null }>(
      this.db,
      `SELECT DISTINCT u.id, u.display_name AS name, a.ends_at AS "to", s.display_name AS "substituteName"
         FROM staff_absence a JOIN staff_user u ON u.id = a.staff_user_id AND u.active
         LEFT JOIN staff_user s ON s.id = a.substitute_id
        WHERE a.starts_at <= now() AND a.ends_at > now()
          AND ($1::int[] IS NULL OR EXISTS (SELECT 1 FROM staff_region sr WHERE sr.staff_user_id = u.id AND sr.region_id = ANY($1::int[])))
        ORDER BY name`,
      [isAdmin(staff) ? null : staff.regionIds],
    );
  }

  /** Staff the actor may set an absence for (supervisors and up), and possible substitutes: staff of the actor's regions. */
  async colleagues(staff: StaffIdentity): Promise<{ id: string; displayName: string }[]> {
    return sql.rows<{ id: string; displayName: string }>(
      this.db,
      `SELECT DISTINCT u.id, u.display_name AS "displayName" FROM staff_user u JOIN staff_region sr ON sr.staff_user_id = u.id
        WHERE u.active AND ($1::int[] IS NULL OR sr.region_id = ANY($1::int[])) ORDER BY "displayName"`,
      [isAdmin(staff) ? null : staff.regionIds],
    );
  }
}
