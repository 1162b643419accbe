import { Controller, Get, HttpStatus, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentStaff, StaffAuthGuard } from '../auth/staff-auth.guard';
import { rolesAtLeast, StaffIdentity } from '../auth/staff-identity';
import { translate } from '../common/i18n/i18n';
import { InputInvalidException } from '../common/validation';
import { CsrfService } from '../common/web/csrf.service';
import { langOf, translateFields } from '../common/web/request-context';
import { StaffViews } from './staff-views.service';
import { AbsenceService } from './absence.service';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const day = (d: Date) => new Date(d).toISOString().slice(0, 10);

/** /absence: set or end an absence (a supervisor also for a colleague of their regions). */
@ApiExcludeController()
@Controller('absence')
@UseGuards(StaffAuthGuard)
export class AbsencePagesController {
  constructor(
    private readonly absence: AbsenceService,
    private readonly views: StaffViews,
    private readonly csrf: CsrfService,
  ) {}

  @Get()
  async show(@Req() req: Request, @Res() res: Response, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    await this.render(req, res, staff, str(req.query.for) || staff.id, {}, {}, HttpStatus.OK, str(req.query.done));
  }

  @Post()
  async save(@Req() req: Request, @Res() res: Response, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const target = str(body.for) || staff.id;
    const values = { from: str(body.from), to: str(body.to), substituteId: str(body.substituteId) };
    if (!this.csrf.isValid(req))
      return this.render(req, res, staff, target, { _form: ['errors.formExpired'] }, values, HttpStatus.FORBIDDEN);
    try {
      if (body.end === '1') await this.absence.end(staff, target);
      else await this.absence.set(staff, target, values);
    } catch (e) {
      if (!(e instanceof InputInvalidException)) throw e;
      return this.render(req, res, staff, target, e.fields, values, HttpStatus.BAD_REQUEST);
    }
    const q = new URLSearchParams({ done: body.end === '1' ? 'ended' : 'saved' });
    if (target !== staff.id) q.set('for', target);
    res.redirect(HttpStatus.SEE_OTHER, `/absence?${q.toString()}`);
  }

  private async render(
    req: Request,
    res: Response,
    staff: StaffIdentity,
    target: string,
    fieldKeys: Record<string, string[]>,
    values: Record<string, string>,
    status: number,
    done = '',
  ): Promise<void> {
    const lang = langOf(res);
    const canManage = rolesAtLeast('supervisor').includes(staff.role);
    const colleagues = await this.absence.colleagues(staff);
    const forId = canManage && colleagues.some((c) => c.id === target) ? target : staff.id;
    const current = await this.absence.get(forId);
    const errors = translateFields(lang, fieldKeys);
    this.views.send(
      req,
      res,
      'staff/absence',
      {
        titleKey: 'absence.title',
        canManage,
        forId,
        forOptions: colleagues
          .filter((c) => c.id !== staff.id)
          .map((c) => ({ value: c.id, label: c.displayName, selected: c.id === forId })),
        substituteOptions: colleagues
          .filter((c) => c.id !== forId)
          .map((c) => ({
            value: c.id,
            label: c.displayName,
            selected: c.id === (values.substituteId ?? current?.substituteId),
          })),
        current: current
          ? translate(lang, current.substituteName ? 'absence.currentWith' : 'absence.current', {
              from: day(current.from),
              to: day(new Date(new Date(current.to).getTime() - 1)),
              substitute: current.substituteName ?? '',
            })
          : null,
        values: {
          from: values.from ?? (current ? day(current.from) : ''),
          to: values.to ?? (current ? day(new Date(new Date(current.to).getTime() - 1)) : ''),
        },
        errors,
        formError: errors._form?.[0],
        done: done === 'saved' ? 'absence.saved' : done === 'ended' ? 'absence.ended' : undefined,
      },
      status,
    );
  }
}
