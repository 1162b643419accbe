import { Controller, Get, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentStaff, StaffAuthGuard } from '../auth/staff-auth.guard';
import { isAdmin, StaffIdentity } from '../auth/staff-identity';
import { translate } from '../common/i18n/i18n';
import { InputInvalidException } from '../common/validation';
import { langOf, translateFields } from '../common/web/request-context';
import { StaffViews } from '../staff/staff-views.service';
import { SEARCH_STATUSES, SearchRequest } from './search-query';
import { SearchPage, SearchService } from './search.service';

const KEYS = ['q', 'region', 'status', 'from', 'to'] as const;

/** /search: the header's search box lands here; filters, results with highlighted snippets. */
@ApiExcludeController()
@Controller('search')
@UseGuards(StaffAuthGuard)
export class SearchPagesController {
  constructor(
    private readonly search: SearchService,
    private readonly views: StaffViews,
  ) {}

  @Get()
  async show(@Req() req: Request, @Res() res: Response, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    const lang = langOf(res);
    const q = req.query as SearchRequest;
    const values = Object.fromEntries(KEYS.map((k) => [k, typeof q[k] === 'string' ? (q[k] as string) : ''])) as Record<
      (typeof KEYS)[number],
      string
    >;
    let page: SearchPage | null = null;
    let errors: Record<string, string[]> = {};
    if (values.q || q.after) {
      try {
        page = await this.search.search(staff, q);
      } catch (e) {
        if (!(e instanceof InputInvalidException)) throw e;
        errors = translateFields(lang, e.fields);
      }
    }
    const regions = await this.search.regions(isAdmin(staff) ? null : staff.regionIds);
    const params = new URLSearchParams();
    for (const k of KEYS) if (values[k]) params.set(k, values[k]);
    if (page?.next) params.set('after', page.next);
    this.views.send(req, res, 'staff/search', {
      titleKey: 'search.title',
      values,
      searched: page !== null,
      results: page?.items.map((i) => ({
        ...i,
        href: `/cases/${i.caseId}`,
        statusLabel: translate(lang, `inbox.status.${i.status}`),
      })),
      nextHref: page?.next ? `/search?${params.toString()}` : null,
      regionOptions: regions.map((r) => ({ value: r.code, label: r.name, selected: r.code === values.region })),
      statusOptions: SEARCH_STATUSES.map((s) => ({
        value: s,
        label: translate(lang, `inbox.status.${s}`),
        selected: s === values.status,
      })),
      errors,
      hasErrors: Object.keys(errors).length > 0,
    });
  }
}
