import { Controller, Get, HttpStatus, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthService } from '../auth/auth.service';
import { CurrentStaff, RequireRole, StaffAuthGuard } from '../auth/staff-auth.guard';
import { ROLES, StaffIdentity } from '../auth/staff-identity';
import { translate } from '../common/i18n/i18n';
import { InputInvalidException } from '../common/validation';
import { CsrfService } from '../common/web/csrf.service';
import { langOf, translateFields } from '../common/web/request-context';
import { StaffViews } from '../staff/staff-views.service';
import { AdminService, RangeOverlapException } from './admin.service';

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

/** /admin: regions with postcode ranges, staff users and memberships, topics. Plain forms, post/redirect/get. */
@ApiExcludeController()
@Controller('admin')
@UseGuards(StaffAuthGuard)
@RequireRole('admin')
export class AdminPagesController {
  constructor(
    private readonly admin: AdminService,
    private readonly auth: AuthService,
    private readonly views: StaffViews,
    private readonly csrf: CsrfService,
  ) {}

  @Get()
  async overview(@Req() req: Request, @Res() res: Response): Promise<void> {
    const done = str(req.query.done);
    await this.render(
      req,
      res,
      {
        notice: ['region', 'range', 'rangeDeleted', 'user', 'topic'].includes(done) ? `admin.done.${done}` : undefined,
      },
      HttpStatus.OK,
    );
  }

  @Post('regions')
  async createRegion(@Req() req: Request, @Res() res: Response, @CurrentStaff() s: StaffIdentity): Promise<void> {
    await this.handle(req, res, 'region', async () => {
      await this.admin.createRegion(s.id, {
        code: str(req.body?.code),
        name: str(req.body?.name),
        timeZone: str(req.body?.timeZone) || undefined,
      });
      return '/admin?done=region#regions';
    });
  }

  @Post('regions/:code/ranges')
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
      const created = await this.admin.createUser(s.id, {
        email: str(req.body?.email),
        displayName: str(req.body?.displayName) || undefined,
        role: str(req.body?.role),
        regions: list(req.body?.regions),
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
      await this.admin.updateUser(s.id, id, {
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
    const user = await this.admin.user(id);
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
  async createTopic(@Req() req: Request, @Res() res: Response, @CurrentStaff() s: StaffIdentity): Promise<void> {
    await this.handle(req, res, 'topic', async () => {
      await this.admin.createTopic(s.id, { code: str(req.body?.code) });
      return '/admin?done=topic#topics';
    });
  }

  @Post('topics/:code')
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
    const errors = translateFields(lang, fb.errors ?? {});
    const [regions, users, topics] = await Promise.all([this.admin.regions(), this.admin.users(), this.admin.topics()]);
    this.views.send(
      req,
      res,
      'staff/admin',
      {
        titleKey: 'admin.title',
        regions: regions.map((r) => ({
          ...r,
          formErrors: fb.form === `range-${r.code}` ? Object.values(errors).flat() : [],
          overlaps: fb.form === `range-${r.code}` ? fb.overlaps : undefined,
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
        })),
        topics: topics.map((t) => ({ ...t, label: translate(lang, `topic.${t.code}`) })),
        roleOptions: ROLES.map((r) => ({ value: r, label: translate(lang, `staff.role.${r}`) })),
        regionChoices: regions.map((r) => ({ value: r.code, label: r.name })),
        regionErrors: fb.form === 'region' ? Object.values(errors).flat() : [],
        userErrors: fb.form === 'user' ? Object.values(errors).flat() : [],
        topicErrors: fb.form === 'topic' || fb.form === 'topics' ? Object.values(errors).flat() : [],
        generalErrors: fb.form === 'regions' ? Object.values(errors).flat() : [],
        notice: fb.notice,
        temporaryPassword: fb.temporaryPassword,
      },
      status,
    );
  }

  private async renderUser(req: Request, res: Response, id: string, fb: Feedback, status: number): Promise<void> {
    const lang = langOf(res);
    const [user, regions] = await Promise.all([this.admin.user(id), this.admin.regions()]);
    const errors = translateFields(lang, fb.errors ?? {});
    this.views.send(
      req,
      res,
      'staff/admin-user',
      {
        titleKey: 'admin.user.editTitle',
        titleVars: { name: user.displayName },
        user,
        roleOptions: ROLES.map((r) => ({
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
