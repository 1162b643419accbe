import { Controller, Get, HttpException, HttpStatus, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentStaff, RequireRole, StaffAuthGuard } from '../../auth/staff-auth.guard';
import { rolesAtLeast, StaffIdentity } from '../../auth/staff-identity';
import { translate } from '../../common/i18n/i18n';
import { CsrfService } from '../../common/web/csrf.service';
import { langOf } from '../../common/web/request-context';
import { StaffViews } from '../../staff/staff-views.service';
import { BulkMailService } from './bulk-mail.service';

/** /mail/bulk: newsletters and notifications of the worker's regions, each with a "make it a case" button. */
@ApiExcludeController()
@Controller('mail/bulk')
@UseGuards(StaffAuthGuard)
@RequireRole(...rolesAtLeast('worker'))
export class BulkMailPagesController {
  constructor(
    private readonly bulk: BulkMailService,
    private readonly views: StaffViews,
    private readonly csrf: CsrfService,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    await this.render(req, res, staff, undefined, HttpStatus.OK);
  }

  private async render(
    req: Request,
    res: Response,
    staff: StaffIdentity,
    notice: string | undefined,
    httpStatus: number,
  ): Promise<void> {
    const lang = langOf(res);
    const after = typeof req.query.after === 'string' ? req.query.after : undefined;
    const page = await this.bulk.list(staff, { after });
    this.views.send(
      req,
      res,
      'staff/bulk-mail-list',
      {
        titleKey: 'bulkMail.title',
        notice,
        rows: page.items.map((i) => ({
          ...i,
          receivedAt: i.receivedAt.toISOString(),
          sender:
            i.fromName && i.fromAddress ? `${i.fromName} <${i.fromAddress}>` : (i.fromAddress ?? i.fromName ?? ''),
          reasonLabel: i.reason ?? '',
        })),
        nextHref: page.next ? `/mail/bulk?after=${encodeURIComponent(page.next)}` : null,
        convertLabel: translate(lang, 'bulkMail.convert'),
      },
      httpStatus,
    );
  }

  @Post(':id/case')
  async convert(
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    if (!this.csrf.isValid(req)) return this.render(req, res, staff, 'errors.formExpired', HttpStatus.FORBIDDEN);
    try {
      const { caseId } = await this.bulk.convert(staff, id);
      res.redirect(HttpStatus.SEE_OTHER, `/cases/${caseId}`);
    } catch (e) {
      if (!(e instanceof HttpException)) throw e;
      const status = e.getStatus();
      return this.render(
        req,
        res,
        staff,
        status === HttpStatus.CONFLICT ? 'bulkMail.notBulk' : 'errors.http404',
        status,
      );
    }
  }
}
