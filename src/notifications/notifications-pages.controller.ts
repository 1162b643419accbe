import { Controller, Get, HttpStatus, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentStaff, StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffIdentity } from '../auth/staff-identity';
import { hasTranslation, translate } from '../common/i18n/i18n';
import { InputInvalidException } from '../common/validation';
import { CsrfService } from '../common/web/csrf.service';
import { langOf, translateFields } from '../common/web/request-context';
import { StaffViews } from '../staff/staff-views.service';
import { NotificationItem, NotificationsService, SLA_MAIL_CHOICES, UNREAD_CAP } from './notifications.service';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * /notifications: the caller's notifications newest first (keyset pages), open tasks on top, mark
 * one or all read, mark a task done, and the choice for the SLA e-mail. Plain forms, no script.
 */
@ApiExcludeController()
@Controller('notifications')
@UseGuards(StaffAuthGuard)
export class NotificationsPagesController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly views: StaffViews,
    private readonly csrf: CsrfService,
  ) {}

  @Get()
  async show(@Req() req: Request, @Res() res: Response, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    await this.render(req, res, staff, HttpStatus.OK, {});
  }

  @Post('read')
  async read(@Req() req: Request, @Res() res: Response, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    if (!this.csrf.isValid(req))
      return this.render(req, res, staff, HttpStatus.FORBIDDEN, { _form: ['errors.formExpired'] });
    const body = (req.body ?? {}) as Record<string, unknown>;
    const id = str(body.id);
    if (body.all === '1') await this.notifications.markRead(staff, { all: true });
    else if (/^\d{1,18}$/.test(id)) await this.notifications.markRead(staff, { ids: [id] });
    // Opening a notification marks it read and goes to its case.
    const open = str(body.open);
    res.redirect(HttpStatus.SEE_OTHER, /^[0-9a-f-]{36}$/i.test(open) ? `/cases/${open}` : '/notifications');
  }

  @Post(':id/done')
  async done(
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    if (!this.csrf.isValid(req))
      return this.render(req, res, staff, HttpStatus.FORBIDDEN, { _form: ['errors.formExpired'] });
    await this.notifications.markDone(staff, id);
    res.redirect(HttpStatus.SEE_OTHER, '/notifications');
  }

  @Post('settings')
  async settings(@Req() req: Request, @Res() res: Response, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    if (!this.csrf.isValid(req))
      return this.render(req, res, staff, HttpStatus.FORBIDDEN, { _form: ['errors.formExpired'] });
    try {
      await this.notifications.setSettings(staff.id, { slaMail: (req.body as Record<string, unknown>)?.slaMail });
    } catch (e) {
      if (e instanceof InputInvalidException) return this.render(req, res, staff, HttpStatus.BAD_REQUEST, e.fields);
      throw e;
    }
    res.redirect(HttpStatus.SEE_OTHER, '/notifications?saved=1');
  }

  private async render(
    req: Request,
    res: Response,
    staff: StaffIdentity,
    status: number,
    fields: Record<string, string[]>,
  ): Promise<void> {
    const lang = langOf(res);
    let page;
    try {
      page = await this.notifications.list(staff, { after: req.query.after, limit: req.query.limit });
    } catch (e) {
      if (!(e instanceof InputInvalidException)) throw e;
      fields = { ...fields, ...e.fields };
      page = await this.notifications.list(staff, {});
    }
    const [tasks, settings] = await Promise.all([
      this.notifications.openTasks(staff),
      this.notifications.settings(staff.id),
    ]);
    const view = (n: NotificationItem) => ({
      ...n,
      label: hasTranslation(lang, `notifications.kind.${n.kind}`)
        ? translate(lang, `notifications.kind.${n.kind}`)
        : n.kind,
      unread: !n.readAt,
      crisis: n.data?.crisis === true,
    });
    const errors = translateFields(lang, fields);
    // The header badge counts before this page's own changes; show the fresh figure.
    res.locals.notificationsUnread = page.unread > UNREAD_CAP ? `${UNREAD_CAP}+` : page.unread;
    this.views.send(
      req,
      res,
      'staff/notifications',
      {
        titleKey: 'notifications.title',
        items: page.items.map(view),
        tasks: tasks.map(view),
        unread: page.unread,
        nextHref: page.next ? `/notifications?after=${encodeURIComponent(page.next)}` : null,
        slaMailOptions: SLA_MAIL_CHOICES.map((c) => ({
          value: c,
          label: translate(lang, `notifications.slaMail.${c}`),
          checked: c === settings.slaMail,
        })),
        saved: req.query.saved === '1',
        errorList: Object.values(errors).flat(),
      },
      status,
    );
  }
}
