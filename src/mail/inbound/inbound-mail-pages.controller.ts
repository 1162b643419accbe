import { Controller, Get, HttpStatus, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { RequireRole, StaffAuthGuard } from '../../auth/staff-auth.guard';
import { translate } from '../../common/i18n/i18n';
import { CsrfService } from '../../common/web/csrf.service';
import { langOf } from '../../common/web/request-context';
import { StaffViews } from '../../staff/staff-views.service';
import { InboundMailLogService } from './inbound-mail-log.service';
import { RawMailStatus, RawMailSummary } from './raw-mail.store';

const STATUSES: RawMailStatus[] = ['stored', 'processed', 'quarantined'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * /admin/mail/inbound: what arrived and what it became, quarantined mail with its error and a
 * replay button. No addresses, subjects or Message-IDs on the page (the JSON API has the ids).
 */
@ApiExcludeController()
@Controller('admin/mail/inbound')
@UseGuards(StaffAuthGuard)
@RequireRole('admin')
export class InboundMailPagesController {
  constructor(
    private readonly log: InboundMailLogService,
    private readonly views: StaffViews,
    private readonly csrf: CsrfService,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.render(req, res, req.query.done === 'replayed' ? 'inboundMail.replayed' : undefined, HttpStatus.OK);
  }

  private async render(req: Request, res: Response, notice: string | undefined, httpStatus: number): Promise<void> {
    const lang = langOf(res);
    const status = STATUSES.includes(req.query.status as RawMailStatus)
      ? (req.query.status as RawMailStatus)
      : undefined;
    const after = typeof req.query.after === 'string' ? req.query.after : undefined;
    const page = await this.log.list({ status, after });
    const params = new URLSearchParams();
    if (status) params.set('status', status);
    if (page.next) params.set('after', page.next);
    this.views.send(
      req,
      res,
      'staff/inbound-mail-list',
      {
        titleKey: 'inboundMail.title',
        notice,
        status: status ?? '',
        rows: page.items.map((s: RawMailSummary) => ({
          ...s,
          receivedAt: s.receivedAt.toISOString(),
          statusLabel: translate(lang, `inboundMail.status.${s.status}`),
          classLabel: s.kind
            ? translate(lang, `bulkMail.kind.${s.kind}`)
            : s.class
              ? translate(lang, `inboundMail.class.${s.class}`)
              : '',
          convertible: s.kind === 'bulk',
          replayable: s.status !== 'processed',
        })),
        statusOptions: STATUSES.map((s) => ({
          value: s,
          label: translate(lang, `inboundMail.status.${s}`),
          selected: s === status,
        })),
        nextHref: page.next ? `/admin/mail/inbound?${params.toString()}` : null,
      },
      httpStatus,
    );
  }

  @Post(':id/replay')
  async replay(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.csrf.isValid(req)) return this.render(req, res, 'errors.formExpired', HttpStatus.FORBIDDEN);
    if (UUID.test(id)) await this.log.replay(id);
    const status = STATUSES.includes(req.body?.status) ? `&status=${req.body.status as string}` : '';
    res.redirect(HttpStatus.SEE_OTHER, `/admin/mail/inbound?done=replayed${status}`);
  }
}
