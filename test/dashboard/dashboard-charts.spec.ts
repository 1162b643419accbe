import { catalogKeys } from '../../src/common/i18n/i18n';
import {
  clip,
  escapeXml,
  horizontalBars,
  niceTicks,
  stackedBars,
  trendPanels,
} from '../../src/dashboard/dashboard-charts';
import { FIGURE_NAMES, FIGURES } from '../../src/dashboard/dashboard-figures';
import { shapeRows } from '../../src/dashboard/dashboard-table';
import { DashboardFormat, chartFor, filterQuery, sectionFor } from '../../src/dashboard/dashboard-view';
import type { FigureResult } from '../../src/dashboard/dashboard.service';

const frame = { id: 'c1', title: 'Titel <b>', desc: 'Omschrijving & meer' };
const pct = (n: number) => `${Math.round(n * 100)}%`;

/** The numbers drawn as attributes of the elements with a class, in document order. */
const attrs = (svg: string, cls: string, attr: string) =>
  [...svg.matchAll(new RegExp(`<[a-z]+ class="${cls}"[^>]*?\\s${attr}="([-0-9.]+)"`, 'g'))].map((m) => Number(m[1]));

describe('dashboard charts (inline SVG)', () => {
  it('escapes text for XML', () => {
    expect(escapeXml(`<script>alert("x")</script> & 'y'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;',
    );
    expect(escapeXml(null)).toBe('');
  });

  it('picks round ticks that cover the largest value', () => {
    expect(niceTicks(10)).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(1)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(10, 4, true)).toEqual([0, 5, 10]);
    expect(niceTicks(2, 4, true)).toEqual([0, 1, 2]);
    expect(niceTicks(123).at(-1)).toBeGreaterThanOrEqual(123);
  });

  it('clips long labels with an ellipsis', () => {
    expect(clip('Kort')).toBe('Kort');
    expect(clip('Kindermishandeling of mishandeling', 20)).toBe('Kindermishandeling…');
  });

  it('draws horizontal bars to scale, with a title, a description, role img and baseline markers', () => {
    const svg = horizontalBars({
      ...frame,
      series: ['Aandeel'],
      items: [
        {
          label: 'Samenvatting gecheckt',
          values: [0.5],
          valueLabels: ['50%'],
          baseline: { value: 0.4, label: 'Onderzoek: 40%' },
        },
        {
          label: 'Online hulp',
          values: [0.25],
          valueLabels: ['25%'],
          baseline: { value: 0.1, label: 'Onderzoek: 10%' },
        },
        { label: 'Verborgen', values: [null], valueLabels: ['<5'] },
      ],
      max: 1,
      tick: pct,
      baselineLegend: 'Onderzoek',
    });
    expect(svg).toMatch(/^<svg class="chart" id="c1" role="img" aria-labelledby="c1-title c1-desc"/);
    expect(svg).toContain('<title id="c1-title">Titel &lt;b&gt;</title>');
    expect(svg).toContain('<desc id="c1-desc">Omschrijving &amp; meer</desc>');
    expect(svg).not.toContain('style=');
    // Two bars (the hidden value draws none), widths proportional to the values.
    const widths = attrs(svg, 'bar series-0', 'width');
    expect(widths).toHaveLength(2);
    expect(widths[0]).toBeCloseTo(widths[1] * 2, 0);
    expect(widths[0]).toBeCloseTo(420 * 0.5, 0);
    // The hidden value still says what it is.
    expect(svg).toContain('>&lt;5</text>');
    // Baseline markers at 40% and 10% of the plot (420 wide), from the plot's left edge (x = 230).
    const x1 = attrs(svg, 'baseline', 'x1').slice(1);
    expect(x1).toEqual([230 + 420 * 0.4, 230 + 420 * 0.1]);
    expect(svg).toContain('<title>Onderzoek: 40%</title>');
  });

  it('stacks the parts of a bar and leaves hidden parts out', () => {
    const svg = stackedBars({
      ...frame,
      series: ['< 1 dag', '1–3 dagen'],
      items: [
        { label: 'Amsterdam', values: [6, 4], totalLabel: '10' },
        { label: 'Rotterdam <&>', values: [null, 5], total: 8, totalLabel: '8' },
      ],
      tick: String,
      hiddenLegend: 'verborgen',
    });
    const xs = attrs(svg, 'bar stack-0', 'x');
    const w0 = attrs(svg, 'bar stack-0', 'width');
    const x1 = attrs(svg, 'bar stack-1', 'x');
    const w1 = attrs(svg, 'bar stack-1', 'width');
    expect(w0).toHaveLength(1);
    expect(x1[0]).toBeCloseTo(xs[0] + w0[0], 1);
    expect(w0[0] / w1[0]).toBeCloseTo(6 / 4, 1);
    expect(x1[1]).toBe(230);
    // Rotterdam's total (8) is drawn as an outline the shown part (5) fills 5/8 of.
    const outline = attrs(svg, 'bar-total', 'width');
    expect(outline).toHaveLength(1);
    expect(w1[1] / outline[0]).toBeCloseTo(5 / 8, 2);
    expect(svg).toContain('>verborgen</text>');
    expect(svg).toContain('Rotterdam &lt;&amp;&gt;');
    expect(svg).not.toContain('Rotterdam <&>');
  });

  it('draws the weekly trend as small multiples: bars for counts, a line broken by a missing week', () => {
    const svg = trendPanels({
      ...frame,
      periods: ['3 mrt', '10 mrt', '17 mrt', '24 mrt'],
      panels: [
        { label: 'Nieuwe casussen', kind: 'bars', values: [4, 8, 0, 2], tick: String },
        {
          label: 'Binnen de termijn',
          kind: 'line',
          values: [0.5, null, 1, 0.75],
          max: 1,
          tick: pct,
          baseline: { value: 0.9, label: 'doel' },
        },
      ],
    });
    const heights = attrs(svg, 'bar series-0', 'height');
    expect(heights).toHaveLength(3);
    expect(heights[1]).toBeCloseTo(heights[0] * 2, 0);
    expect(heights[2]).toBeCloseTo(heights[0] / 2, 0);
    // One polyline for the two consecutive weeks after the gap; the lone first week is a dot.
    expect(svg.match(/<polyline /g)).toHaveLength(1);
    expect(svg.match(/<circle /g)).toHaveLength(3);
    expect(svg).toContain('>doel</text>');
    expect(svg).not.toContain('style=');
  });
});

describe('dashboard view model', () => {
  const fmt = new DashboardFormat('nl', 5, new Map([['amsterdam', 'Amsterdam <centrum>']]));
  const result = (figure: keyof typeof FIGURES, raw: Record<string, unknown>[]): FigureResult => ({
    figure,
    filter: { from: '2025-03-03', to: '2025-03-16', region: 'amsterdam', topic: null, channel: 'email' },
    now: false,
    columns: FIGURES[figure].columns,
    rows: shapeRows(FIGURES[figure].columns, raw, 5),
    baselines: ('baselines' in FIGURES[figure]
      ? (FIGURES[figure] as { baselines: { key: string; column: string; value: number }[] }).baselines
      : []
    ).map((b) => ({ ...b, value: b.column === 'wall_mean' ? 72 : b.value })),
    minCount: 5,
    rolledUpAt: null,
    percentilesSampledEvery: null,
  });

  it('has a label for every column of every figure, in Dutch and English', () => {
    const keys = new Set(catalogKeys('nl'));
    const en = new Set(catalogKeys('en'));
    const missing = FIGURE_NAMES.flatMap((n) => FIGURES[n].columns.map((c) => `dashboard.col.${c.key}`)).filter(
      (k) => !keys.has(k) || !en.has(k),
    );
    expect(missing).toEqual([]);
    for (const n of FIGURE_NAMES)
      for (const part of ['title', 'description', 'chart'])
        expect(keys.has(`dashboard.figure.${n}.${part}`)).toBe(true);
  });

  it('formats hours with one decimal and a unit, shares as percentages, hidden counts as <5', () => {
    const r = result('response', [
      {
        target: 'first',
        channel: 'email',
        replies: 12,
        within_sla: 0.75,
        business_median: 5 * 3600 + 360,
        wall_mean: 30 * 3600,
      },
    ]);
    const s = sectionFor(fmt, r);
    const cells = Object.fromEntries(r.columns.map((c, i) => [c.key, s.rows[0].cells[i].text]));
    expect(cells).toMatchObject({
      target: 'Eerste antwoord',
      channel: 'E-mail',
      replies: '12',
      within_sla: '75%',
      business_median: '5,1 u',
      wall_mean: '30,0 u',
    });
    expect(s.csvHref).toBe(
      '/api/v1/dashboard/response?from=2025-03-03&to=2025-03-16&region=amsterdam&channel=email&format=csv',
    );
    expect(s.baselines).toEqual(['Onderzoek: gemiddeld 3 dagen (72,0 u) tot een antwoord op een e-mail']);

    const hidden = sectionFor(
      fmt,
      result('response', [{ target: 'first', channel: 'email', replies: 3, within_sla: 1, business_median: 3600 }]),
    );
    expect(hidden.rows[0].cells.map((c) => (c.suppressed ? c.text : null))).toEqual([
      null,
      null,
      '<5',
      '<5',
      '<5',
      '<5',
      '<5',
      '<5',
      '<5',
      '<5',
    ]);
    const en = new DashboardFormat('en', 5, new Map());
    expect(en.hours(12.34)).toBe('12.3 h');
    expect(en.share(0.4)).toBe('40%');
  });

  it('draws the checklist with the research baselines on their items', () => {
    const raw = [
      'summary',
      'verification',
      'openQuestion',
      'strengths',
      'advice',
      'recap',
      'feedback',
      'referral',
      'onlineReferral',
    ].map((item, i) => ({ item, replies: 20, met: i * 2, rate: (i * 2) / 20 }));
    const svg = chartFor(fmt, result('checklist', raw))!;
    expect(svg).toContain('Onderzoek: 40% (20 van 50 casussen checkte de samenvatting)');
    expect(svg).toContain('Onderzoek: online hulp in slechts 10% van de casussen');
    expect(svg.match(/<line class="baseline"[^>]*><title>/g)).toHaveLength(2);
  });

  it('escapes region and worker names in charts', () => {
    const svg = chartFor(
      fmt,
      result('workload', [
        { worker: '<img src=x onerror=alert(1)>', role: 'worker', replies_sent: 7, awaiting: 1, overdue: 0 },
      ]),
    )!;
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img src=x');
    const regions = chartFor(
      fmt,
      result('backlog', [
        {
          region: 'amsterdam',
          awaiting: 12,
          under_1_day: 6,
          days_1_to_3: 6,
          days_3_to_7: 0,
          over_7_days: 0,
          overdue: 0,
        },
      ]),
    )!;
    expect(regions).toContain('Amsterdam &lt;centrum&gt;');
  });

  it('builds filter query strings without empty values', () => {
    expect(
      filterQuery(
        { from: '2025-01-01', to: '2025-01-31', region: null, topic: 'none', channel: null },
        { format: 'csv' },
      ),
    ).toBe('from=2025-01-01&to=2025-01-31&topic=none&format=csv');
  });
});
