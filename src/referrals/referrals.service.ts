import { Inject, Injectable, NotFoundException, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isAdmin, organisationParam, organisationScopeSql, StaffIdentity } from '../auth/staff-identity';
import { InputInvalidException } from '../common/validation';
import { APP_CONFIG, AppConfig } from '../config/config';
import { ReferralInputDto } from './referral.dto';
import { DEMO_LOCAL_REFERRALS } from './referral-seed';
import * as sql from '../database/sql';

export interface Referral {
  id: string;
  name: string;
  kind: 'social-work' | 'face-to-face' | 'online';
  regionCode?: string;
  country?: string;
  topics: string[];
  url?: string;
  phone?: string;
  address?: string;
  openingHours?: string;
  description?: string;
  crisis: boolean;
  /** The organisation whose entry this is (its code); absent: the platform's, for everyone. */
  organisation?: string;
}

const COLUMNS = `f.id, f.name, f.kind, f.region_code AS "regionCode", f.country, f.topics, f.url, f.phone, f.address,
                 f.opening_hours AS "openingHours", f.description, f.crisis,
                 (SELECT o.code FROM organisation o WHERE o.id = f.organisation_id) AS organisation`;

/** The entries one organisation may see: the platform's and its own (`$n` null: every entry, for the platform admin). */
const visibleSql = (param: number) =>
  `(f.organisation_id IS NULL OR ${organisationScopeSql('f.organisation_id', param)})`;

/** Drops null columns so the JSON has only what an entry holds. */
/** An entry as the SQL returns it: null where `clean` leaves a field out. */
type ReferralRow = { [K in keyof Referral]-?: Referral[K] | null };

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
    for (const r of DEMO_LOCAL_REFERRALS) {
      await sql.exec(
        this.db,
        `INSERT INTO referral (seed_key, name, kind, region_code, country, topics, address, phone, opening_hours, demo, organisation_id)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, true, r.organisation_id FROM region r WHERE r.code = $4
         ON CONFLICT (seed_key) DO UPDATE SET organisation_id = EXCLUDED.organisation_id
           WHERE referral.organisation_id IS DISTINCT FROM EXCLUDED.organisation_id`,
        [
          r.key,
          r.name,
          r.kind,
          r.regionCode,
          r.country,
          r.topics,
          r.address ?? null,
          r.phone ?? null,
          r.openingHours ?? null,
        ],
      );
    }
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
    const rows = await sql.rows<ReferralRow>(
      m,
      `WITH rg AS (SELECT r.id, r.organisation_id FROM region r WHERE r.code = $1),
            rc AS (SELECT array_agg(DISTINCT pr.country) AS countries FROM rg JOIN postcode_range pr ON pr.region_id = rg.id)
       SELECT ${COLUMNS} FROM referral f, rc
        WHERE f.active
          AND ${visibleSql(4)}
          AND ($1::text IS NULL OR f.organisation_id IS NULL OR f.organisation_id = (SELECT organisation_id FROM rg))
          AND ($1::text IS NULL OR f.region_code = $1 OR (f.region_code IS NULL AND (f.country IS NULL OR rc.countries IS NULL OR f.country = ANY(rc.countries))))
          AND ($3::text IS NULL OR f.region_code = $1 OR f.country IS NULL OR f.country = $3)
          AND ($2::text IS NULL OR cardinality(f.topics) = 0 OR $2 = ANY(f.topics))
        ORDER BY f.region_code IS NULL, f.organisation_id IS NULL, f.country IS DISTINCT FROM COALESCE($3, rc.countries[1]), f.crisis DESC, f.kind, f.name`,
      [filter.region || null, filter.topic || null, filter.country || null, filter.organisationId ?? null],
    );
    return rows.map(clean);
  }

  /** Region names by code, to show a name where an entry holds a code. */
  async regionNames(): Promise<{ code: string; name: string }[]> {
    return sql.rows<{ code: string; name: string }>(this.db, `SELECT code, name FROM region ORDER BY name`);
  }

  /** The codes of the regions a staff user may give an entry: their organisation's (the platform admin: all). */
  async regionCodesOf(staff: StaffIdentity): Promise<string[]> {
    const rows = await sql.rows<{ code: string }>(
      this.db,
      `SELECT code FROM region r WHERE ${organisationScopeSql('r.organisation_id', 1)}`,
      [organisationParam(staff)],
    );
    return rows.map((r) => r.code);
  }

  /** The active topics, in their order, for the form's checkboxes. */
  async topicCodes(): Promise<string[]> {
    const rows = await sql.rows<{ code: string }>(
      this.db,
      `SELECT code FROM topic WHERE active ORDER BY sort_order, code`,
    );
    return rows.map((r) => r.code);
  }

  /**
   * Every entry a user may maintain (inactive ones too): their organisation's; the platform admin's
   * are all of them, the platform's own entries first.
   */
  async maintainable(staff: StaffIdentity): Promise<(Referral & { active: boolean })[]> {
    const rows = await sql.rows<ReferralRow & { active: boolean }>(
      this.db,
      `SELECT ${COLUMNS}, f.active FROM referral f
        WHERE ${this.maintainableSql(1)}
        ORDER BY f.organisation_id NULLS FIRST, f.region_code NULLS FIRST, f.name`,
      [organisationParam(staff)],
    );
    return rows.map((r) => ({ ...clean(r), active: r.active }));
  }

  /** One entry the user may maintain; another organisation's (or, for non-admins, the platform's): 404. */
  async get(staff: StaffIdentity, id: string): Promise<Referral & { active: boolean }> {
    const [row] = UUID.test(id)
      ? await sql.rows<ReferralRow & { active: boolean }>(
          this.db,
          `SELECT ${COLUMNS}, f.active FROM referral f WHERE f.id = $1 AND ${this.maintainableSql(2)}`,
          [id, organisationParam(staff)],
        )
      : [];
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
    const rows: Referral[] = (
      await sql.rows<ReferralRow>(
        m,
        `SELECT ${COLUMNS} FROM referral f WHERE f.active AND f.id = ANY($1::uuid[]) AND ${visibleSql(2)}`,
        [ids, organisationId],
      )
    ).map(clean);
    if (rows.length !== new Set(ids).size) throw new InputInvalidException({ referralIds: ['referrals.unknown'] });
    return [...new Set(ids)].map((id) => rows.find((r) => r.id === id)!);
  }

  /**
   * A new entry. A manager's or org-admin's belongs to their organisation (for one of its regions,
   * or organisation-wide); the platform admin's to the region's organisation, else the platform.
   */
  async create(staff: StaffIdentity, input: ReferralInputDto): Promise<Referral> {
    const organisationId = await this.organisationFor(staff, input.regionCode ?? null, null);
    const row = await sql.only<{ id: string }>(
      this.db,
      `INSERT INTO referral (name, kind, region_code, country, topics, url, phone, address, opening_hours, description, crisis, active, updated_by, organisation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
      [...this.values(input, staff), organisationId],
    );
    return this.one(row.id);
  }

  async update(staff: StaffIdentity, id: string, input: ReferralInputDto): Promise<Referral> {
    const [existing] = UUID.test(id)
      ? await sql.rows<{ organisation_id: number | null }>(
          this.db,
          `SELECT f.organisation_id FROM referral f WHERE f.id = $1 AND ${this.maintainableSql(2)}`,
          [id, organisationParam(staff)],
        )
      : [];
    if (!existing) throw new NotFoundException({ code: 'referral_not_found', message: 'errors.http404' });
    const organisationId = await this.organisationFor(staff, input.regionCode ?? null, existing.organisation_id);
    await sql.exec(
      this.db,
      `UPDATE referral SET name = $1, kind = $2, region_code = $3, country = $4, topics = $5, url = $6, phone = $7, address = $8,
              opening_hours = $9, description = $10, crisis = $11, active = $12, updated_by = $13, organisation_id = $14,
              updated_at = now() WHERE id = $15`,
      [...this.values(input, staff), organisationId, id],
    );
    return this.one(id);
  }

  private values(i: ReferralInputDto, staff: StaffIdentity): unknown[] {
    return [
      i.name.trim(),
      i.kind,
      i.regionCode ?? null,
      i.country ?? null,
      [...new Set(i.topics)],
      i.url ?? null,
      i.phone ?? null,
      i.address ?? null,
      i.openingHours ?? null,
      i.description ?? null,
      i.crisis ?? false,
      i.active ?? true,
      staff.id,
    ];
  }

  private async one(id: string): Promise<Referral> {
    const row = await sql.only<ReferralRow>(this.db, `SELECT ${COLUMNS} FROM referral f WHERE f.id = $1`, [id]);
    return clean(row);
  }

  /** `f` is an entry the user may maintain: their organisation's (platform admin, `$n` null: all). */
  private maintainableSql(param: number): string {
    return `($${param}::int IS NULL OR f.organisation_id = $${param}::int)`;
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
    const r = await sql.one<{ organisation_id: number }>(
      this.db,
      `SELECT organisation_id FROM region r WHERE r.code = $1`,
      [code],
    );
    if (!r) throw new InputInvalidException({ regionCode: ['referrals.regionUnknown'] });
    if (scope !== null && r.organisation_id !== scope)
      throw new InputInvalidException({ regionCode: ['referrals.regionNotYours'] });
    return r.organisation_id;
  }
}
