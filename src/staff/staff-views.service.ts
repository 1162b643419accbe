import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isAdmin, rolesAtLeast, Role } from '../auth/staff-identity';
import type { Language } from '../common/i18n/i18n';
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
        nav: staff ? staffMenu(staff.role, req.path, lang) : null,
        csrfToken: this.csrf.token(req, res),
        path: req.path,
      },
      status,
      'staff',
    );
  }
}

interface MenuItem {
  href: string;
  label: string;
  current: boolean;
}

/** Who may open what: the same rules as the pages' guards, so a menu never offers a 403. */
const MAIN_MENU: { href: string; key: string; roles: readonly string[]; also?: RegExp }[] = [
  { href: '/inbox', key: 'staff.nav.inbox', roles: rolesAtLeast('trainee'), also: /^\/cases\// },
  { href: '/mail/bulk', key: 'bulkMail.nav', roles: rolesAtLeast('worker') },
  { href: '/dashboard', key: 'staff.nav.dashboard', roles: ['manager', 'org-admin', 'admin'] },
  { href: '/sla/regions', key: 'staff.nav.sla', roles: ['manager', 'org-admin', 'admin'] },
  { href: '/reply-templates', key: 'staff.nav.templates', roles: rolesAtLeast('manager') },
  { href: '/referrals', key: 'staff.nav.referrals', roles: rolesAtLeast('manager') },
  { href: '/admin', key: 'staff.nav.admin', roles: ['org-admin', 'admin'], also: /^\/admin\// },
  { href: '/absence', key: 'absence.nav', roles: rolesAtLeast('trainee') },
  { href: '/me/texts', key: 'texts.nav', roles: rolesAtLeast('trainee') },
  { href: '/account', key: 'staff.nav.account', roles: rolesAtLeast('trainee') },
];

/**
 * The admin's pages, as a second row under the menu on every /admin page. The mail logs hold mail
 * not yet routed to an organisation, so they stay the platform admin's.
 */
const ADMIN_MENU: { href: string; key: string; roles: readonly Role[]; also?: RegExp }[] = [
  { href: '/admin', key: 'staff.nav.adminHome', roles: ['org-admin', 'admin'] },
  {
    href: '/admin/organisation',
    key: 'orgSettings.nav',
    roles: ['org-admin', 'admin'],
    also: /^\/admin\/organisations\//,
  },
  { href: '/admin/audit', key: 'audit.title', roles: ['org-admin', 'admin'] },
  { href: '/admin/mail/outbound', key: 'outboundMail.title', roles: ['admin'] },
  { href: '/admin/mail/inbound', key: 'inboundMail.title', roles: ['admin'] },
  { href: '/admin/mailboxes', key: 'mailboxes.title', roles: ['org-admin', 'admin'] },
];

/**
 * The staff menu for a role: every page the role may use, the current one marked. The layout
 * renders `nav.main` and, on admin pages, `nav.admin`; other parts of the header (search,
 * notifications) sit beside it in the layout.
 */
export function staffMenu(role: Role, path: string, lang: Language): { main: MenuItem[]; admin: MenuItem[] | null } {
  const here = (href: string, also?: RegExp) => path === href || path.startsWith(`${href}/`) || !!also?.test(path);
  const main = MAIN_MENU.filter((m) => m.roles.includes(role)).map((m) => ({
    href: m.href,
    label: translate(lang, m.key),
    current: here(m.href, m.also),
  }));
  const admin =
    (role === 'admin' || role === 'org-admin') && (path === '/admin' || path.startsWith('/admin/'))
      ? ADMIN_MENU.filter((m) => m.roles.includes(role)).map((m) => ({
          href: m.href,
          label: translate(lang, m.key),
          current: m.href === '/admin' ? path === '/admin' || path.startsWith('/admin/users') : here(m.href, m.also),
        }))
      : null;
  return { main, admin };
}
