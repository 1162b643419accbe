import { Controller, Get, NotFoundException, Param, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import { CurrentStaff, RequireRole, StaffAuthGuard } from '../auth/staff-auth.guard';
import { isAdmin, StaffIdentity } from '../auth/staff-identity';
import { translate } from '../common/i18n/i18n';
import { InputInvalidException } from '../common/validation';
import { langOf, translateFields } from '../common/web/request-context';
import { StaffViews } from '../staff/staff-views.service';
import { DashboardFilter, DashboardQuery } from './dashboard-filter';
import { FIGURE_NAMES, isFigure } from './dashboard-figures';
import { CsvSeparator, DecimalSign, figureCsv, figureXlsx } from './dashboard-export';
import { DashboardFormat, dashboardView, FigureResults, filterQuery } from './dashboard-view';
import { DashboardScope, DashboardService } from './dashboard.service';

const FIELDS = ['from', 'to', 'organisation', 'region', 'topic', 'channel'] as const;
const SEPARATORS: Record<string, CsvSeparator> = { semicolon: ';', comma: ',', tab: '\t', ';': ';', ',': ',' };
const DECIMALS: Record<string, DecimalSign> = { comma: ',', point: '.', ',': ',', '.': '.' };
const PERIODS = [
  { key: 'weeks4', days: 28 },
  { key: 'weeks13', days: 91 },
  { key: 'weeks52', days: 364 },
];

/**
 * /dashboard: the manager figures (their regions; admins every region) as tiles, charts and
 * tables, filtered by period, region, topic and channel. A filter error is a 400 page with the
 * messages beside the fields and no figures, so no number is shown for a period nobody asked for.
 */
@ApiExcludeController()
@Controller('dashboard')
@UseGuards(StaffAuthGuard)
@RequireRole('manager', 'org-admin', 'admin')
export class DashboardPagesController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly views: StaffViews,
  ) {}

  /**
   * One figure as a file: XLSX, or CSV with a chosen separator and decimal sign. Figures leave
   * the team here, so the small-count rule always applies (as an explicit column).
   */
  @Get('export/:figure')
  async export(
    @Param('figure') name: string,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    const lang = langOf(res);
    if (!isFigure(name)) throw new NotFoundException({ code: 'unknown_figure', message: 'errors.http404' });
    const q = req.query as DashboardQuery & { format?: unknown; sep?: unknown; decimal?: unknown };
    const fields: Record<string, string[]> = {};
    const format = q.format ?? 'xlsx';
    if (format !== 'xlsx' && format !== 'csv') fields.format = ['dashboard.invalid.exportFormat'];
    const sep = q.sep === undefined ? ';' : SEPARATORS[String(q.sep)];
    if (!sep) fields.sep = ['dashboard.invalid.separator'];
    const decimal = q.decimal === undefined ? (sep === ',' ? '.' : ',') : DECIMALS[String(q.decimal)];
    if (!decimal || (sep === ',' && decimal === ',')) fields.decimal = ['dashboard.invalid.decimal'];
    if (Object.keys(fields).length) throw new InputInvalidException(fields);
    const scope = await this.dashboard.scope(staff);
    const filter = await this.dashboard.parseFilter(staff, q, scope);
    const result = await this.dashboard.figure(name, filter, { suppress: true });
    const fmt = new DashboardFormat(lang, result.minCount, scope.regionNames, organisationNames(scope));
    const title = translate(lang, `dashboard.figure.${name}.title`);
    const file = `luister-${name}-${filter.from}-${filter.to}`;
    if (format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${file}.csv"`);
      res.send(figureCsv(fmt, result, { separator: sep!, decimal: decimal! }));
      return;
    }
    const filters = [
      filter.organisation
        ? `${translate(lang, 'dashboard.filter.organisation')}: ${scope.organisations.get(filter.organisation)?.name}`
        : null,
      filter.region ? `${translate(lang, 'dashboard.filter.region')}: ${scope.regionNames.get(filter.region)}` : null,
      filter.topic ? `${translate(lang, 'dashboard.filter.topic')}: ${fmt.text('topic', filter.topic)}` : null,
      filter.channel ? `${translate(lang, 'dashboard.filter.channel')}: ${fmt.text('channel', filter.channel)}` : null,
    ].filter((x): x is string => !!x);
    const xlsx = await figureXlsx(fmt, result, {
      title,
      period: translate(lang, 'dashboard.period', { from: fmt.day(filter.from), to: fmt.day(filter.to) }),
      filters,
      generatedAt: new Date(),
    });
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="${file}.xlsx"`);
    res.send(xlsx);
  }

  @Get()
  async show(@Req() req: Request, @Res() res: Response, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    const lang = langOf(res);
    const q = req.query as DashboardQuery;
    const asked = Object.fromEntries(
      FIELDS.map((k) => [k, typeof q[k] === 'string' ? (q[k] as string) : '']),
    ) as Record<(typeof FIELDS)[number], string>;
    const scope = await this.dashboard.scope(staff);
    let filter: DashboardFilter | undefined;
    let errors: Record<string, string[]> = {};
    try {
      filter = await this.dashboard.parseFilter(staff, q, scope);
    } catch (e) {
      if (!(e instanceof InputInvalidException)) throw e;
      errors = translateFields(lang, e.fields);
    }

    let view: ReturnType<typeof dashboardView> | undefined;
    let rolledUpAt: string | null = null;
    let sampledEvery: number | null = null;
    let minCount = 0;
    if (filter) {
      const results = await this.dashboard.figures(FIGURE_NAMES, filter, {
        suppress: this.dashboard.suppressOnPage(staff, filter),
      });
      const byName = Object.fromEntries(results.map((r) => [r.figure, r])) as FigureResults;
      minCount = results[0].minCount;
      rolledUpAt = results.find((r) => r.rolledUpAt)?.rolledUpAt ?? null;
      sampledEvery = results.find((r) => r.percentilesSampledEvery)?.percentilesSampledEvery ?? null;
      view = dashboardView(new DashboardFormat(lang, minCount, scope.regionNames, organisationNames(scope)), byName);
    }

    const shown = filter
      ? {
          from: filter.from,
          to: filter.to,
          organisation: filter.organisation ?? '',
          region: filter.region ?? '',
          topic: filter.topic ?? '',
          channel: filter.channel ?? '',
        }
      : asked;
    const today = this.dashboard.today();
    const keep = {
      organisation: shown.organisation || null,
      region: shown.region || null,
      topic: shown.topic || null,
      channel: shown.channel || null,
    };
    const fmt = new DashboardFormat(lang, minCount, scope.regionNames, organisationNames(scope));
    this.views.send(
      req,
      res,
      'staff/dashboard',
      {
        titleKey: 'dashboard.title',
        stylesheets: ['/static/dashboard.css'],
        values: shown,
        errors,
        errorSummary: Object.entries(errors).map(([field, messages]) => ({ field, message: messages[0] })),
        // Only the platform admin chooses between organisations; everyone else sees their own.
        organisationOptions:
          isAdmin(staff) && scope.organisations.size > 1
            ? [...scope.organisations].map(([code, o]) => ({
                value: code,
                label: o.name,
                selected: code === shown.organisation,
              }))
            : null,
        regionOptions: [...scope.regionNames].map(([code, name]) => ({
          value: code,
          label: name,
          selected: code === shown.region,
        })),
        topicOptions: [
          ...scope.topics.map((t) => ({ value: t, label: translate(lang, `topic.${t}`), selected: t === shown.topic })),
          { value: 'none', label: translate(lang, 'dashboard.topicNone'), selected: shown.topic === 'none' },
        ],
        channelOptions: ['web', 'email'].map((c) => ({
          value: c,
          label: translate(lang, `inbox.channel.${c}`),
          selected: c === shown.channel,
        })),
        periods: PERIODS.map((p) => {
          const from = DateTime.fromISO(today)
            .minus({ days: p.days - 1 })
            .toISODate()!;
          return {
            label: translate(lang, `dashboard.filter.${p.key}`),
            href: `/dashboard?${filterQuery({ from, to: today, ...keep })}`,
            current: !!filter && filter.from === from && filter.to === today,
          };
        }),
        period: filter
          ? translate(lang, 'dashboard.period', { from: fmt.day(filter.from), to: fmt.day(filter.to) })
          : null,
        rolledUpAt,
        sampledEvery,
        minCount,
        exportMinCount: this.dashboard.exportMinCount(),
        ...(view ?? { tiles: [], sections: [], anySuppressed: false }),
        hasFigures: !!view,
      },
      filter ? 200 : 400,
    );
  }
}

function organisationNames(scope: DashboardScope): Map<string, string> {
  return new Map([...scope.organisations].map(([code, o]) => [code, o.name]));
}
