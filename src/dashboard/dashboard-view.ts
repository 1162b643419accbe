import { hasTranslation, Language, translate } from '../common/i18n/i18n';
import { horizontalBars, HorizontalBarItem, stackedBars, trendPanels } from './dashboard-charts';
import { FIGURE_NAMES, FigureName } from './dashboard-figures';
import { Cell, Column, ShapedRow } from './dashboard-table';
import { FigureResult } from './dashboard.service';

/**
 * Turns the figures (the same FigureResults the JSON API returns) into what the dashboard page
 * shows: headline tiles, and per figure a chart, the full table and the CSV link. Every number
 * is formatted here for the page's language; charts and tables read the same cells.
 */

export type FigureResults = Record<FigureName, FigureResult>;

export interface CellView {
  text: string;
  /** Hidden by the small-count rule: the page shows `text` ("<5") and a spoken explanation. */
  suppressed: boolean;
  numeric: boolean;
}

export interface TileView {
  id: string;
  label: string;
  value: CellView;
  details: string[];
  baseline?: string;
}

export interface SectionView {
  name: FigureName;
  title: string;
  description: string;
  chart: string | null;
  caption: string;
  columns: { key: string; label: string; numeric: boolean }[];
  rows: { cells: CellView[] }[];
  baselines: string[];
  csvHref: string;
  exports: { xlsx: string; csvSemicolon: string; csvComma: string };
  now: boolean;
}

const LOCALE: Record<Language, string> = { nl: 'nl-NL', en: 'en-GB' };

export class DashboardFormat {
  private readonly int: Intl.NumberFormat;
  private readonly oneDecimal: Intl.NumberFormat;
  private readonly score: Intl.NumberFormat;
  private readonly percent: Intl.NumberFormat;
  private readonly shortDay: Intl.DateTimeFormat;
  private readonly longDay: Intl.DateTimeFormat;

  constructor(
    readonly lang: Language,
    readonly minCount: number,
    private readonly regionNames: ReadonlyMap<string, string>,
    private readonly organisationNames: ReadonlyMap<string, string> = new Map(),
  ) {
    const locale = LOCALE[lang];
    this.int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    this.oneDecimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    this.score = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 2 });
    this.percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    this.shortDay = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
    this.longDay = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
  }

  t(key: string, vars?: Record<string, string | number>): string {
    return translate(this.lang, key, vars);
  }

  hours(h: number): string {
    return this.t('dashboard.unit.hours', { n: this.oneDecimal.format(h) });
  }

  share(s: number): string {
    return this.percent.format(s);
  }

  count(n: number): string {
    return this.int.format(n);
  }

  day(iso: string, short = false): string {
    const d = new Date(`${iso}T00:00:00Z`);
    return Number.isNaN(d.getTime()) ? iso : (short ? this.shortDay : this.longDay).format(d);
  }

  /** A code in a text column as a label: channels, topics, regions, roles, checklist items, referral kinds. */
  text(column: string, value: string): string {
    const known = (key: string) => (hasTranslation(this.lang, key) ? this.t(key) : value);
    switch (column) {
      case 'channel':
        return value === 'all' ? this.t('dashboard.allChannels') : known(`inbox.channel.${value}`);
      case 'topic':
        return value === 'none' ? this.t('dashboard.topicNone') : known(`topic.${value}`);
      case 'region':
        return value === 'all' ? this.t('dashboard.allRegions') : (this.regionNames.get(value) ?? value);
      case 'organisation':
        return this.organisationNames.get(value) ?? value;
      case 'target':
        return known(`dashboard.target.${value}`);
      case 'role':
        return known(`staff.role.${value}`);
      case 'item':
        return known(`composer.check.${value}`);
      case 'kind':
        return known(`composer.kind.${value}`);
      default:
        return value;
    }
  }

  /** A number of a column's kind, as the table shows it. */
  value(kind: Column['kind'], v: number): string {
    switch (kind) {
      case 'hours':
        return this.hours(v);
      case 'share':
        return this.share(v);
      case 'score':
        return this.score.format(v);
      default:
        return this.count(v);
    }
  }

  cell(column: Column, row: ShapedRow): CellView {
    if (row.suppressed.includes(column.key))
      return { text: `<${this.minCount}`, suppressed: true, numeric: column.kind !== 'text' };
    const v = row[column.key] as Cell;
    const numeric = column.kind !== 'text' && column.kind !== 'day';
    // A count is a sum: none (SUM over no rows) is zero; a time or share of nothing stays a dash.
    if ((v === null || v === undefined) && column.kind === 'count')
      return { text: this.count(0), suppressed: false, numeric };
    if (v === null || v === undefined) return { text: '–', suppressed: false, numeric };
    if (column.kind === 'text') return { text: this.text(column.key, String(v)), suppressed: false, numeric };
    if (column.kind === 'day') return { text: this.day(String(v)), suppressed: false, numeric };
    return { text: this.value(column.kind, Number(v)), suppressed: false, numeric };
  }

  columnLabel(key: string): string {
    return this.t(`dashboard.col.${key}`);
  }
}

/** The query string of the filter, for the CSV links and the quick period links. */
export function filterQuery(
  f: {
    from: string;
    to: string;
    region: string | null;
    organisation?: string | null;
    topic: string | null;
    channel: string | null;
  },
  extra: Record<string, string> = {},
): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({
    from: f.from,
    to: f.to,
    organisation: f.organisation ?? null,
    region: f.region,
    topic: f.topic,
    channel: f.channel,
    ...extra,
  }))
    if (v) p.set(k, v);
  return p.toString();
}

const num = (row: ShapedRow | undefined, key: string): number | null => {
  if (!row || row.suppressed.includes(key)) return null;
  const v = row[key];
  return v === null || v === undefined ? null : Number(v);
};

const matches = (row: ShapedRow, where?: Record<string, string>) =>
  !where || Object.entries(where).every(([k, v]) => row[k] === v);

/** The research figures that apply to a row, as "Research: …" sentences. */
function baselineFor(
  fmt: DashboardFormat,
  r: FigureResult,
  row: ShapedRow,
): { column: string; value: number; label: string }[] {
  return r.baselines
    .filter((b) => b.value !== null && matches(row, b.where))
    .map((b) => {
      const kind = r.columns.find((c) => c.key === b.column)?.kind ?? 'count';
      return {
        column: b.column,
        value: Number(b.value),
        label: fmt.t(`dashboard.baseline.${b.key}`, { value: fmt.value(kind, Number(b.value)) }),
      };
    });
}

function baselineSentences(fmt: DashboardFormat, r: FigureResult): string[] {
  return r.baselines
    .filter((b) => b.value !== null)
    .map((b) => {
      const kind = r.columns.find((c) => c.key === b.column)?.kind ?? 'count';
      return fmt.t(`dashboard.baseline.${b.key}`, { value: fmt.value(kind, Number(b.value)) });
    });
}

function barItems(
  fmt: DashboardFormat,
  r: FigureResult,
  labelColumn: string,
  keys: string[],
  rows = r.rows,
  withBaselines = false,
): HorizontalBarItem[] {
  return rows.map((row) => {
    const cols = keys.map((k) => r.columns.find((c) => c.key === k)!);
    const base = withBaselines ? baselineFor(fmt, r, row)[0] : undefined;
    return {
      label: fmt.text(labelColumn, String(row[labelColumn] ?? '')),
      values: keys.map((k) => num(row, k)),
      valueLabels: cols.map((c) => fmt.cell(c, row).text),
      baseline: base ? { value: base.value, label: base.label } : undefined,
    };
  });
}

/** The chart of one figure (null when there is nothing to draw). */
export function chartFor(fmt: DashboardFormat, r: FigureResult): string | null {
  const id = `chart-${r.figure}`;
  const title = fmt.t(`dashboard.figure.${r.figure}.chart`);
  const desc = fmt.t('dashboard.chartDesc');
  const series = (keys: string[]) => keys.map((k) => fmt.columnLabel(k));
  const count = (n: number) => fmt.count(n);
  const pct = (n: number) => fmt.share(n);
  const hrs = (n: number) => fmt.hours(n);
  const baselineLegend = fmt.t('dashboard.baselineLegend');
  switch (r.figure) {
    case 'volume': {
      const keys = ['cases_new', 'messages_in', 'messages_out'];
      const rows = r.rows.filter((x) => x.channel !== 'all');
      if (!rows.length) return null;
      return horizontalBars({
        id,
        title,
        desc,
        series: series(keys),
        items: barItems(fmt, r, 'channel', keys, rows),
        tick: count,
        integer: true,
      });
    }
    case 'topics': {
      if (!r.rows.length) return null;
      return horizontalBars({
        id,
        title,
        desc,
        series: series(['cases_new']),
        items: barItems(fmt, r, 'topic', ['cases_new']),
        tick: count,
        integer: true,
      });
    }
    case 'response': {
      const keys = ['business_median', 'wall_mean'];
      const rows = r.rows.filter((x) => Number(x.replies ?? 0) > 0 || x.suppressed.includes('replies'));
      if (!rows.length) return null;
      const items = rows.map((row) => {
        const [item] = barItems(fmt, r, 'channel', keys, [row], true);
        return {
          ...item,
          label: `${fmt.text('target', String(row.target))} · ${fmt.text('channel', String(row.channel))}`,
        };
      });
      return horizontalBars({ id, title, desc, series: series(keys), items, tick: hrs, baselineLegend });
    }
    case 'trend': {
      if (!r.rows.length) return null;
      const col = (k: string) => r.rows.map((row) => num(row, k));
      return trendPanels({
        id,
        title,
        desc,
        periods: r.rows.map((row) => fmt.day(String(row.week), true)),
        panels: [
          { label: fmt.columnLabel('cases_new'), kind: 'bars', values: col('cases_new'), tick: count, integer: true },
          {
            label: fmt.columnLabel('first_business_median'),
            kind: 'line',
            values: col('first_business_median'),
            tick: hrs,
          },
          { label: fmt.columnLabel('within_sla'), kind: 'line', values: col('within_sla'), max: 1, tick: pct },
        ],
      });
    }
    case 'backlog': {
      const keys = ['under_1_day', 'days_1_to_3', 'days_3_to_7', 'over_7_days'];
      const rows = r.rows.filter((x) => x.region !== 'all');
      if (!rows.length) return null;
      const awaiting = r.columns.find((c) => c.key === 'awaiting')!;
      return stackedBars({
        id,
        title,
        desc,
        series: series(keys),
        items: rows.map((row) => ({
          label: fmt.text('region', String(row.region)),
          values: keys.map((k) => num(row, k)),
          total: num(row, 'awaiting'),
          totalLabel: fmt.cell(awaiting, row).text,
        })),
        tick: count,
        hiddenLegend: fmt.t('dashboard.hiddenLegend', { n: fmt.minCount }),
      });
    }
    case 'workload': {
      const keys = ['replies_sent', 'awaiting', 'overdue'];
      const rows = r.rows.slice(0, 20);
      if (!rows.length) return null;
      return horizontalBars({
        id,
        title,
        desc,
        series: series(keys),
        items: barItems(fmt, r, 'worker', keys, rows),
        tick: count,
        integer: true,
      });
    }
    case 'regions':
    case 'organisations': {
      const keys = ['cases_new', 'messages_out', 'awaiting'];
      if (!r.rows.length) return null;
      return horizontalBars({
        id,
        title,
        desc,
        series: series(keys),
        items: barItems(fmt, r, r.figure === 'regions' ? 'region' : 'organisation', keys),
        tick: count,
        integer: true,
      });
    }
    case 'checklist':
      return horizontalBars({
        id,
        title,
        desc,
        series: series(['rate']),
        items: barItems(fmt, r, 'item', ['rate'], r.rows, true),
        max: 1,
        tick: pct,
        baselineLegend,
      });
    case 'referrals':
      return horizontalBars({
        id,
        title,
        desc,
        series: series(['share']),
        items: barItems(fmt, r, 'kind', ['share']),
        max: 1,
        tick: pct,
      });
    case 'crisisFlag': {
      const row = r.rows[0];
      if (!row || !num(row, 'reviewed')) return null;
      return horizontalBars({
        id,
        title,
        desc,
        series: series(['share']),
        items: ['precision', 'recall'].map((k) => ({
          label: fmt.columnLabel(k),
          values: [num(row, k)],
          valueLabels: [
            fmt.cell(
              r.columns.find((c) => c.key === k)!,
              row,
            ).text,
          ],
        })),
        max: 1,
        tick: pct,
      });
    }
    case 'evaluations': {
      const row = r.rows[0];
      if (!row) return null;
      const items = ['meaningful_mean', 'helped_mean'].map((k) => {
        const base = r.baselines.find((b) => b.column === k && b.value !== null);
        const column = r.columns.find((c) => c.key === k)!;
        return {
          label: fmt.columnLabel(k),
          values: [num(row, k)],
          valueLabels: [fmt.cell(column, row).text],
          baseline: base
            ? {
                value: Number(base.value),
                label: fmt.t(`dashboard.baseline.${base.key}`, { value: fmt.value('score', Number(base.value)) }),
              }
            : undefined,
        };
      });
      return horizontalBars({
        id,
        title,
        desc,
        series: [fmt.columnLabel('score')],
        items,
        max: 5,
        tick: (n) => fmt.value('score', n),
        baselineLegend,
      });
    }
  }
}

export function sectionFor(fmt: DashboardFormat, r: FigureResult): SectionView {
  const title = fmt.t(`dashboard.figure.${r.figure}.title`);
  return {
    name: r.figure,
    title,
    description: fmt.t(`dashboard.figure.${r.figure}.description`),
    chart: chartFor(fmt, r),
    caption: title,
    columns: r.columns.map((c) => ({
      key: c.key,
      label: fmt.columnLabel(c.key),
      numeric: c.kind !== 'text' && c.kind !== 'day',
    })),
    rows: r.rows.map((row) => ({ cells: r.columns.map((c) => fmt.cell(c, row)) })),
    baselines: baselineSentences(fmt, r),
    csvHref: `/api/v1/dashboard/${r.figure}?${filterQuery(r.filter, { format: 'csv' })}`,
    exports: {
      xlsx: `/dashboard/export/${r.figure}?${filterQuery(r.filter, { format: 'xlsx' })}`,
      csvSemicolon: `/dashboard/export/${r.figure}?${filterQuery(r.filter, { format: 'csv', sep: 'semicolon', decimal: 'comma' })}`,
      csvComma: `/dashboard/export/${r.figure}?${filterQuery(r.filter, { format: 'csv', sep: 'comma', decimal: 'point' })}`,
    },
    now: r.now,
  };
}

/** The headline figures, each beside the research's figure where there is one. */
export function tilesFor(fmt: DashboardFormat, res: FigureResults): TileView[] {
  const col = (r: FigureResult, key: string) => r.columns.find((c) => c.key === key)!;
  const cell = (r: FigureResult, row: ShapedRow | undefined, key: string): CellView =>
    row ? fmt.cell(col(r, key), row) : { text: '–', suppressed: false, numeric: true };
  const baseline = (r: FigureResult, key: string) => {
    const b = r.baselines.find((x) => x.key === key);
    if (!b || b.value === null) return undefined;
    return fmt.t(`dashboard.baseline.${key}`, { value: fmt.value(col(r, b.column).kind, Number(b.value)) });
  };
  const volumeAll = res.volume.rows.find((r) => r.channel === 'all');
  const firstAll = res.response.rows.find((r) => r.target === 'first' && r.channel === 'all');
  const firstEmail = res.response.rows.find((r) => r.target === 'first' && r.channel === 'email');
  const backlogAll = res.backlog.rows.find((r) => r.region === 'all');
  const verification = res.checklist.rows.find((r) => r.item === 'verification');
  const online = res.checklist.rows.find((r) => r.item === 'onlineReferral');
  const evals = res.evaluations.rows[0];
  const tiles: TileView[] = [
    {
      id: 'tile-new-cases',
      label: fmt.t('dashboard.tile.newCases'),
      value: cell(res.volume, volumeAll, 'cases_new'),
      details: [],
    },
    {
      id: 'tile-first-reply',
      label: fmt.t('dashboard.tile.firstReply'),
      value: cell(res.response, firstAll, 'business_median'),
      details: [
        fmt.t('dashboard.tile.withinSla', { share: cell(res.response, firstAll, 'within_sla').text }),
        fmt.t('dashboard.tile.emailMean', { value: cell(res.response, firstEmail, 'wall_mean').text }),
      ],
      baseline: baseline(res.response, 'emailResponse'),
    },
    {
      id: 'tile-breaches',
      label: fmt.t('dashboard.tile.breaches'),
      value: cell(res.backlog, backlogAll, 'overdue'),
      details: [fmt.t('dashboard.tile.awaiting', { n: cell(res.backlog, backlogAll, 'awaiting').text })],
    },
    {
      id: 'tile-verification',
      label: fmt.t('dashboard.tile.verification'),
      value: cell(res.checklist, verification, 'rate'),
      details: [],
      baseline: baseline(res.checklist, 'verification'),
    },
    {
      id: 'tile-online-referral',
      label: fmt.t('dashboard.tile.onlineReferral'),
      value: cell(res.checklist, online, 'rate'),
      details: [],
      baseline: baseline(res.checklist, 'onlineReferral'),
    },
    {
      id: 'tile-helped',
      label: fmt.t('dashboard.tile.helped'),
      value: cell(res.evaluations, evals, 'helped_mean'),
      details: [
        fmt.t('dashboard.tile.meaningful', { value: cell(res.evaluations, evals, 'meaningful_mean').text }),
        fmt.t('dashboard.tile.evaluations', { n: cell(res.evaluations, evals, 'evaluations').text }),
      ],
      baseline: [baseline(res.evaluations, 'helpedScore'), baseline(res.evaluations, 'meaningfulScore')]
        .filter(Boolean)
        .join(' · '),
    },
  ];
  return tiles;
}

export function dashboardView(
  fmt: DashboardFormat,
  res: FigureResults,
): { tiles: TileView[]; sections: SectionView[]; anySuppressed: boolean } {
  // Organisations side by side only when there is more than one to compare (the platform admin's view).
  const sections = FIGURE_NAMES.filter((n) => n !== 'organisations' || res[n].rows.length > 1).map((n) =>
    sectionFor(fmt, res[n]),
  );
  const tiles = tilesFor(fmt, res);
  const anySuppressed =
    sections.some((s) => s.rows.some((r) => r.cells.some((c) => c.suppressed))) ||
    tiles.some((t) => t.value.suppressed);
  return { tiles, sections, anySuppressed };
}
