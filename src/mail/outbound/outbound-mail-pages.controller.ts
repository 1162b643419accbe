import { Controller, Get, Inject, Param, ParseUUIDPipe, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentStaff, RequireRole, StaffAuthGuard } from '../../auth/staff-auth.guard';
import { StaffIdentity } from '../../auth/staff-identity';
import { translate } from '../../common/i18n/i18n';
import { langOf } from '../../common/web/request-context';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { StaffViews } from '../../staff/staff-views.service';
import {
  OUTBOX_STATUSES,
  OutboundMailLogService,
  OutboundMailSummary,
  OutboxStatus,
} from './outbound-mail-log.service';

/**
 * /admin/mail/outbound: outgoing mail for admins — without a relay (the demo) the place where
 * sent mail is read. The list holds no addresses or content; opening a mail is audited.
 */
@ApiExcludeController()
@Controller('admin/mail/outbound')
@UseGuards(StaffAuthGuard)
@RequireRole('admin')
export class OutboundMailPagesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly log: OutboundMailLogService,
    private readonly views: StaffViews,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = langOf(res);
    const status = OUTBOX_STATUSES.includes(req.query.status as OutboxStatus)
      ? (req.query.status as OutboxStatus)
      : undefined;
    const after = typeof req.query.after === 'string' ? req.query.after : undefined;
    const page = await this.log.list({ status, after });
    const label = (s: OutboundMailSummary) => ({
      ...s,
      kindLabel: translate(lang, `outboundMail.kind.${s.kind}`),
      statusLabel: translate(lang, `outboundMail.status.${s.status}`),
    });
    const params = new URLSearchParams();
    if (status) params.set('status', status);
    if (page.next) params.set('after', page.next);
    this.views.send(req, res, 'staff/outbound-mail-list', {
      titleKey: 'outboundMail.title',
      kept: !this.config.outboundMail.relayUrl,
      rows: page.items.map(label),
      statusOptions: OUTBOX_STATUSES.map((s) => ({
        value: s,
        label: translate(lang, `outboundMail.status.${s}`),
        selected: s === status,
      })),
      nextHref: page.next ? `/admin/mail/outbound?${params.toString()}` : null,
    });
  }

  @Get(':id')
  async read(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @CurrentStaff() admin: StaffIdentity,
  ): Promise<void> {
    const lang = langOf(res);
    const mail = await this.log.read(id, admin.id);
    this.views.send(req, res, 'staff/outbound-mail', {
      titleKey: 'outboundMail.mailTitle',
      mail: {
        ...mail,
        kindLabel: translate(lang, `outboundMail.kind.${mail.kind}`),
        statusLabel: translate(lang, `outboundMail.status.${mail.status}`),
      },
    });
  }
}
