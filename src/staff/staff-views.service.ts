import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isAdmin } from '../auth/staff-identity';
import type { StaffRequest } from '../auth/staff-auth.guard';
import { translate } from '../common/i18n/i18n';
import { ViewService } from '../common/views/view.service';
import { CsrfService } from '../common/web/csrf.service';
import { langOf } from '../common/web/request-context';

/** Staff pages: the staff layout, the logged-in user in the header and a CSRF token for every form. */
@Injectable()
export class StaffViews {
  constructor(
    private readonly views: ViewService,
    private readonly csrf: CsrfService,
  ) {}

  send(
    req: Request,
    res: Response,
    page: string,
    ctx: Record<string, unknown> & { titleKey: string; titleVars?: Record<string, string> },
    status = 200,
  ): void {
    const lang = langOf(res);
    const staff = (req as StaffRequest).staff;
    this.views.send(
      res,
      page,
      {
        ...ctx,
        lang,
        title: translate(lang, ctx.titleKey, ctx.titleVars),
        staff,
        isAdmin: staff ? isAdmin(staff) : false,
        // The manager dashboards: managers (their regions) and admins (all).
        // Bulk mail a person may have written after all: workers and up (trainees work under supervision).
        canSeeBulkMail: staff ? staff.role !== 'trainee' : false,
        canSeeDashboard: staff ? staff.role === 'manager' || isAdmin(staff) : false,
        roleLabel: staff ? translate(lang, `staff.role.${staff.role}`) : undefined,
        // Counted for staff pages by src/notifications (UnreadBadgeInterceptor); absent: no badge.
        notificationsUnread: res.locals.notificationsUnread as number | string | undefined,
        csrfToken: this.csrf.token(req, res),
        path: req.path,
      },
      status,
      'staff',
    );
  }
}
