import { Controller, Get, HttpStatus, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../config/config';
import { InputInvalidException } from '../common/validation';
import { CsrfService, SESSION_COOKIE } from '../common/web/csrf.service';
import { clientAddress, langOf, translateFields } from '../common/web/request-context';
import { StaffViews } from '../staff/staff-views.service';
import { AuthService, LoginFailedException } from './auth.service';
import { AllowPending, CurrentStaff, StaffAuthGuard, StaffRequest } from './staff-auth.guard';
import { StaffIdentity } from './staff-identity';

/** Only local paths after login: `/inbox`, never `//evil.example` or `https://…`. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : '/inbox';
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Login, logout and the account page (password, second factor). */
@ApiExcludeController()
@Controller()
export class AuthPagesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly views: StaffViews,
    private readonly csrf: CsrfService,
  ) {}

  @Get('login')
  loginPage(@Req() req: Request, @Res() res: Response): void {
    this.renderLogin(req, res, { next: safeNext(req.query.next) }, {}, HttpStatus.OK);
  }

  @Post('login')
  async login(@Req() req: Request, @Res() res: Response): Promise<void> {
    const email = str(req.body?.email);
    const next = safeNext(req.body?.next);
    if (!this.csrf.isValid(req))
      return this.renderLogin(req, res, { email, next }, { _form: ['errors.formExpired'] }, HttpStatus.FORBIDDEN);
    try {
      const { token } = await this.auth.login(
        { email, password: str(req.body?.password), totp: str(req.body?.totp) || undefined },
        'cookie',
        clientAddress(req),
      );
      res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: this.config.behindTls, path: '/' });
      res.redirect(HttpStatus.SEE_OTHER, next);
    } catch (e) {
      if (!(e instanceof LoginFailedException)) throw e;
      const key = e.getResponse() as { message: string };
      this.renderLogin(
        req,
        res,
        { email, next, askTotp: e.reason === 'totp-required' || e.reason === 'totp-invalid' },
        { _form: [key.message] },
        e.getStatus(),
      );
    }
  }

  @Post('logout')
  @UseGuards(StaffAuthGuard)
  @AllowPending()
  async logout(@Req() req: StaffRequest, @Res() res: Response, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    // No CSRF check needed to be logged out, but only a same-site form can do it (SameSite=Lax).
    await this.auth.logout(req.staffToken, staff.id);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(HttpStatus.SEE_OTHER, '/login?loggedOut=1');
  }

  @Get('account')
  @UseGuards(StaffAuthGuard)
  @AllowPending()
  async account(@Req() req: Request, @Res() res: Response, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    await this.renderAccount(req, res, staff, {}, HttpStatus.OK);
  }

  @Post('account/password')
  @UseGuards(StaffAuthGuard)
  @AllowPending()
  async changePassword(
    @Req() req: StaffRequest,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    if (!this.csrf.isValid(req))
      return this.renderAccount(req, res, staff, { errors: { _form: ['errors.formExpired'] } }, HttpStatus.FORBIDDEN);
    try {
      if (str(req.body?.newPassword) !== str(req.body?.repeatPassword))
        throw new InputInvalidException({ repeatPassword: ['auth.passwordsDiffer'] });
      await this.auth.changePassword(
        staff.id,
        str(req.body?.currentPassword),
        str(req.body?.newPassword),
        req.staffToken,
      );
      res.redirect(HttpStatus.SEE_OTHER, '/account?done=password');
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.renderAccount(req, res, staff, { errors: e.fields }, HttpStatus.BAD_REQUEST);
      throw e;
    }
  }

  @Post('account/totp/start')
  @UseGuards(StaffAuthGuard)
  @AllowPending()
  async startTotp(@Req() req: Request, @Res() res: Response, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    if (staff.pending === 'password-change') return res.redirect(HttpStatus.SEE_OTHER, '/account');
    if (!this.csrf.isValid(req))
      return this.renderAccount(req, res, staff, { errors: { _form: ['errors.formExpired'] } }, HttpStatus.FORBIDDEN);
    const setup = await this.auth.startTotp(staff.id);
    await this.renderAccount(req, res, staff, { totpSetup: setup }, HttpStatus.OK);
  }

  @Post('account/totp/confirm')
  @UseGuards(StaffAuthGuard)
  @AllowPending()
  async confirmTotp(@Req() req: Request, @Res() res: Response, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    if (!this.csrf.isValid(req))
      return this.renderAccount(req, res, staff, { errors: { _form: ['errors.formExpired'] } }, HttpStatus.FORBIDDEN);
    try {
      await this.auth.confirmTotp(staff.id, str(req.body?.code));
      res.redirect(HttpStatus.SEE_OTHER, '/account?done=totp');
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.renderAccount(req, res, staff, { errors: e.fields }, HttpStatus.BAD_REQUEST);
      throw e;
    }
  }

  @Post('account/totp/disable')
  @UseGuards(StaffAuthGuard)
  async disableTotp(@Req() req: Request, @Res() res: Response, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    if (!this.csrf.isValid(req))
      return this.renderAccount(req, res, staff, { errors: { _form: ['errors.formExpired'] } }, HttpStatus.FORBIDDEN);
    try {
      await this.auth.disableTotp(staff.id, staff.role, str(req.body?.password));
      res.redirect(HttpStatus.SEE_OTHER, '/account?done=totpOff');
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.renderAccount(req, res, staff, { errors: e.fields }, HttpStatus.BAD_REQUEST);
      throw e;
    }
  }

  private renderLogin(
    req: Request,
    res: Response,
    values: { email?: string; next: string; askTotp?: boolean },
    fields: Record<string, string[]>,
    status: number,
  ): void {
    const errors = translateFields(langOf(res), fields);
    this.views.send(
      req,
      res,
      'staff/login',
      {
        titleKey: 'auth.loginTitle',
        values,
        errors,
        formError: errors._form?.[0],
        loggedOut: req.query.loggedOut === '1',
      },
      status,
    );
  }

  private async renderAccount(
    req: Request,
    res: Response,
    staff: StaffIdentity,
    extra: { errors?: Record<string, string[]>; totpSetup?: { secret: string; otpauthUrl: string } },
    status: number,
  ): Promise<void> {
    const errors = translateFields(langOf(res), extra.errors ?? {});
    this.views.send(
      req,
      res,
      'staff/account',
      {
        titleKey: 'account.title',
        errors,
        formError: errors._form?.[0],
        totpOn: await this.auth.totpEnabled(staff.id),
        totpRequired: this.config.staffAuth.totpRequiredRoles.includes(staff.role),
        totpSetup: extra.totpSetup,
        totpConfirm: !!extra.totpSetup || !!errors.code,
        pendingPassword: staff.pending === 'password-change',
        pendingTotp: staff.pending === 'totp-setup',
        done: ['password', 'totp', 'totpOff'].includes(str(req.query.done))
          ? `account.done.${str(req.query.done)}`
          : undefined,
      },
      status,
    );
  }
}
