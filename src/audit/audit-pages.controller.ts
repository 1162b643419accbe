import { Controller, Get, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { StaffDirectory } from '../staff/staff-directory';
import { RegionDirectory } from '../routing/region-directory';
import { CurrentStaff, RequireRole, StaffAuthGuard } from '../auth/staff-auth.guard';
import { organisationParam, StaffIdentity } from '../auth/staff-identity';
import { translate } from '../common/i18n/i18n';
import { auditActionLabel, describeFacts } from '../common/i18n/readable';
import { InputInvalidException } from '../common/validation';
import { langOf, translateFields } from '../common/web/request-context';
import { StaffViews } from '../staff/staff-views.service';
import { parseAuditFilter } from './audit-query';
import { AuditRow, AuditService } from './audit.service';

/** /admin/audit?case=…|user=…: the trail of one case or one staff user, newest first (an org-admin: their organisation's). */
@ApiExcludeController()
@Controller('admin/audit')
@UseGuards(StaffAuthGuard)
@RequireRole('admin', 'org-admin')
export class AuditPagesController {
  constructor(
    private readonly audit: AuditService,
    private readonly views: StaffViews,
    private readonly db: DataSource,
    private readonly staffDirectory: StaffDirectory,
    private readonly regionDirectory: RegionDirectory,
  ) {}

  @Get()
  async show(@Req() req: Request, @Res() res: Response, @CurrentStaff() admin: StaffIdentity): Promise<void> {
    const lang = langOf(res);
    const scope = organisationParam(admin);
    const q = { caseId: req.query.case, userId: req.query.user, after: req.query.after, limit: req.query.limit };
    let items: AuditRow[] = [];
    let next: string | null = null;
    let errors: Record<string, string[]> = {};
    const asked = typeof q.caseId === 'string' || typeof q.userId === 'string';
    if (asked) {
      try {
        const f = await parseAuditFilter(this.db, q, scope);
        ({ items, next } = await this.audit.list({ caseId: f.caseId, userId: f.userId }, f.limit, f.after, scope));
        await this.audit.record(null, {
          actorId: admin.id,
          action: 'audit.read',
          caseId: f.caseId ?? null,
          targetUserId: f.userId ?? null,
        });
      } catch (e) {
        if (!(e instanceof InputInvalidException)) throw e;
        errors = translateFields(lang, e.fields);
      }
    }
    const users = (await this.staffDirectory.everyone(scope)).map((u) => ({
      id: u.id,
      label: `${u.name} (${translate(lang, `staff.role.${u.role}`)})`,
    }));
    const regions = await this.regionDirectory.all();
    const names = {
      regions: new Map(regions.map((r) => [r.code, r.name])),
      people: new Map(users.map((u) => [u.id, u.label])),
    };
    const params = new URLSearchParams();
    if (typeof q.caseId === 'string' && q.caseId) params.set('case', q.caseId);
    if (typeof q.userId === 'string' && q.userId) params.set('user', q.userId);
    if (next) params.set('after', next);
    this.views.send(req, res, 'staff/audit', {
      titleKey: 'audit.title',
      rows: items.map((i) => ({
        ...i,
        label: auditActionLabel(lang, i.action),
        details: describeFacts(lang, i.data, names).join(' · '),
      })),
      asked,
      caseValue: typeof q.caseId === 'string' ? q.caseId : '',
      userOptions: users.map((u) => ({ value: u.id, label: u.label, selected: u.id === q.userId })),
      errors,
      formError: Object.values(errors)[0]?.[0],
      nextHref: next ? `/admin/audit?${params.toString()}` : null,
    });
  }
}
