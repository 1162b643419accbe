import { Controller, Get, HttpStatus, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentStaff, RequireRole, StaffAuthGuard } from '../auth/staff-auth.guard';
import { isAdmin, organisationParam, rolesAtLeast, StaffIdentity } from '../auth/staff-identity';
import { hasTranslation, translate } from '../common/i18n/i18n';
import { InputInvalidException, validateInput } from '../common/validation';
import { CsrfService } from '../common/web/csrf.service';
import { langOf, translateFields } from '../common/web/request-context';
import { OrganisationsService } from '../organisations/organisations.service';
import { StaffViews } from '../staff/staff-views.service';
import { ReferralInputDto } from './referral.dto';
import { REFERRAL_KINDS } from './referral-seed';
import { ReferralsService } from './referrals.service';

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const opt = (v: unknown) => str(v) || undefined;

/** The form's fields as the API's input (checkboxes and a comma list of topics). */
function fromForm(b: Record<string, unknown>): Record<string, unknown> {
  return {
    name: str(b.name),
    kind: str(b.kind),
    regionCode: opt(b.regionCode),
    country: opt(b.country),
    // Checkboxes (one value or several); a comma list still works for scripts posting the form.
    topics: (Array.isArray(b.topics) ? b.topics : [b.topics])
      .flatMap((t) => str(t).split(','))
      .map((x) => x.trim())
      .filter(Boolean),
    url: opt(b.url),
    phone: opt(b.phone),
    address: opt(b.address),
    openingHours: opt(b.openingHours),
    description: opt(b.description),
    crisis: b.crisis === 'on',
    active: b.active === 'on',
  };
}

const FIELD_IDS: Record<string, string> = {
  name: 'ref-name',
  kind: 'ref-kind',
  regionCode: 'ref-region',
  country: 'ref-country',
  topics: 'ref-topics',
  phone: 'ref-phone',
  url: 'ref-url',
  address: 'ref-address',
  openingHours: 'ref-hours',
  description: 'ref-description',
};

/**
 * /referrals: managers and org-admins keep their organisation's entries (for one of its regions or
 * organisation-wide); the platform admin all of them, the platform's national entries too.
 */
@ApiExcludeController()
@Controller('referrals')
@UseGuards(StaffAuthGuard)
@RequireRole(...rolesAtLeast('manager'))
export class ReferralPagesController {
  constructor(
    private readonly referrals: ReferralsService,
    private readonly organisations: OrganisationsService,
    private readonly views: StaffViews,
    private readonly csrf: CsrfService,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    await this.render(req, res, staff, null, { active: true, topics: [] }, {}, HttpStatus.OK);
  }

  @Get(':id')
  async edit(
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    const r = await this.referrals.get(staff, id);
    await this.render(req, res, staff, id, { ...r }, {}, HttpStatus.OK);
  }

  @Post(['', ':id'])
  async save(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
    @Param('id') id?: string,
  ): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const input = fromForm(body);
    const values = { ...input };
    if (!this.csrf.isValid(req))
      return this.render(req, res, staff, id ?? null, values, { _form: ['errors.formExpired'] }, HttpStatus.FORBIDDEN);
    try {
      const dto = validateInput(ReferralInputDto, input, { rejectUnknown: true });
      if (id) await this.referrals.get(staff, id);
      const saved = id ? await this.referrals.update(staff, id, dto) : await this.referrals.create(staff, dto);
      res.redirect(HttpStatus.SEE_OTHER, `/referrals/${saved.id}?done=1`);
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.render(req, res, staff, id ?? null, values, e.fields, HttpStatus.BAD_REQUEST);
      throw e;
    }
  }

  private async render(
    req: Request,
    res: Response,
    staff: StaffIdentity,
    id: string | null,
    values: Record<string, unknown>,
    fields: Record<string, string[]>,
    status: number,
  ): Promise<void> {
    const lang = langOf(res);
    const errors = translateFields(lang, fields);
    const regionList = await this.referrals.regionNames();
    const regionNames = new Map(regionList.map((r) => [r.code, r.name]));
    const chosenTopics = new Set(Array.isArray(values.topics) ? (values.topics as string[]) : []);
    const own = new Set(await this.referrals.regionCodesOf(staff));
    const organisationNames = new Map(
      (await this.organisations.list(organisationParam(staff))).map((o) => [o.code, o.name]),
    );
    const admin = isAdmin(staff);
    this.views.send(
      req,
      res,
      'staff/reply-referrals',
      {
        titleKey: 'referralsPage.title',
        items: id
          ? []
          : (await this.referrals.maintainable(staff)).map((r) => ({
              ...r,
              kindLabel: translate(lang, `composer.kind.${r.kind}`),
              regionName: r.regionCode ? (regionNames.get(r.regionCode) ?? r.regionCode) : null,
              countryLabel: r.country ? translate(lang, `country.${r.country}`) : '',
              // Organisation-wide entries say whose; the platform admin also sees whose a region entry is.
              organisationName:
                r.organisation && (admin || !r.regionCode)
                  ? (organisationNames.get(r.organisation) ?? r.organisation)
                  : null,
            })),
        id,
        values,
        kinds: REFERRAL_KINDS.map((k) => ({
          value: k,
          label: translate(lang, `composer.kind.${k}`),
          selected: values.kind === k,
        })),
        noRegionLabel: translate(lang, admin ? 'referralsPage.nationalOption' : 'referralsPage.organisationOption'),
        noRegionHint: translate(lang, admin ? 'referralsPage.nationalHint' : 'referralsPage.organisationHint'),
        regionOptions: regionList
          .filter((r) => own.has(r.code) || r.code === values.regionCode)
          .map((r) => ({ value: r.code, label: r.name, selected: r.code === values.regionCode })),
        countryOptions: ['NL', 'BE'].map((c) => ({
          value: c,
          label: translate(lang, `country.${c}`),
          selected: c === values.country,
        })),
        topicOptions: (await this.referrals.topicCodes()).map((code) => ({
          value: code,
          label: translate(lang, `topic.${code}`),
          checked: chosenTopics.has(code),
        })),
        errors,
        errorList: Object.entries(errors).flatMap(([k, msgs]) =>
          msgs.map((m) => ({
            href: `#${FIELD_IDS[k] ?? 'referral-form'}`,
            label: hasTranslation(lang, `referralsPage.${k}`) ? translate(lang, `referralsPage.${k}`) : null,
            message: m,
          })),
        ),
        done: str(req.query.done) === '1',
      },
      status,
    );
  }
}
