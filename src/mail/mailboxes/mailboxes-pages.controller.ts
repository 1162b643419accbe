import { Controller, Get, HttpStatus, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { RegionDirectory } from '../../routing/region-directory';
import { CurrentStaff, RequireRole, StaffAuthGuard, StaffRequest } from '../../auth/staff-auth.guard';
import { organisationParam, StaffIdentity } from '../../auth/staff-identity';
import { Language, translate } from '../../common/i18n/i18n';
import { InputInvalidException } from '../../common/validation';
import { CsrfService } from '../../common/web/csrf.service';
import { langOf, translateFields } from '../../common/web/request-context';
import { StaffViews } from '../../staff/staff-views.service';
import { AUTH_KINDS, SECURITIES, SEND_VIAS } from './mailbox-settings';
import { ConnectionTestResult, MailboxInput, MailboxesService, MailboxView } from './mailboxes.service';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => {
  const s = str(v)?.trim();
  if (!s) return undefined;
  return /^\d{1,5}$/.test(s) ? Number(s) : -1;
};

/** The form's fields as service input: empty secret fields mean "unchanged". */
function formInput(body: Record<string, unknown> | undefined, editing: boolean): MailboxInput {
  const b = body ?? {};
  const input: MailboxInput = {
    address: str(b.address),
    auth: str(b.auth),
    host: str(b.host),
    port: num(b.port),
    security: str(b.security),
    username: str(b.username),
    password: str(b.password) || undefined,
    tenantId: str(b.tenantId),
    clientId: str(b.clientId),
    clientSecret: str(b.clientSecret) || undefined,
    serviceAccountKey: str(b.serviceAccountKey) || undefined,
    tokenUrl: str(b.tokenUrl),
    scope: str(b.scope),
    refreshToken: str(b.refreshToken) || undefined,
    folder: str(b.folder),
    processed: str(b.processed),
    processedFolder: str(b.processedFolder),
    region: str(b.region) ?? null,
    fetchSince: str(b.fetchSince) ?? null,
    sendVia: str(b.sendVia),
    smtpHost: str(b.smtpHost),
    smtpPort: num(b.smtpPort),
    smtpSecurity: str(b.smtpSecurity),
    active: editing ? b.active === 'on' : true,
  };
  // The page always sends host/port fields; empty ones mean "the provider's default".
  for (const k of ['host', 'smtpHost', 'tenantId', 'clientId', 'tokenUrl', 'scope'] as const)
    if (input[k] === '') input[k] = editing ? '' : undefined;
  return input;
}

/** The caller's organisation scope (organisationParam): an org-admin sees and runs their own organisation's mailboxes. */
const scopeOf = (req: Request) => organisationParam((req as StaffRequest).staff!);

/** /admin/mailboxes: the organisation mailboxes with their status, add and edit forms, a connection test. */
@ApiExcludeController()
@Controller('admin/mailboxes')
@UseGuards(StaffAuthGuard)
@RequireRole('admin', 'org-admin')
export class MailboxesPagesController {
  constructor(
    private readonly mailboxes: MailboxesService,
    private readonly views: StaffViews,
    private readonly csrf: CsrfService,
    private readonly regionDirectory: RegionDirectory,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.renderList(req, res, {}, HttpStatus.OK);
  }

  @Post()
  async create(@Req() req: Request, @Res() res: Response, @CurrentStaff() s: StaffIdentity): Promise<void> {
    const body = req.body as Record<string, unknown> | undefined;
    if (!this.csrf.isValid(req))
      return this.renderList(req, res, { errors: { _form: ['errors.formExpired'] }, form: body }, HttpStatus.FORBIDDEN);
    try {
      const { id } = await this.mailboxes.create(s.id, formInput(body, false), organisationParam(s));
      res.redirect(HttpStatus.SEE_OTHER, `/admin/mailboxes/${id}?done=created`);
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.renderList(req, res, { errors: e.fields, form: body }, HttpStatus.BAD_REQUEST);
      throw e;
    }
  }

  @Get(':id')
  async edit(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const done = str(req.query.done);
    await this.renderEdit(req, res, id, {
      notice: done === 'created' || done === 'saved' ? `mailboxes.done.${done}` : undefined,
    });
  }

  @Post(':id')
  async update(
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() s: StaffIdentity,
  ): Promise<void> {
    if (!this.csrf.isValid(req))
      return this.renderEdit(req, res, id, { errors: { _form: ['errors.formExpired'] } }, HttpStatus.FORBIDDEN);
    try {
      await this.mailboxes.update(s.id, id, formInput(req.body as Record<string, unknown>, true), organisationParam(s));
      res.redirect(HttpStatus.SEE_OTHER, `/admin/mailboxes/${id}?done=saved`);
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.renderEdit(req, res, id, { errors: e.fields }, HttpStatus.BAD_REQUEST);
      throw e;
    }
  }

  @Post(':id/test')
  async test(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.csrf.isValid(req))
      return this.renderEdit(req, res, id, { errors: { _form: ['errors.formExpired'] } }, HttpStatus.FORBIDDEN);
    const result = await this.mailboxes.test(id, langOf(res), scopeOf(req));
    await this.renderEdit(req, res, id, { test: result });
  }

  /** The regions a mailbox may be given; "by postcode" (no region: the platform's) only for the platform admin. */
  private async regionChoices(lang: Language, req: Request, selected: unknown) {
    const scope = scopeOf(req);
    return [
      ...(scope === null ? [{ value: '', label: translate(lang, 'mailboxes.byPostcode'), selected: !selected }] : []),
      ...(await this.regionDirectory.all(scope)).map((r) => ({
        value: r.code,
        label: r.name,
        selected: r.code === selected,
      })),
    ];
  }

  private options(lang: Language, current: Partial<Record<string, unknown>>) {
    const opt = (list: readonly string[], key: string, value: unknown) =>
      list.map((v) => ({ value: v, label: translate(lang, `mailboxes.${key}.${v}`), selected: v === value }));
    return {
      authOptions: opt(AUTH_KINDS, 'auth', current.auth ?? 'password'),
      securityOptions: opt(SECURITIES, 'security', current.security ?? 'tls'),
      smtpSecurityOptions: opt(SECURITIES, 'security', current.smtpSecurity ?? 'starttls'),
      sendViaOptions: opt(SEND_VIAS, 'sendVia', current.sendVia),
      processedOptions: opt(['move', 'flag'], 'processed', current.processed ?? 'move'),
    };
  }

  private statusView(lang: Language, m: MailboxView) {
    const s = m.status;
    return {
      state: !m.active
        ? translate(lang, 'mailboxes.state.inactive')
        : s.failingSince
          ? translate(lang, 'mailboxes.state.failing')
          : s.connected
            ? translate(lang, 'mailboxes.state.connected')
            : translate(lang, 'mailboxes.state.disconnected'),
      failing: !!s.failingSince,
      connected: s.connected,
      lastFetchAt: s.lastFetchAt,
      fetched: s.fetched,
      lastError: s.lastError,
      failingSince: s.failingSince,
    };
  }

  private async renderList(
    req: Request,
    res: Response,
    fb: { errors?: Record<string, string[]>; form?: Record<string, unknown> },
    status: number,
  ): Promise<void> {
    const lang = langOf(res);
    const mailboxes = await this.mailboxes.list(lang, scopeOf(req));
    const form: Record<string, unknown> = { processedFolder: 'Luister/Verwerkt', folder: 'INBOX', ...(fb.form ?? {}) };
    for (const k of ['password', 'clientSecret', 'refreshToken', 'serviceAccountKey']) delete form[k];
    this.views.send(
      req,
      res,
      'staff/admin-mailboxes',
      {
        titleKey: 'mailboxes.title',
        mailboxes: mailboxes.map((m) => ({
          ...m,
          authLabel: translate(lang, `mailboxes.auth.${m.auth}`),
          regionLabel: m.region ?? translate(lang, 'mailboxes.byPostcode'),
          st: this.statusView(lang, m),
        })),
        form,
        regionChoices: await this.regionChoices(lang, req, form.region),
        ...this.options(lang, form),
        errors: Object.values(translateFields(lang, fb.errors ?? {})).flat(),
      },
      status,
    );
  }

  private async renderEdit(
    req: Request,
    res: Response,
    id: string,
    fb: { errors?: Record<string, string[]>; notice?: string; test?: ConnectionTestResult },
    status = HttpStatus.OK,
  ): Promise<void> {
    const lang = langOf(res);
    const m = await this.mailboxes.get(id, lang, scopeOf(req));
    this.views.send(
      req,
      res,
      'staff/admin-mailbox',
      {
        titleKey: 'mailboxes.editTitle',
        titleVars: { address: m.address },
        m,
        fromEnv: m.source === 'env',
        st: this.statusView(lang, m),
        regionChoices: await this.regionChoices(lang, req, m.region),
        ...this.options(lang, m as unknown as Record<string, unknown>),
        errors: Object.values(translateFields(lang, fb.errors ?? {})).flat(),
        notice: fb.notice,
        test: fb.test,
      },
      status,
    );
  }
}
