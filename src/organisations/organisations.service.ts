import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit.service';
import { InputInvalidException } from '../common/validation';
import * as repo from './organisations.repository';
import type { OrganisationLook, OrganisationRow } from './organisations.repository';

export type { OrganisationLook, OrganisationRow };

export interface OrganisationChange {
  name?: string;
  accentColour?: string | null;
  senderName?: string | null;
  retentionClosedCaseMonths?: number | null;
}

const CODE = /^[a-z][a-z0-9-]{1,39}$/;
const COLOUR = /^#[0-9a-f]{6}$/;

function notFound(): NotFoundException {
  return new NotFoundException({ code: 'organisation_not_found', message: 'errors.http404' });
}

/**
 * The organisations of the consortium (owner of `organisation`, and of which organisation a
 * region belongs to). Every read takes the caller's organisation scope (null: the platform admin),
 * so another organisation is simply not found.
 */
@Injectable()
export class OrganisationsService {
  constructor(private readonly db: DataSource) {}

  async list(scope: number | null, m: EntityManager | DataSource = this.db): Promise<OrganisationRow[]> {
    return repo.organisations(m, scope);
  }

  async get(code: string, scope: number | null): Promise<OrganisationRow> {
    const row = (await this.list(scope)).find((o) => o.code === code);
    if (!row) throw notFound();
    return row;
  }

  /** A new organisation, optionally taking over regions (which then leave their old organisation). */
  async create(
    actorId: string,
    input: { code: string; name: string; regionCodes?: string[] },
  ): Promise<{ code: string }> {
    const code = input.code?.trim().toLowerCase();
    const name = input.name?.trim();
    const fields: Record<string, string[]> = {};
    if (!code || !CODE.test(code)) fields.code = ['organisations.invalid.code'];
    if (!name || name.length > 120) fields.name = ['organisations.invalid.name'];
    if (Object.keys(fields).length) throw new InputInvalidException(fields);
    return this.db.transaction(async (m) => {
      const id = await repo.insertOrganisation(m, code, name);
      if (id === undefined) throw new InputInvalidException({ code: ['organisations.invalid.codeTaken'] });
      if (input.regionCodes?.length) await this.moveRegions(m, id, input.regionCodes, 'regionCodes');
      await recordAudit(m, {
        actorId,
        action: 'organisation.change',
        organisationId: id,
        data: { op: 'create', organisation: code, regions: input.regionCodes ?? [] },
      });
      return { code };
    });
  }

  /**
   * Moves regions into an organisation (platform admin only). Refused while a region has staff:
   * they belong to the old organisation, and would silently see another's cases.
   */
  async moveRegions(
    m: EntityManager,
    organisationId: number,
    regionCodes: string[],
    field = 'organisation',
  ): Promise<void> {
    const staffed = await repo.staffedRegionsElsewhere(m, regionCodes, organisationId);
    if (staffed.length) throw new InputInvalidException({ [field]: ['organisations.invalid.regionHasStaff'] });
    const moved = await repo.moveRegionsTo(m, regionCodes, organisationId);
    if (moved.length !== new Set(regionCodes).size)
      throw new InputInvalidException({ [field]: ['organisations.invalid.region'] });
  }

  /** The id behind a code, within the caller's scope; 404 otherwise. */
  async idOf(code: string, scope: number | null, m: EntityManager | DataSource = this.db): Promise<number> {
    const id = await repo.organisationIdOf(m, code, scope);
    if (id === undefined) throw notFound();
    return id;
  }

  async update(
    actorId: string,
    code: string,
    scope: number | null,
    input: OrganisationChange,
    maxRetentionMonths: number,
  ): Promise<void> {
    const fields: Record<string, string[]> = {};
    const name = input.name?.trim();
    if (input.name !== undefined && (!name || name.length > 120)) fields.name = ['organisations.invalid.name'];
    if (input.accentColour != null && !COLOUR.test(input.accentColour))
      fields.accentColour = ['organisations.invalid.colour'];
    const sender = input.senderName?.trim();
    if (input.senderName != null && (!sender || sender.length > 80 || /[<>"@\r\n]/.test(sender)))
      fields.senderName = ['organisations.invalid.senderName'];
    const months = input.retentionClosedCaseMonths;
    // Within the platform's limit: an organisation may keep closed cases shorter, never longer.
    // (A platform limit of 0 keeps closed cases for ever: then an organisation may choose any period up to 10 years.)
    const limit = maxRetentionMonths > 0 ? maxRetentionMonths : 120;
    if (months != null && (!Number.isInteger(months) || months < 1 || months > limit))
      fields.retentionClosedCaseMonths = ['organisations.invalid.retention'];
    if (Object.keys(fields).length) throw new InputInvalidException(fields);
    await this.db.transaction(async (m) => {
      const id = await this.idOf(code, scope, m);
      await repo.updateOrganisation(m, id, {
        name: name ?? null,
        accentColour: input.accentColour,
        senderName: input.senderName === undefined ? undefined : sender || null,
        retentionClosedCaseMonths: months,
      });
      await recordAudit(m, {
        actorId,
        action: 'organisation.change',
        organisationId: id,
        data: { op: 'update', organisation: code, fields: Object.keys(input) },
      });
    });
  }

  /** Sets (or with null removes) the logo; the bytes must really be the image type they claim. */
  async setLogo(actorId: string, code: string, scope: number | null, logo: Buffer | null): Promise<void> {
    const type = logo ? logoType(logo) : null;
    if (logo && (!type || logo.length > 100 * 1024))
      throw new InputInvalidException({ logo: ['organisations.invalid.logo'] });
    await this.db.transaction(async (m) => {
      const id = await this.idOf(code, scope, m);
      await repo.setLogo(m, id, logo, type);
      await recordAudit(m, {
        actorId,
        action: 'organisation.change',
        organisationId: id,
        data: { op: logo ? 'logo' : 'logo-removed', organisation: code },
      });
    });
  }

  /** The logo, public: it shows on case pages and in mails, and names no help-seeker. */
  async logo(code: string): Promise<{ bytes: Buffer; type: string } | undefined> {
    const row = await repo.logoOf(this.db, code);
    return row ? { bytes: row.logo, type: row.logo_type } : undefined;
  }

  /** Every organisation with its regions, by name: where a case can be transferred to. */
  async withRegions(): Promise<{ code: string; name: string; regions: { code: string; name: string }[] }[]> {
    return repo.organisationsWithRegions(this.db);
  }

  /** The look of an organisation by its code (public: the case pages' logo and accent). */
  async look(code: string): Promise<OrganisationLook | undefined> {
    return repo.lookOf(this.db, code);
  }

  /** The look of the organisation that serves a region. */
  async lookOfRegion(
    region: number | string,
    m: EntityManager | DataSource = this.db,
  ): Promise<OrganisationLook | undefined> {
    return repo.lookOfRegion(m, region);
  }
}

/** The image type of a logo by its first bytes (never by what the upload claims), or null. */
export function logoType(b: Buffer): 'image/png' | 'image/jpeg' | 'image/webp' | 'image/svg+xml' | null {
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP')
    return 'image/webp';
  const head = b.toString('utf8', 0, Math.min(b.length, 512)).trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(head)) return 'image/svg+xml';
  return null;
}
