import {
  Controller,
  Get,
  HttpStatus,
  Inject,
  Param,
  Post,
  Req,
  Res,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentStaff, RequireRole, StaffAuthGuard } from '../auth/staff-auth.guard';
import { organisationParam, StaffIdentity } from '../auth/staff-identity';
import { translate } from '../common/i18n/i18n';
import { InputInvalidException } from '../common/validation';
import { CsrfService } from '../common/web/csrf.service';
import { langOf, translateFields } from '../common/web/request-context';
import { APP_CONFIG, AppConfig } from '../config/config';
import { StaffViews } from '../staff/staff-views.service';
import { contrastRatio, organisationPath } from './organisation-look';
import { LOGO_UPLOAD, UploadedLogo } from './organisations.dto';
import { OrganisationsService } from './organisations.service';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const DONE = ['saved', 'logo', 'logo-removed'];

/**
 * /admin/organisation: an organisation's look (name, sender name, accent colour, logo). The
 * org-admin runs their own; the platform admin picks any at /admin/organisations/<code>. Another
 * organisation's page is 404 for an org-admin, like everything of another organisation.
 */
@ApiExcludeController()
@Controller('admin')
@UseGuards(StaffAuthGuard)
@RequireRole('org-admin', 'admin')
export class OrganisationPagesController {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly views: StaffViews,
    private readonly csrf: CsrfService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('organisation')
  async mine(@Req() req: Request, @Res() res: Response, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    if (staff.organisation) return this.render(req, res, staff, staff.organisation.code, {}, undefined, HttpStatus.OK);
    // The platform admin belongs to none: the list to pick from.
    const items = await this.organisations.list(null);
    this.views.send(req, res, 'staff/organisations', {
      titleKey: 'orgSettings.listTitle',
      items: items.map((o) => ({ ...o, href: `/admin/organisations/${encodeURIComponent(o.code)}` })),
    });
  }

  @Get('organisations/:code')
  async show(
    @Param('code') code: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    await this.render(req, res, staff, code, {}, undefined, HttpStatus.OK);
  }

  @Post('organisations/:code')
  async update(
    @Param('code') code: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = {
      name: str(body.name),
      senderName: str(body.senderName),
      accentColour: str(body.accentColour).trim().toLowerCase(),
    };
    if (!this.csrf.isValid(req))
      return this.render(req, res, staff, code, { _form: ['errors.formExpired'] }, values, HttpStatus.FORBIDDEN);
    try {
      await this.organisations.update(
        staff.id,
        code,
        organisationParam(staff),
        {
          name: values.name,
          // Empty: back to the defaults (the name as sender, the platform's colour).
          senderName: values.senderName.trim() || null,
          accentColour: values.accentColour || null,
        },
        this.config.retention.closedCaseMonths,
      );
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.render(req, res, staff, code, e.fields, values, HttpStatus.BAD_REQUEST);
      throw e;
    }
    res.redirect(HttpStatus.SEE_OTHER, `/admin/organisations/${encodeURIComponent(code)}?done=saved`);
  }

  /** A new logo (multipart, field `logo`) or, with `remove`, none. */
  @Post('organisations/:code/logo')
  @UseInterceptors(FileInterceptor('logo', LOGO_UPLOAD))
  async logo(
    @Param('code') code: string,
    @UploadedFile() file: UploadedLogo | undefined,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!this.csrf.isValid(req))
      return this.render(req, res, staff, code, { _form: ['errors.formExpired'] }, undefined, HttpStatus.FORBIDDEN);
    const remove = str(body.remove) === '1';
    try {
      const scope = organisationParam(staff);
      await this.organisations.idOf(code, scope);
      if (!remove && !file) throw new InputInvalidException({ logo: ['orgSettings.noFile'] });
      await this.organisations.setLogo(staff.id, code, scope, remove ? null : file!.buffer);
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.render(req, res, staff, code, e.fields, undefined, HttpStatus.BAD_REQUEST);
      throw e;
    }
    res.redirect(
      HttpStatus.SEE_OTHER,
      `/admin/organisations/${encodeURIComponent(code)}?done=${remove ? 'logo-removed' : 'logo'}`,
    );
  }

  private async render(
    req: Request,
    res: Response,
    staff: StaffIdentity,
    code: string,
    fields: Record<string, string[]>,
    values: { name: string; senderName: string; accentColour: string } | undefined,
    status: number,
  ): Promise<void> {
    const lang = langOf(res);
    // Another organisation's (or an unknown code): 404, through the error page.
    const o = await this.organisations.get(code, organisationParam(staff));
    const errors = translateFields(lang, fields);
    const accent = values?.accentColour ?? o.accentColour ?? '';
    const ratio = /^#[0-9a-f]{6}$/.test(accent) ? contrastRatio(accent, '#ffffff') : null;
    const done = str(req.query.done);
    this.views.send(
      req,
      res,
      'staff/organisation',
      {
        titleKey: 'orgSettings.title',
        titleVars: { name: o.name },
        o,
        values: values ?? { name: o.name, senderName: o.senderName ?? '', accentColour: o.accentColour ?? '' },
        logoUrl: o.hasLogo ? `${organisationPath(o.code)}/logo?v=${Date.now()}` : null,
        accentSwatch: ratio !== null ? accent : null,
        // The accent only colours a bar, never text; a light one is allowed but barely shows.
        contrastNote:
          ratio !== null && ratio < 3
            ? translate(lang, 'orgSettings.contrastLow', { ratio: ratio.toFixed(1) })
            : undefined,
        canPickOther: !staff.organisation,
        errors,
        formError: errors._form?.[0],
        done: DONE.includes(done) && status === HttpStatus.OK ? `orgSettings.done.${done}` : undefined,
      },
      status,
    );
  }
}
