import { Inject, Injectable, NotFoundException, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isAdmin, StaffIdentity } from '../auth/staff-identity';
import { InputInvalidException } from '../common/validation';
import { APP_CONFIG, AppConfig } from '../config/config';
import { ReferralInputDto } from './referral.dto';
import { DEMO_LOCAL_REFERRALS } from './referral-seed';

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
}

const COLUMNS = `f.id, f.name, f.kind, f.region_code AS "regionCode", f.country, f.topics, f.url, f.phone, f.address,
                 f.opening_hours AS "openingHours", f.description, f.crisis`;

/** Drops null columns so the JSON has only what an entry holds. */
function clean(row: Record<string, unknown>): Referral {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null)) as unknown as Referral;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The referral directory: local offices of a region beside national lines and online help.
 * Readable by every staff user; managers maintain the entries of their regions, admins all.
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
      await this.db.query(
        `INSERT INTO referral (seed_key, name, kind, region_code, country, topics, address, phone, opening_hours, demo)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, true WHERE EXISTS (SELECT 1 FROM region WHERE code = $4)
         ON CONFLICT (seed_key) DO NOTHING`,
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
   * Entries for a region and topic: the region's own offices, then national entries of the
   * region's country (every country for a region without postcodes, like the fallback), with
   * entries without topics matching every topic. Local first, then online, crisis lines first.
   */
  async list(
    filter: { region?: string; topic?: string; country?: string },
    m: EntityManager = this.db.manager,
  ): Promise<Referral[]> {
    // With the case's own country known (a Dutch case in the national team), entries of another
    // country are no help to it and are left out; without it, the region's countries decide.
    const rows = await m.query(
      `WITH rc AS (SELECT array_agg(DISTINCT pr.country) AS countries FROM region r JOIN postcode_range pr ON pr.region_id = r.id WHERE r.code = $1)
       SELECT ${COLUMNS} FROM referral f, rc
        WHERE f.active
          AND ($1::text IS NULL OR f.region_code = $1 OR (f.region_code IS NULL AND (f.country IS NULL OR rc.countries IS NULL OR f.country = ANY(rc.countries))))
          AND ($3::text IS NULL OR f.region_code = $1 OR f.country IS NULL OR f.country = $3)
          AND ($2::text IS NULL OR cardinality(f.topics) = 0 OR $2 = ANY(f.topics))
        ORDER BY f.region_code IS NULL, f.country IS DISTINCT FROM COALESCE($3, rc.countries[1]), f.crisis DESC, f.kind, f.name`,
      [filter.region || null, filter.topic || null, filter.country || null],
    );
    return rows.map(clean);
  }

  /** Region names by code, to show a name where an entry holds a code. */
  async regionNames(): Promise<{ code: string; name: string }[]> {
    return this.db.query(`SELECT code, name FROM region ORDER BY name`);
  }

  /** The codes of the regions a staff user works in. */
  async regionCodesOf(staff: StaffIdentity): Promise<string[]> {
    const rows: { code: string }[] = await this.db.query(`SELECT code FROM region WHERE id = ANY($1::int[])`, [
      staff.regionIds,
    ]);
    return rows.map((r) => r.code);
  }

  /** The active topics, in their order, for the form's checkboxes. */
  async topicCodes(): Promise<string[]> {
    const rows: { code: string }[] = await this.db.query(
      `SELECT code FROM topic WHERE active ORDER BY sort_order, code`,
    );
    return rows.map((r) => r.code);
  }

  /** Every entry a manager may maintain (inactive ones too): their regions' and, for admins, all. */
  async maintainable(staff: StaffIdentity): Promise<(Referral & { active: boolean })[]> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS}, f.active FROM referral f
        WHERE $1::boolean OR f.region_code IN (SELECT code FROM region WHERE id = ANY($2::int[]))
        ORDER BY f.region_code NULLS LAST, f.name`,
      [isAdmin(staff), staff.regionIds],
    );
    return rows.map(clean);
  }

  async get(staff: StaffIdentity, id: string): Promise<Referral & { active: boolean }> {
    const found = (await this.maintainable(staff)).find((r) => r.id === id);
    if (!found) throw new NotFoundException({ code: 'referral_not_found', message: 'errors.http404' });
    return found;
  }

  /** The chosen entries by id, in the order given; unknown or inactive ids are an input error. */
  async byIds(m: EntityManager, ids: string[]): Promise<Referral[]> {
    if (!ids.length) return [];
    if (ids.some((id) => !UUID.test(id))) throw new InputInvalidException({ referralIds: ['referrals.unknown'] });
    const rows: Referral[] = (
      await m.query(`SELECT ${COLUMNS} FROM referral f WHERE f.active AND f.id = ANY($1::uuid[])`, [ids])
    ).map(clean);
    if (rows.length !== new Set(ids).size) throw new InputInvalidException({ referralIds: ['referrals.unknown'] });
    return [...new Set(ids)].map((id) => rows.find((r) => r.id === id)!);
  }

  async create(staff: StaffIdentity, input: ReferralInputDto): Promise<Referral> {
    await this.checkRegion(staff, input.regionCode ?? null);
    const [row] = await this.db.query(
      `INSERT INTO referral (name, kind, region_code, country, topics, url, phone, address, opening_hours, description, crisis, active, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      this.values(input, staff),
    );
    return this.one(row.id);
  }

  async update(staff: StaffIdentity, id: string, input: ReferralInputDto): Promise<Referral> {
    const [existing] = UUID.test(id) ? await this.db.query(`SELECT region_code FROM referral WHERE id = $1`, [id]) : [];
    if (!existing) throw new NotFoundException({ code: 'referral_not_found', message: 'errors.http404' });
    await this.checkRegion(staff, existing.region_code);
    await this.checkRegion(staff, input.regionCode ?? null);
    await this.db.query(
      `UPDATE referral SET name = $1, kind = $2, region_code = $3, country = $4, topics = $5, url = $6, phone = $7, address = $8,
              opening_hours = $9, description = $10, crisis = $11, active = $12, updated_by = $13, updated_at = now() WHERE id = $14`,
      [...this.values(input, staff), id],
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
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM referral f WHERE f.id = $1`, [id]);
    return clean(row);
  }

  /** Managers keep the entries of their own regions; national entries and other regions are for admins. */
  private async checkRegion(staff: StaffIdentity, code: string | null): Promise<void> {
    if (isAdmin(staff)) {
      if (code && !(await this.db.query(`SELECT 1 FROM region WHERE code = $1`, [code])).length)
        throw new InputInvalidException({ regionCode: ['referrals.regionUnknown'] });
      return;
    }
    const ok = code
      ? await this.db.query(`SELECT 1 FROM region WHERE code = $1 AND id = ANY($2::int[])`, [code, staff.regionIds])
      : [];
    if (!ok.length) throw new InputInvalidException({ regionCode: ['referrals.regionNotYours'] });
  }
}
