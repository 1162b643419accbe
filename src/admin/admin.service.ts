import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { isAdmin, organisationParam, organisationScopeSql, StaffIdentity } from '../auth/staff-identity';
import { StaffSessionService } from '../auth/staff-session.service';
import { InputInvalidException } from '../common/validation';
import { OrganisationsService } from '../organisations/organisations.service';
import { createStaffUser, Role, ROLES, StaffUserError } from '../staff/staff-users';
import * as sql from '../database/sql';

export interface RegionRow {
  id: number;
  code: string;
  name: string;
  timeZone: string;
  fallback: boolean;
  /** The code of the organisation the region belongs to. */
  organisation: string;
  /** Days waiting on the help-seeker before the case closes by itself; null: never. */
  autoCloseDays: number | null;
  ranges: { id: number; country: 'NL' | 'BE'; from: number; to: number }[];
  staffCount: number;
  /** Active workers and supervisors: people who can answer a case on their own. */
  answerers: number;
  hasCalendar: boolean;
}

export interface StaffRow {
  id: string;
  email: string;
  displayName: string;
  role: string;
  active: boolean;
  regions: string[];
  /** The code of the user's organisation; null for a platform admin. */
  organisation: string | null;
  totp: boolean;
  locked: boolean;
}

/** Who acts: the platform admin runs everything, an org-admin only their own organisation. */
export type Actor = Pick<StaffIdentity, 'id' | 'role' | 'organisation'>;

/** The roles an actor may give: an org-admin never makes a platform admin. */
export function assignableRoles(actor: Pick<StaffIdentity, 'role'>): Role[] {
  return isAdmin(actor) ? [...ROLES] : ROLES.filter((r) => r !== 'admin');
}

export interface TopicRow {
  code: string;
  sortOrder: number;
  active: boolean;
}

const CODE = /^[a-z][a-z0-9-]{1,39}$/;
const TIME_ZONES = ['Europe/Amsterdam', 'Europe/Brussels'];

function pgError(e: unknown): { code?: string; constraint?: string } {
  return e instanceof QueryFailedError
    ? ((e as unknown as { driverError: { code?: string; constraint?: string } }).driverError ?? {})
    : {};
}

/**
 * The admin's operations: regions and their postcode ranges, staff users and their region
 * memberships, topics. Every change is audited. The database guards the invariants (no
 * overlapping ranges, one fallback region, unique codes and e-mail addresses); its refusals
 * become field messages here. Reads and changes of regions and staff take the actor's
 * organisation scope in SQL (`organisationParam`): an org-admin's view of another organisation's
 * region or staff member is "not found". Creating regions, postcode ranges, moving regions between
 * organisations and topics are the platform admin's (the controllers guard the role).
 */
@Injectable()
export class AdminService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly sessions: StaffSessionService,
    private readonly organisations: OrganisationsService,
  ) {}

  // ---- Regions and postcode ranges ---------------------------------------------------------

  async regions(scope: number | null): Promise<RegionRow[]> {
    return sql.rows<RegionRow>(
      this.db,
      `SELECT r.id, r.code, r.name, r.time_zone AS "timeZone", r.is_fallback AS fallback, r.auto_close_days AS "autoCloseDays",
              (SELECT o.code FROM organisation o WHERE o.id = r.organisation_id) AS organisation,
              COALESCE((SELECT json_agg(json_build_object('id', p.id, 'country', p.country, 'from', p.range_from, 'to', p.range_to) ORDER BY p.country, p.range_from)
                          FROM postcode_range p WHERE p.region_id = r.id), '[]') AS ranges,
              (SELECT count(*)::int FROM staff_region sr WHERE sr.region_id = r.id) AS "staffCount",
              (SELECT count(*)::int FROM staff_region sr JOIN staff_user u ON u.id = sr.staff_user_id
                WHERE sr.region_id = r.id AND u.active AND u.role IN ('worker', 'supervisor')) AS "answerers",
              EXISTS (SELECT 1 FROM sla_calendar k WHERE k.region_id = r.id) AS "hasCalendar"
         FROM region r WHERE ${organisationScopeSql('r.organisation_id', 1)} ORDER BY r.is_fallback, r.name`,
      [scope],
    );
  }

  async createRegion(
    adminId: string,
    input: { code: string; name: string; timeZone?: string; organisation?: string },
  ): Promise<{ code: string }> {
    const fields: Record<string, string[]> = {};
    const code = input.code?.trim().toLowerCase();
    const name = input.name?.trim();
    const timeZone = input.timeZone || 'Europe/Amsterdam';
    if (!code || !CODE.test(code)) fields.code = ['admin.region.codeInvalid'];
    if (!name || name.length > 120) fields.name = ['admin.region.nameInvalid'];
    if (!TIME_ZONES.includes(timeZone)) fields.timeZone = ['admin.region.timeZoneInvalid'];
    if (Object.keys(fields).length) throw new InputInvalidException(fields);
    return this.db.transaction(async (m) => {
      // No organisation named: the default one (a single-organisation installation never names it).
      const organisationId = input.organisation
        ? await this.organisations.idOf(input.organisation, null, m).catch(() => {
            throw new InputInvalidException({ organisation: ['organisations.invalid.organisation'] });
          })
        : null;
      const rows = await sql.rows<{ id: number; organisation_id: number | null }>(
        m,
        `INSERT INTO region (code, name, time_zone, organisation_id) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING RETURNING id, organisation_id`,
        [code, name, timeZone, organisationId],
      );
      if (!rows[0]) throw new InputInvalidException({ code: ['admin.region.codeTaken'] });
      await this.audit.record(m, {
        actorId: adminId,
        action: 'region.change',
        organisationId: rows[0].organisation_id,
        data: { op: 'create', region: code },
      });
      return { code };
    });
  }

  async updateRegion(
    actor: Actor,
    code: string,
    input: { name?: string; timeZone?: string; autoCloseDays?: number | null; organisation?: string },
  ): Promise<void> {
    const fields: Record<string, string[]> = {};
    if (input.name !== undefined && (!input.name.trim() || input.name.trim().length > 120))
      fields.name = ['admin.region.nameInvalid'];
    if (input.timeZone !== undefined && !TIME_ZONES.includes(input.timeZone))
      fields.timeZone = ['admin.region.timeZoneInvalid'];
    const a = input.autoCloseDays;
    if (a !== undefined && a !== null && (!Number.isInteger(a) || a < 1 || a > 365))
      fields.autoCloseDays = ['admin.region.autoCloseDaysInvalid'];
    // Which organisation a region belongs to is the platform's to decide.
    if (input.organisation !== undefined && !isAdmin(actor))
      throw new ForbiddenException({ code: 'forbidden', message: 'errors.http403' });
    if (Object.keys(fields).length) throw new InputInvalidException(fields);
    await this.db.transaction(async (m) => {
      // autoCloseDays: absent keeps it, null switches auto-close off for the region.
      const rows = await sql.rows<{ organisation_id: number }>(
        m,
        `UPDATE region SET name = COALESCE($2, name), time_zone = COALESCE($3, time_zone),
                auto_close_days = CASE WHEN $4 THEN $5::int ELSE auto_close_days END
          WHERE code = $1 AND ${organisationScopeSql('organisation_id', 6)} RETURNING id, organisation_id`,
        [
          code,
          input.name?.trim() ?? null,
          input.timeZone ?? null,
          a !== undefined,
          a ?? null,
          organisationParam(actor),
        ],
      );
      if (!rows[0]) throw new NotFoundException();
      // The trail of the organisation the region belongs to (now), also for the platform admin's changes.
      let organisationId = rows[0].organisation_id;
      if (input.organisation !== undefined) {
        organisationId = await this.organisations.idOf(input.organisation, null, m).catch(() => {
          throw new InputInvalidException({ organisation: ['organisations.invalid.organisation'] });
        });
        await this.organisations.moveRegions(m, organisationId, [code]);
      }
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'region.change',
        organisationId,
        data: { op: 'update', region: code },
      });
    });
  }

  /**
   * Adds a postcode range. The exclusion constraint `postcode_range_no_overlap` refuses a range
   * that overlaps another in the same country; the message then names the range in the way.
   */
  async addRange(
    adminId: string,
    code: string,
    input: { country: string; from: number; to: number },
  ): Promise<{ id: number; overlaps?: string }> {
    const fields: Record<string, string[]> = {};
    if (!['NL', 'BE'].includes(input.country)) fields.country = ['validation.country.invalid'];
    if (!Number.isInteger(input.from) || input.from < 1000 || input.from > 9999) fields.from = ['admin.range.bounds'];
    if (!Number.isInteger(input.to) || input.to < 1000 || input.to > 9999) fields.to = ['admin.range.bounds'];
    if (!fields.from && !fields.to && input.from > input.to) fields.to = ['admin.range.order'];
    if (Object.keys(fields).length) throw new InputInvalidException(fields);
    return this.db.transaction(async (m) => {
      const region = await sql.one<{ id: number }>(m, `SELECT id FROM region WHERE code = $1`, [code]);
      if (!region) throw new NotFoundException();
      try {
        const row = await sql.only<{ id: number }>(
          m,
          `INSERT INTO postcode_range (region_id, country, range_from, range_to) VALUES ($1, $2, $3, $4) RETURNING id`,
          [region.id, input.country, input.from, input.to],
        );
        await this.audit.record(m, {
          actorId: adminId,
          action: 'region.change',
          data: { op: 'add-range', region: code, country: input.country, from: input.from, to: input.to },
        });
        return { id: row.id };
      } catch (e) {
        if (pgError(e).constraint === 'postcode_range_no_overlap')
          throw new RangeOverlapException(await this.overlapping(input));
        throw e;
      }
    });
  }

  private async overlapping(r: { country: string; from: number; to: number }): Promise<string[]> {
    const rows = await sql.rows<{ name: string; country: string; range_from: number; range_to: number }>(
      this.db,
      `SELECT g.name, p.country, p.range_from, p.range_to FROM postcode_range p JOIN region g ON g.id = p.region_id
        WHERE p.country = $1 AND int4range(p.range_from, p.range_to, '[]') && int4range($2, $3, '[]') ORDER BY p.range_from`,
      [r.country, r.from, r.to],
    );
    return rows.map((x) => `${x.country} ${x.range_from}–${x.range_to} (${x.name})`);
  }

  async deleteRange(adminId: string, id: number): Promise<void> {
    // Range ids are PostgreSQL integers: a larger number is no range, not a query error.
    if (!Number.isInteger(id) || id < 1 || id > 2147483647) throw new NotFoundException();
    await this.db.transaction(async (m) => {
      const rows = await sql.rows<{ region_id: number }>(
        m,
        `DELETE FROM postcode_range WHERE id = $1 RETURNING region_id, country, range_from, range_to`,
        [id],
      );
      if (!rows[0]) throw new NotFoundException();
      await this.audit.record(m, {
        actorId: adminId,
        action: 'region.change',
        data: { op: 'delete-range', rangeId: id },
      });
    });
  }

  // ---- Staff users and memberships ---------------------------------------------------------

  /** Staff within the scope (null: everyone); an org-admin never sees platform admins or other organisations. */
  async users(scope: number | null, id?: string): Promise<StaffRow[]> {
    return sql.rows<StaffRow>(
      this.db,
      `SELECT u.id, u.email, u.display_name AS "displayName", u.role, u.active, u.totp_enabled_at IS NOT NULL AS totp,
              COALESCE(u.locked_until > now(), false) AS locked,
              (SELECT o.code FROM organisation o WHERE o.id = u.organisation_id) AS organisation,
              COALESCE((SELECT array_agg(r.code ORDER BY r.code) FROM staff_region sr JOIN region r ON r.id = sr.region_id WHERE sr.staff_user_id = u.id), '{}') AS regions
         FROM staff_user u
        WHERE ${organisationScopeSql('u.organisation_id', 1)} AND ($2::uuid IS NULL OR u.id = $2::uuid)
        ORDER BY u.active DESC, u.display_name`,
      [scope, id ?? null],
    );
  }

  async user(id: string, scope: number | null): Promise<StaffRow> {
    const [u] = await this.users(scope, this.uuid(id));
    if (!u) throw new NotFoundException();
    return u;
  }

  /**
   * A new account with a temporary password (shown once) that must be changed at first login. An
   * org-admin's new staff join the org-admin's organisation; the platform admin's the one their
   * regions belong to, or the one named (an org-admin needs no region).
   */
  async createUser(
    actor: Actor,
    input: { email: string; displayName?: string; role: string; regions: string[]; organisation?: string },
  ): Promise<{ id: string; temporaryPassword: string }> {
    const scope = organisationParam(actor);
    if (!(assignableRoles(actor) as string[]).includes(input.role))
      throw new InputInvalidException({ role: ['admin.user.roleInvalid'] });
    // An org-admin names no other organisation than their own (nor learns whether another exists).
    if (scope !== null && input.organisation !== undefined && input.organisation !== actor.organisation?.code)
      throw new InputInvalidException({ organisation: ['organisations.invalid.organisation'] });
    const organisationCode = scope !== null ? actor.organisation?.code : input.organisation || undefined;
    const temporaryPassword = randomBytes(12).toString('base64url');
    let id: string;
    try {
      ({ id } = await createStaffUser(
        this.db,
        {
          email: input.email ?? '',
          displayName: input.displayName,
          role: input.role as Role,
          regionCodes: input.regions ?? [],
          organisationCode,
          password: temporaryPassword,
        },
        async (m, newId) => {
          await sql.exec(m, `UPDATE staff_user SET must_change_password = true WHERE id = $1`, [newId]);
          await this.audit.record(m, {
            actorId: actor.id,
            action: 'user.create',
            targetUserId: newId,
            // The new member's organisation's trail, also when the platform admin creates them.
            organisationId: (
              await sql.only<{ organisation_id: number | null }>(
                m,
                `SELECT organisation_id FROM staff_user WHERE id = $1`,
                [newId],
              )
            ).organisation_id,
            data: { role: input.role, regions: input.regions ?? [] },
          });
        },
      ));
    } catch (e) {
      if (!(e instanceof StaffUserError)) throw e;
      throw new InputInvalidException(staffUserErrorField(e.message, scope !== null));
    }
    return { id, temporaryPassword };
  }

  /** Changes name, role, active flag and region memberships; deactivating ends the user's sessions. */
  async updateUser(
    actor: Actor,
    id: string,
    input: { displayName?: string; role?: string; active?: boolean; regions?: string[] },
  ): Promise<void> {
    const scope = organisationParam(actor);
    const fields: Record<string, string[]> = {};
    if (input.role !== undefined && !(assignableRoles(actor) as string[]).includes(input.role))
      fields.role = ['admin.user.roleInvalid'];
    if (input.displayName !== undefined && (!input.displayName.trim() || input.displayName.length > 120))
      fields.displayName = ['admin.user.nameInvalid'];
    if (id === actor.id && (input.active === false || (input.role !== undefined && input.role !== actor.role)))
      fields.role = ['admin.user.notYourself'];
    // Within the scope first: another organisation's member is not found, whatever else is wrong.
    const found = await sql.rows<{ id: string }>(
      this.db,
      `SELECT id FROM staff_user WHERE id = $1 AND ${organisationScopeSql('organisation_id', 2)}`,
      [this.uuid(id), scope],
    );
    if (!found[0]) throw new NotFoundException();
    if (Object.keys(fields).length) throw new InputInvalidException(fields);
    await this.db.transaction(async (m: EntityManager) => {
      const u = await sql.one<{ id: string; role: string; organisation_id: number | null }>(
        m,
        `SELECT id, role, organisation_id FROM staff_user WHERE id = $1 AND ${organisationScopeSql('organisation_id', 2)} FOR UPDATE`,
        [id, scope],
      );
      if (!u) throw new NotFoundException();
      const role = input.role ?? u.role;
      await sql.exec(
        m,
        `UPDATE staff_user SET display_name = COALESCE($2, display_name), role = $3, active = COALESCE($4, active) WHERE id = $1`,
        [id, input.displayName?.trim() ?? null, role, input.active ?? null],
      );
      if (input.regions !== undefined) {
        // Only the actor's regions exist for them; a member works in their own organisation's regions only.
        const regions = await sql.rows<{ id: number; code: string; organisation_id: number }>(
          m,
          `SELECT id, code, organisation_id FROM region WHERE code = ANY($1::text[]) AND ${organisationScopeSql('organisation_id', 2)}`,
          [input.regions, scope],
        );
        if (regions.length !== new Set(input.regions).size)
          throw new InputInvalidException({ regions: ['admin.user.regionsInvalid'] });
        const { organisation_id: memberOf } = await sql.only<{ organisation_id: number | null }>(
          m,
          `SELECT organisation_id FROM staff_user WHERE id = $1`,
          [id],
        );
        if (memberOf !== null && regions.some((r) => r.organisation_id !== memberOf))
          throw new InputInvalidException({ regions: ['admin.organisations.regionsOfOwnOrganisation'] });
        await sql.exec(m, `DELETE FROM staff_region WHERE staff_user_id = $1`, [id]);
        for (const r of regions)
          await sql.exec(m, `INSERT INTO staff_region (staff_user_id, region_id) VALUES ($1, $2)`, [id, r.id]);
      }
      const { n } = await sql.only<{ n: number }>(
        m,
        `SELECT count(*)::int AS n FROM staff_region WHERE staff_user_id = $1`,
        [id],
      );
      // An org-admin works for the whole organisation and needs no region of their own.
      if (role !== 'admin' && role !== 'org-admin' && n === 0)
        throw new InputInvalidException({ regions: ['admin.user.regionsInvalid'] });
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'user.update',
        targetUserId: id,
        organisationId: u.organisation_id,
        data: { role, active: input.active ?? null, regions: input.regions ?? null },
      });
    });
    if (input.active === false) await this.sessions.endAllOf(id);
  }

  private uuid(id: string): string {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new NotFoundException();
    return id;
  }

  // ---- Topics ------------------------------------------------------------------------------

  async topics(): Promise<TopicRow[]> {
    return sql.rows<TopicRow>(
      this.db,
      `SELECT code, sort_order AS "sortOrder", active FROM topic ORDER BY sort_order, code`,
    );
  }

  async createTopic(adminId: string, input: { code: string; sortOrder?: number }): Promise<void> {
    const code = input.code?.trim().toLowerCase();
    if (!code || !CODE.test(code)) throw new InputInvalidException({ code: ['admin.topic.codeInvalid'] });
    await this.db.transaction(async (m) => {
      const rows = await sql.rows<{ code: string }>(
        m,
        `INSERT INTO topic (code, sort_order) VALUES ($1, COALESCE($2, (SELECT COALESCE(max(sort_order), 0) + 1 FROM topic))) ON CONFLICT (code) DO NOTHING RETURNING code`,
        [code, input.sortOrder ?? null],
      );
      if (!rows[0]) throw new InputInvalidException({ code: ['admin.topic.codeTaken'] });
      await this.audit.record(m, { actorId: adminId, action: 'topic.change', data: { op: 'create', topic: code } });
    });
  }

  /** Topics are switched off, never deleted: old cases keep theirs. */
  async updateTopic(adminId: string, code: string, input: { active?: boolean; sortOrder?: number }): Promise<void> {
    if (input.sortOrder !== undefined && (!Number.isInteger(input.sortOrder) || Math.abs(input.sortOrder) > 100000))
      throw new InputInvalidException({ sortOrder: ['admin.topic.sortInvalid'] });
    await this.db.transaction(async (m) => {
      const rows = await sql.rows<{ code: string }>(
        m,
        `UPDATE topic SET active = COALESCE($2, active), sort_order = COALESCE($3, sort_order) WHERE code = $1 RETURNING code`,
        [code, input.active ?? null, input.sortOrder ?? null],
      );
      if (!rows[0]) throw new NotFoundException();
      await this.audit.record(m, {
        actorId: adminId,
        action: 'topic.change',
        data: { op: 'update', topic: code, active: input.active ?? null },
      });
    });
  }
}

/** A refusal of createStaffUser as a field message; `scoped`: an org-admin, who names no other organisation. */
function staffUserErrorField(msg: string, scoped: boolean): Record<string, string[]> {
  if (/already exists/.test(msg)) return { email: ['admin.user.emailTaken'] };
  if (/e-mail address/i.test(msg)) return { email: ['admin.user.emailInvalid'] };
  if (/Unknown role/.test(msg)) return { role: ['admin.user.roleInvalid'] };
  if (/Unknown organisation/.test(msg)) return { organisation: ['organisations.invalid.organisation'] };
  if (/belongs to no organisation/.test(msg)) return { organisation: ['admin.organisations.adminHasNone'] };
  if (/--organisation/.test(msg)) return { organisation: ['admin.organisations.organisationRequired'] };
  if (/one organisation only/.test(msg))
    return { regions: [scoped ? 'admin.user.regionsInvalid' : 'admin.organisations.regionsOfOwnOrganisation'] };
  return { regions: ['admin.user.regionsInvalid'] };
}

/** A postcode range that overlaps another: 400 `postcode_range_overlap` with a translated message; `overlaps` names the ranges in the way. */
export class RangeOverlapException extends InputInvalidException {
  constructor(readonly overlaps: string[]) {
    super({ from: ['admin.range.overlap'] }, 'postcode_range_overlap');
  }
}
