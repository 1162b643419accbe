import { Inject, Injectable, NotFoundException, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isAdmin, organisationParam, StaffIdentity } from '../auth/staff-identity';
import { InputInvalidException } from '../common/validation';
import { APP_CONFIG, AppConfig } from '../config/config';
import { ReferralInputDto } from './referral.dto';
import { DEMO_LOCAL_REFERRALS } from './referral-seed';
import * as repo from './referrals.repository';
import type { Referral, ReferralFields } from './referrals.repository';

export type { Referral };

/** Drops null columns so the JSON has only what an entry holds. */
function clean(row: Record<string, unknown>): Referral {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null)) as unknown as Referral;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The referral directory: local offices of a region beside national lines and online help.
 * An entry is the platform's (organisation_id null: national lines, online help, for everyone) or
 * one organisation's (for one of its regions, or organisation-wide). Staff read the platform's and
 * their own organisation's; managers and org-admins maintain their organisation's, the platform
 * admin everything. Another organisation's entry is simply not found.
 */
@Injectable()
export class ReferralsService implements OnApplicationBootstrap {
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The demo's invented local offices, only where the demo regions exist. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demo) return;
    for (const r of DEMO_LOCAL_REFERRALS) await repo.upsertDemoReferral(this.db, r);
  }

  /**
   * Entries for a region and topic: the region's own offices, then organisation-wide and national
   * entries of the region's country (every country for a region without postcodes, like the
   * fallback), with entries without topics matching every topic. Local first, then online, crisis
   * lines first. With a region, only the platform's entries and those of the region's organisation
   * (what the composer offers for a case there); `organisationId` narrows further to what a staff
   * user may see (organisationParam: null for the platform admin).
   */
  async list(
    filter: { region?: string; topic?: string; country?: string; organisationId?: number | null },
    m: EntityManager = this.db.manager,
  ): Promise<Referral[]> {
    // With the case's own country known (a Dutch case in the national team), entries of another
    // country are no help to it and are left out; without it, the region's countries decide.
    const rows = await repo.referralsFor(m, {
      region: filter.region || null,
      topic: filter.topic || null,
      country: filter.country || null,
      organisationId: filter.organisationId ?? null,
    });
    return rows.map(clean);
  }

  /** Region names by code, to show a name where an entry holds a code. */
  async regionNames(): Promise<{ code: string; name: string }[]> {
    return repo.regionNames(this.db);
  }

  /** The codes of the regions a staff user may give an entry: their organisation's (the platform admin: all). */
  async regionCodesOf(staff: StaffIdentity): Promise<string[]> {
    return repo.regionCodesInScope(this.db, organisationParam(staff));
  }

  /** The active topics, in their order, for the form's checkboxes. */
  async topicCodes(): Promise<string[]> {
    return repo.activeTopicCodes(this.db);
  }

  /**
   * Every entry a user may maintain (inactive ones too): their organisation's; the platform admin's
   * are all of them, the platform's own entries first.
   */
  async maintainable(staff: StaffIdentity): Promise<(Referral & { active: boolean })[]> {
    const rows = await repo.maintainableReferrals(this.db, organisationParam(staff));
    return rows.map((r) => ({ ...clean(r), active: r.active }));
  }

  /** One entry the user may maintain; another organisation's (or, for non-admins, the platform's): 404. */
  async get(staff: StaffIdentity, id: string): Promise<Referral & { active: boolean }> {
    const row = UUID.test(id) ? await repo.maintainableReferral(this.db, id, organisationParam(staff)) : undefined;
    if (!row) throw new NotFoundException({ code: 'referral_not_found', message: 'errors.http404' });
    return clean(row) as Referral & { active: boolean };
  }

  /**
   * The chosen entries by id, in the order given, for a reply on a case of organisation
   * `organisationId`: unknown, inactive or another organisation's ids are an input error.
   */
  async byIds(m: EntityManager, ids: string[], organisationId: number): Promise<Referral[]> {
    if (!ids.length) return [];
    if (ids.some((id) => !UUID.test(id))) throw new InputInvalidException({ referralIds: ['referrals.unknown'] });
    const rows: Referral[] = (await repo.activeVisibleByIds(m, ids, organisationId)).map(clean);
    if (rows.length !== new Set(ids).size) throw new InputInvalidException({ referralIds: ['referrals.unknown'] });
    return [...new Set(ids)].map((id) => rows.find((r) => r.id === id)!);
  }

  /**
   * A new entry. A manager's or org-admin's belongs to their organisation (for one of its regions,
   * or organisation-wide); the platform admin's to the region's organisation, else the platform.
   */
  async create(staff: StaffIdentity, input: ReferralInputDto): Promise<Referral> {
    const organisationId = await this.organisationFor(staff, input.regionCode ?? null, null);
    const id = await repo.insertReferral(this.db, this.fields(input, staff, organisationId));
    return this.one(id);
  }

  async update(staff: StaffIdentity, id: string, input: ReferralInputDto): Promise<Referral> {
    const existing = UUID.test(id)
      ? await repo.maintainableReferralOwner(this.db, id, organisationParam(staff))
      : undefined;
    if (!existing) throw new NotFoundException({ code: 'referral_not_found', message: 'errors.http404' });
    const organisationId = await this.organisationFor(staff, input.regionCode ?? null, existing.organisation_id);
    await repo.updateReferral(this.db, id, this.fields(input, staff, organisationId));
    return this.one(id);
  }

  private fields(i: ReferralInputDto, staff: StaffIdentity, organisationId: number | null): ReferralFields {
    return {
      name: i.name.trim(),
      kind: i.kind,
      regionCode: i.regionCode ?? null,
      country: i.country ?? null,
      topics: [...new Set(i.topics)],
      url: i.url ?? null,
      phone: i.phone ?? null,
      address: i.address ?? null,
      openingHours: i.openingHours ?? null,
      description: i.description ?? null,
      crisis: i.crisis ?? false,
      active: i.active ?? true,
      updatedBy: staff.id,
      organisationId,
    };
  }

  private async one(id: string): Promise<Referral> {
    return clean(await repo.referralById(this.db, id));
  }

  /**
   * The organisation an entry with this region belongs to. A region entry is always its region's
   * organisation's, so a region moved between organisations takes it along in one place only. A
   * manager's or org-admin's region must be their organisation's; without one it is
   * organisation-wide (theirs). The platform admin's entry without a region stays where it was
   * (a new one: the platform's).
   */
  private async organisationFor(
    staff: StaffIdentity,
    code: string | null,
    current: number | null,
  ): Promise<number | null> {
    const scope = organisationParam(staff);
    if (!code) return isAdmin(staff) ? current : scope;
    const organisationId = await repo.organisationOfRegion(this.db, code);
    if (organisationId === undefined) throw new InputInvalidException({ regionCode: ['referrals.regionUnknown'] });
    if (scope !== null && organisationId !== scope)
      throw new InputInvalidException({ regionCode: ['referrals.regionNotYours'] });
    return organisationId;
  }
}
