import { Controller, HttpStatus, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentStaff, StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffIdentity } from '../auth/staff-identity';
import { hasTranslation, translate } from '../common/i18n/i18n';
import { InputInvalidException } from '../common/validation';
import { CsrfService } from '../common/web/csrf.service';
import { langOf, translateFields } from '../common/web/request-context';
import { StaffViews } from '../staff/staff-views.service';
import { BulkRequest, CaseBulkService } from './case-bulk';

/** The inbox's bulk form posts here; the page lists what was done and, clearly, what was not. */
@ApiExcludeController()
@Controller('cases/bulk')
@UseGuards(StaffAuthGuard)
export class CaseBulkPagesController {
  constructor(
    private readonly bulk: CaseBulkService,
    private readonly views: StaffViews,
    private readonly csrf: CsrfService,
  ) {}

  @Post()
  async run(@Req() req: Request, @Res() res: Response, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    const lang = langOf(res);
    if (!this.csrf.isValid(req))
      return this.views.send(
        req,
        res,
        'staff/bulk-result',
        { titleKey: 'bulk.title', formErrors: [translate(lang, 'errors.formExpired')] },
        HttpStatus.FORBIDDEN,
      );
    let results;
    try {
      results = await this.bulk.run(staff, (req.body ?? {}) as BulkRequest);
    } catch (e) {
      if (!(e instanceof InputInvalidException)) throw e;
      const fields = translateFields(lang, e.fields);
      return this.views.send(
        req,
        res,
        'staff/bulk-result',
        { titleKey: 'bulk.title', formErrors: Object.values(fields).flat() },
        HttpStatus.BAD_REQUEST,
      );
    }
    const refs = await this.bulk.refs(
      staff,
      results.map((r) => r.id),
    );
    const row = (r: { id: string; ok: boolean; code?: string }) => ({
      id: r.id,
      ref: refs.get(r.id) ?? r.id,
      href: refs.has(r.id) ? `/cases/${r.id}` : null,
      reason: r.code
        ? hasTranslation(lang, `bulk.code.${r.code}`)
          ? translate(lang, `bulk.code.${r.code}`)
          : r.code
        : null,
    });
    this.views.send(req, res, 'staff/bulk-result', {
      titleKey: 'bulk.title',
      summary: translate(lang, 'bulk.done', {
        ok: String(results.filter((r) => r.ok).length),
        total: String(results.length),
      }),
      failed: results.filter((r) => !r.ok).map(row),
      done: results.filter((r) => r.ok).map(row),
    });
  }
}
