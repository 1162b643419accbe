import { Controller, Get, HttpStatus, NotFoundException, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentStaff, RequireRole, StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffIdentity } from '../auth/staff-identity';
import { translate } from '../common/i18n/i18n';
import { InputInvalidException, validateInput } from '../common/validation';
import { CsrfService } from '../common/web/csrf.service';
import { langOf, translateFields } from '../common/web/request-context';
import { StaffViews } from '../staff/staff-views.service';
import { AdminErasureDto } from './erasure.dto';
import { ErasureService } from './erasure.service';

/** An admin erases a case on the help-seeker's request from the browser: a reason, then erased. */
@ApiExcludeController()
@Controller('admin/cases/:id/erase')
@UseGuards(StaffAuthGuard)
@RequireRole('admin')
export class ErasureAdminPagesController {
  constructor(
    private readonly erasure: ErasureService,
    private readonly views: StaffViews,
    private readonly csrf: CsrfService,
  ) {}

  @Get()
  async form(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.render(req, res, id, {}, '', undefined, HttpStatus.OK);
  }

  @Post()
  async erase(
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    const reason = typeof req.body?.reason === 'string' ? (req.body.reason as string) : '';
    if (!this.csrf.isValid(req))
      return this.render(req, res, id, {}, reason, translate(langOf(res), 'errors.formExpired'), HttpStatus.FORBIDDEN);
    try {
      const dto = validateInput(AdminErasureDto, { reason: reason.trim() }, { rejectUnknown: false });
      await this.erasure.eraseByAdmin(staff.id, id, dto.reason);
    } catch (e) {
      if (e instanceof InputInvalidException)
        return this.render(req, res, id, e.fields, reason, undefined, HttpStatus.BAD_REQUEST);
      throw e;
    }
    res.redirect(HttpStatus.SEE_OTHER, `/cases/${id}`);
  }

  private async render(
    req: Request,
    res: Response,
    id: string,
    fields: Record<string, string[]>,
    reason: string,
    formError: string | undefined,
    status: number,
  ): Promise<void> {
    const c = await this.erasure.caseSummary(id);
    if (!c) throw new NotFoundException({ code: 'case_not_found', message: 'errors.notFound' });
    this.views.send(
      req,
      res,
      'erase-admin',
      {
        titleKey: 'eraseAdmin.title',
        titleVars: { ref: c.caseRef },
        caseId: id,
        caseRef: c.caseRef,
        erased: c.erased,
        errors: translateFields(langOf(res), fields),
        reason,
        formError,
      },
      status,
    );
  }
}
