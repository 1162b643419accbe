import { Controller, Get, HttpStatus, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthService } from '../auth/auth.service';
import { CurrentStaff, RequireRole, StaffAuthGuard, StaffRequest } from '../auth/staff-auth.guard';
import { isAdmin, organisationParam, StaffIdentity } from '../auth/staff-identity';
import { translate } from '../common/i18n/i18n';
import { InputInvalidException } from '../common/validation';
import { CsrfService } from '../common/web/csrf.service';
import { langOf, translateFields } from '../common/web/request-context';
import { OrganisationsService } from '../organisations/organisations.service';
import { StaffViews } from '../staff/staff-views.service';
import { AdminService, assignableRoles, RangeOverlapException } from './admin.service';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const list = (v: unknown) =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v ? [v] : [];

interface Feedback {
  errors?: Record<string, string[]>;
  /** Which form the errors belong to, so they show beside it. */
  form?: string;
  overlaps?: string[];
  notice?: string;
  temporaryPassword?: string;
}

const staffOf = (req: Request) => (req as StaffRequest).staff!;

/**
 * /admin: regions with postcode ranges, staff users and memberships, topics, organisations. Plain
 * forms, post/redirect/get. An org-admin sees and runs their own organisation's staff and regions'
 * settings; organisations, new regions, postcode ranges and topics are the platform admin's.
 */
@ApiExcludeController()
@Controller('admin')
@UseGuards(StaffAuthGuard)
@RequireRole('admin', 'org-admin')
export class AdminPagesController {
  constructor(
    private readonly admin: AdminService,
    private readonly auth: AuthService,
    private readonly views: StaffViews,
    private readonly csrf: CsrfService,
    private readonly organisations: OrganisationsService,
  ) {}

  @Get()
  async overview(@Req() req: Request, @Res() res: Response): Promise<void> {
    const done = str(req.query.done);
    await this.render(
      req,
      res,
      {
        notice: ['region', 'range', 'rangeDeleted', 'user', 'topic'].includes(done)
          ? `admin.done.${done}`
          : done === 'organisation' || done === 'regionSaved'
            ? `admin.organisations.${done}`
            : undefined,
      },
      HttpStatus.OK,
    );
  }

  @Post('organisations')
  @RequireRole('admin')
  async createOrganisation(@Req() req: Request, @Res() res: Response, @CurrentStaff() s: StaffIdentity): Promise<void> {
    await this.handle(req, res, 'organisation', async () => {
      await this.organisations.create(s.id, { code: str(req.body?.code), name: str(req.body?.name) });
      return '/admin?done=organisation#organisations';
    });
  }

  @Post('regions')
  @RequireRole('admin')
  async createRegion(@Req() req: Request, @Res() res: Response, @CurrentStaff() s: StaffIdentity): Promise<void> {
    await this.handle(req, res, 'region', async () => {
      await this.admin.createRegion(s.id, {
        code: str(req.body?.code),
        name: str(req.body?.name),
        timeZone: str(req.body?.timeZone) || undefined,
        organisation: str(req.body?.organisation) || undefined,
      });
      return '/admin?done=region#regions';
    });
  }

  /** A region's own settings: name, time zone, days before a waiting case closes (empty: never). */
  @Post('regions/:code')
  async updateRegion(
    @Param('code') code: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() s: StaffIdentity,
  ): Promise<void> {
    await this.handle(req, res, `settings-${code}`, async () => {
      const days = str(req.body?.autoCloseDays).trim();
      await this.admin.updateRegion(s, code, {
        name: str(req.body?.name),
        timeZone: str(req.body?.timeZone),
        autoCloseDays: days === '' ? null : /^\d{1,3}$/.test(days) ? Number(days) : NaN,
      });
      return `/admin?done=regionSaved#region-${code}`;
    });
  }

  @Post('regions/:code/ranges')
  @RequireRole('admin')
  async addRange(
    @Param('code') code: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() s: StaffIdentity,
  ): Promise<void> {
    await this.handle(req, res, `range-${code}`, async () => {
      const n = (v: unknown) => (/^\d{4}$/.test(str(v).trim()) ? Number(str(v).trim()) : NaN);
      await this.admin.addRange(s.id, code, {
        country: str(req.body?.country),
        from: n(req.body?.from),
        to: n(req.body?.to),
      });
      return '/admin?done=range#regions';
    });
  }

  @Post('ranges/:id/delete')
  @RequireRole('admin')
  async deleteRange(
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() s: StaffIdentity,
  ): Promise<void> {
    await this.handle(req, res, 'regions', async () => {
      await this.admin.deleteRange(s.id, /^\d{1,9}$/.test(id) ? Number(id) : -1);
      return '/admin?done=rangeDeleted#regions';
    });
  }

  @Post('users')
  async createUser(@Req() req: Request, @Res() res: Response, @CurrentStaff() s: StaffIdentity): Promise<void> {
    if (!this.csrf.isValid(req))
      return this.render(req, res, { errors: { _form: ['errors.formExpired'] }, form: 'user' }, HttpStatus.FORBIDDEN);
    try {
      const created = await this.admin.createUser(s, {
        email: str(req.body?.email),
        displayName: str(req.body?.displayName) || undefined,
        role: str(req.body?.role),
        regions: list(req.body?.regions),
        // The platform admin may name it (an org-admin without regions); an org-admin's staff join theirs.
        organisation: isAdmin(s) ? str(req.body?.organisation) || undefined : undefined,
      });
      // The temporary password is shown once, on this response only (no redirect that could be reloaded).
      await this.render(
        req,
        res,
        { notice: 'admin.done.userCreated', temporaryPassword: created.temporaryPassword },
        HttpStatus.CREATED,
      );
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.render(req, res, { errors: e.fields, form: 'user' }, HttpStatus.BAD_REQUEST);
      throw e;
    }
  }

  @Get('users/:id')
  async editUser(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.renderUser(req, res, id, {}, HttpStatus.OK);
  }

  @Post('users/:id')
  async updateUser(
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() s: StaffIdentity,
  ): Promise<void> {
    if (!this.csrf.isValid(req))
      return this.renderUser(req, res, id, { errors: { _form: ['errors.formExpired'] } }, HttpStatus.FORBIDDEN);
    try {
      await this.admin.updateUser(s, id, {
        displayName: str(req.body?.displayName),
        role: str(req.body?.role),
        active: req.body?.active === 'on',
        regions: list(req.body?.regions),
      });
      res.redirect(HttpStatus.SEE_OTHER, '/admin?done=user#users');
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.renderUser(req, res, id, { errors: e.fields }, HttpStatus.BAD_REQUEST);
      throw e;
    }
  }

  @Post('users/:id/password-reset')
  async resetPassword(
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() s: StaffIdentity,
  ): Promise<void> {
    if (!this.csrf.isValid(req))
      return this.renderUser(req, res, id, { errors: { _form: ['errors.formExpired'] } }, HttpStatus.FORBIDDEN);
    const user = await this.admin.user(id, organisationParam(s));
    const r = await this.auth.resetPassword(s.id, user.id);
    await this.renderUser(
      req,
      res,
      id,
      { notice: 'admin.done.passwordReset', temporaryPassword: r?.temporaryPassword },
      HttpStatus.OK,
    );
  }

  @Post('topics')
  @RequireRole('admin')
  async createTopic(@Req() req: Request, @Res() res: Response, @CurrentStaff() s: StaffIdentity): Promise<void> {
    await this.handle(req, res, 'topic', async () => {
      await this.admin.createTopic(s.id, { code: str(req.body?.code) });
      return '/admin?done=topic#topics';
    });
  }

  @Post('topics/:code')
  @RequireRole('admin')
  async toggleTopic(
    @Param('code') code: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() s: StaffIdentity,
  ): Promise<void> {
    await this.handle(req, res, 'topics', async () => {
      await this.admin.updateTopic(s.id, code, { active: req.body?.active === 'true' });
      return '/admin?done=topic#topics';
    });
  }

  private async handle(req: Request, res: Response, form: string, fn: () => Promise<string>): Promise<void> {
    if (!this.csrf.isValid(req))
      return this.render(req, res, { errors: { _form: ['errors.formExpired'] }, form }, HttpStatus.FORBIDDEN);
    try {
      res.redirect(HttpStatus.SEE_OTHER, await fn());
    } catch (e) {
      if (e instanceof RangeOverlapException)
        return this.render(req, res, { errors: e.fields, form, overlaps: e.overlaps }, HttpStatus.BAD_REQUEST);
      if (e instanceof InputInvalidException)
        return this.render(req, res, { errors: e.fields, form }, HttpStatus.BAD_REQUEST);
      throw e;
    }
  }

  private async render(req: Request, res: Response, fb: Feedback, status: number): Promise<void> {
    const lang = langOf(res);
    const staff = staffOf(req);
    const platform = isAdmin(staff);
    const scope = organisationParam(staff);
    const errors = translateFields(lang, fb.errors ?? {});
    const formErrors = (form: string) => (fb.form === form ? Object.values(errors).flat() : []);
    const [regions, users, topics, organisations] = await Promise.all([
      this.admin.regions(scope),
      this.admin.users(scope),
      platform ? this.admin.topics() : [],
      platform ? this.organisations.list(null) : [],
    ]);
    const organisationName = new Map(organisations.map((o) => [o.code, o.name]));
    this.views.send(
      req,
      res,
      'staff/admin',
      {
        titleKey: 'admin.title',
        platform,
        organisationName: staff.organisation?.name,
        regions: regions.map((r) => ({
          ...r,
          organisationLabel: organisationName.get(r.organisation) ?? r.organisation,
          formErrors: formErrors(`range-${r.code}`),
          overlaps: fb.form === `range-${r.code}` ? fb.overlaps : undefined,
          settingsErrors: formErrors(`settings-${r.code}`),
          timeZoneOptions: ['Europe/Amsterdam', 'Europe/Brussels'].map((z) => ({
            value: z,
            selected: z === r.timeZone,
          })),
        })),
        // A region where nobody can answer, or without opening hours, quietly lets cases wait.
        regionWarnings: regions.flatMap((r) => [
          ...(r.answerers === 0
            ? [{ code: r.code, text: translate(lang, 'admin.warning.noWorker', { name: r.name }) }]
            : []),
          ...(!r.hasCalendar
            ? [{ code: r.code, text: translate(lang, 'admin.warning.noCalendar', { name: r.name }) }]
            : []),
        ]),
        users: users.map((u) => ({
          ...u,
          roleLabel: translate(lang, `staff.role.${u.role}`),
          regionsText: u.regions.map((code) => regions.find((r) => r.code === code)?.name ?? code).join(', '),
          organisationLabel: u.organisation
            ? (organisationName.get(u.organisation) ?? staff.organisation?.name ?? u.organisation)
            : translate(lang, 'admin.organisations.platform'),
        })),
        organisations: organisations.map((o) => ({
          ...o,
          regionsText: o.regionCodes.map((code) => regions.find((r) => r.code === code)?.name ?? code).join(', '),
        })),
        organisationChoices: organisations.map((o) => ({ value: o.code, label: o.name, selected: o.isDefault })),
        topics: topics.map((t) => ({ ...t, label: translate(lang, `topic.${t.code}`) })),
        roleOptions: assignableRoles(staff).map((r) => ({ value: r, label: translate(lang, `staff.role.${r}`) })),
        regionChoices: regions.map((r) => ({ value: r.code, label: r.name })),
        regionErrors: formErrors('region'),
        organisationErrors: formErrors('organisation'),
        userErrors: formErrors('user'),
        topicErrors: fb.form === 'topic' || fb.form === 'topics' ? Object.values(errors).flat() : [],
        generalErrors: formErrors('regions'),
        notice: fb.notice,
        temporaryPassword: fb.temporaryPassword,
      },
      status,
    );
  }

  private async renderUser(req: Request, res: Response, id: string, fb: Feedback, status: number): Promise<void> {
    const lang = langOf(res);
    const staff = staffOf(req);
    const scope = organisationParam(staff);
    const user = await this.admin.user(id, scope);
    // The member's own organisation's regions: they work nowhere else.
    const regions = (await this.admin.regions(scope)).filter(
      (r) => !user.organisation || r.organisation === user.organisation,
    );
    const errors = translateFields(lang, fb.errors ?? {});
    this.views.send(
      req,
      res,
      'staff/admin-user',
      {
        titleKey: 'admin.user.editTitle',
        titleVars: { name: user.displayName },
        user,
        roleOptions: assignableRoles(staff).map((r) => ({
          value: r,
          label: translate(lang, `staff.role.${r}`),
          selected: r === user.role,
        })),
        regionChoices: regions.map((r) => ({ value: r.code, label: r.name, checked: user.regions.includes(r.code) })),
        errors: Object.values(errors).flat(),
        notice: fb.notice,
        temporaryPassword: fb.temporaryPassword,
      },
      status,
    );
  }
}
