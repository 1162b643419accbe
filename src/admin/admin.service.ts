import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { isAdmin, organisationParam, StaffIdentity } from '../auth/staff-identity';
import { StaffSessionService } from '../auth/staff-session.service';
import { InputInvalidException } from '../common/validation';
import { OrganisationsService } from '../organisations/organisations.service';
import { createStaffUser, Role, ROLES, StaffUserError } from '../staff/staff-users';
import * as repo from './admin.repository';
import type { RegionRow, StaffRow, TopicRow } from './admin.repository';

export type { RegionRow, StaffRow, TopicRow } from './admin.repository';

/** Who acts: the platform admin runs everything, an org-admin only their own organisation. */
export type Actor = Pick<StaffIdentity, 'id' | 'role' | 'organisation'>;

/** The roles an actor may give: an org-admin never makes a platform admin. */
export function assignableRoles(actor: Pick<StaffIdentity, 'role'>): Role[] {
  return isAdmin(actor) ? [...ROLES] : ROLES.filter((r) => r !== 'admin');
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
    return repo.regions(this.db, scope);
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
      const region = await repo.insertRegion(m, { code, name, timeZone, organisationId });
      if (!region) throw new InputInvalidException({ code: ['admin.region.codeTaken'] });
      await this.audit.record(m, {
        actorId: adminId,
        action: 'region.change',
        organisationId: region.organisation_id,
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
      const updated = await repo.updateRegion(
        m,
        code,
        { name: input.name?.trim() ?? null, timeZone: input.timeZone ?? null, autoCloseDays: a },
        organisationParam(actor),
      );
      if (!updated) throw new NotFoundException();
      // The trail of the organisation the region belongs to (now), also for the platform admin's changes.
      let organisationId = updated.organisation_id;
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
      const regionId = await repo.regionIdOf(m, code);
      if (regionId === undefined) throw new NotFoundException();
      try {
        const id = await repo.insertRange(m, regionId, input);
        await this.audit.record(m, {
          actorId: adminId,
          action: 'region.change',
          data: { op: 'add-range', region: code, country: input.country, from: input.from, to: input.to },
        });
        return { id };
      } catch (e) {
        if (pgError(e).constraint === 'postcode_range_no_overlap')
          throw new RangeOverlapException(await this.overlapping(input));
        throw e;
      }
    });
  }

  private async overlapping(r: { country: string; from: number; to: number }): Promise<string[]> {
    const rows = await repo.rangesOverlapping(this.db, r);
    return rows.map((x) => `${x.country} ${x.range_from}–${x.range_to} (${x.name})`);
  }

  async deleteRange(adminId: string, id: number): Promise<void> {
    // Range ids are PostgreSQL integers: a larger number is no range, not a query error.
    if (!Number.isInteger(id) || id < 1 || id > 2147483647) throw new NotFoundException();
    await this.db.transaction(async (m) => {
      if (!(await repo.deleteRange(m, id))) throw new NotFoundException();
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
    return repo.users(this.db, scope, id ?? null);
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
          await repo.requirePasswordChange(m, newId);
          await this.audit.record(m, {
            actorId: actor.id,
            action: 'user.create',
            targetUserId: newId,
            // The new member's organisation's trail, also when the platform admin creates them.
            organisationId: await repo.organisationOfStaff(m, newId),
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
    if (!(await repo.staffInScope(this.db, this.uuid(id), scope))) throw new NotFoundException();
    if (Object.keys(fields).length) throw new InputInvalidException(fields);
    await this.db.transaction(async (m: EntityManager) => {
      const u = await repo.lockStaff(m, id, scope);
      if (!u) throw new NotFoundException();
      const role = input.role ?? u.role;
      await repo.updateStaff(m, id, {
        displayName: input.displayName?.trim() ?? null,
        role,
        active: input.active ?? null,
      });
      if (input.regions !== undefined) {
        // Only the actor's regions exist for them; a member works in their own organisation's regions only.
        const regions = await repo.regionsByCode(m, input.regions, scope);
        if (regions.length !== new Set(input.regions).size)
          throw new InputInvalidException({ regions: ['admin.user.regionsInvalid'] });
        const memberOf = await repo.organisationOfStaff(m, id);
        if (memberOf !== null && regions.some((r) => r.organisation_id !== memberOf))
          throw new InputInvalidException({ regions: ['admin.organisations.regionsOfOwnOrganisation'] });
        await repo.replaceStaffRegions(
          m,
          id,
          regions.map((r) => r.id),
        );
      }
      const n = await repo.staffRegionCount(m, id);
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
    return repo.topics(this.db);
  }

  async createTopic(adminId: string, input: { code: string; sortOrder?: number }): Promise<void> {
    const code = input.code?.trim().toLowerCase();
    if (!code || !CODE.test(code)) throw new InputInvalidException({ code: ['admin.topic.codeInvalid'] });
    await this.db.transaction(async (m) => {
      if (!(await repo.insertTopic(m, code, input.sortOrder ?? null)))
        throw new InputInvalidException({ code: ['admin.topic.codeTaken'] });
      await this.audit.record(m, { actorId: adminId, action: 'topic.change', data: { op: 'create', topic: code } });
    });
  }

  /** Topics are switched off, never deleted: old cases keep theirs. */
  async updateTopic(adminId: string, code: string, input: { active?: boolean; sortOrder?: number }): Promise<void> {
    if (input.sortOrder !== undefined && (!Number.isInteger(input.sortOrder) || Math.abs(input.sortOrder) > 100000))
      throw new InputInvalidException({ sortOrder: ['admin.topic.sortInvalid'] });
    await this.db.transaction(async (m) => {
      if (!(await repo.updateTopic(m, code, { active: input.active ?? null, sortOrder: input.sortOrder ?? null })))
        throw new NotFoundException();
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
