/**
 * The dashboard's charts as inline SVG strings, built on the server: no chart library, no script,
 * no `style=` (the CSP allows neither inline styles nor inline scripts). Colours come from classes
 * in templates/static/dashboard.css; geometry from SVG attributes. Every chart is `role="img"`
 * with a <title> and <desc>; the table under it carries the same numbers. Pure: labels arrive
 * already translated and formatted, and every piece of text is escaped here.
 */

/** Escapes text for SVG/XML content and attribute values. */
export function escapeXml(value: unknown): string {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** Shortens a label for the chart's label column; the full text stays in the table. */
export function clip(label: string, max = 34): string {
  return label.length > max ? label.slice(0, max - 1).trimEnd() + '…' : label;
}

/** Round-number axis ticks from 0 to at least `max` (at most about `count` + 1 ticks); whole numbers only for counts. */
export function niceTicks(max: number, count = 4, integer = false): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  let step = (integer ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10]).map((m) => m * mag).find((s) => s >= raw)!;
  if (integer) step = Math.max(1, step);
  const ticks: number[] = [];
  for (let v = 0; v < max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

interface Frame {
  id: string;
  title: string;
  desc: string;
}

function svg(frame: Frame, width: number, height: number, body: string): string {
  const id = escapeXml(frame.id);
  return (
    `<svg class="chart" id="${id}" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${id}-title">${escapeXml(frame.title)}</title><desc id="${id}-desc">${escapeXml(frame.desc)}</desc>${body}</svg>`
  );
}

/** A legend from (x, y), wrapping before `maxX`; `lines` says how many lines it took. */
function legend(
  labels: string[],
  x: number,
  y: number,
  classes: (i: number) => string,
  maxX = 712,
): { svg: string; lines: number } {
  let out = '';
  let cx = x;
  let cy = y;
  let lines = labels.length ? 1 : 0;
  labels.forEach((label, i) => {
    const w = 14 + Math.max(40, label.length * 6.6) + 14;
    if (cx > x && cx + w > maxX) {
      cx = x;
      cy += 16;
      lines++;
    }
    out += `<rect class="key ${classes(i)}" x="${cx}" y="${cy - 9}" width="10" height="10" rx="1"/><text class="chart-legend" x="${cx + 14}" y="${cy}">${escapeXml(label)}</text>`;
    cx += w;
  });
  return { svg: out, lines };
}

export interface HorizontalBarItem {
  label: string;
  /** One value per series; null: no bar (hidden by the small-count rule, or nothing to show). */
  values: (number | null)[];
  /** What to write at the end of each bar (the table's text: "12,3 u", "40%", "<5"). */
  valueLabels: string[];
  /** A reference value (the research's figure) drawn as a marker line across this item. */
  baseline?: { value: number; label: string };
}

export interface HorizontalBarsSpec extends Frame {
  /** Series names (a legend is drawn when there is more than one). */
  series: string[];
  items: HorizontalBarItem[];
  /** The axis end; default: the largest value or baseline, rounded up. */
  max?: number;
  /** Tick text, e.g. n => "40%". */
  tick: (n: number) => string;
  /** The label of a baseline marker in the legend, when any item has one. */
  baselineLegend?: string;
  /** Counts: whole-number ticks. */
  integer?: boolean;
}

/** Vertical grid lines at the ticks of a horizontal value axis, labelled under the plot. */
function verticalGrid(
  ticks: number[],
  x: (v: number) => number,
  top: number,
  bottom: number,
  label: (n: number) => string,
): string {
  return ticks
    .map(
      (t) =>
        `<line class="grid" x1="${x(t)}" x2="${x(t)}" y1="${top}" y2="${bottom}"/><text class="tick" x="${x(t)}" y="${bottom + 16}" text-anchor="middle">${escapeXml(label(t))}</text>`,
    )
    .join('');
}

/** Horizontal bars, one band per item and one bar per series, with optional baseline markers. */
export function horizontalBars(spec: HorizontalBarsSpec): string {
  const width = 720;
  const labelW = 230;
  const valueW = 70;
  const plotX = labelW;
  const plotW = width - labelW - valueW;
  const barH = 14;
  const gap = 4;
  const bandH = spec.series.length * (barH + gap) + 10;
  const hasBaseline = spec.items.some((i) => i.baseline);
  const top = spec.series.length > 1 || hasBaseline ? 30 : 10;
  const height = top + Math.max(1, spec.items.length) * bandH + 26;
  const dataMax = Math.max(0, ...spec.items.flatMap((i) => [...i.values.map((v) => v ?? 0), i.baseline?.value ?? 0]));
  const ticks = niceTicks(spec.max ?? dataMax, 4, spec.integer);
  const max = spec.max ?? ticks[ticks.length - 1];
  const x = (v: number) => r1(plotX + (Math.min(Math.max(v, 0), max) / max) * plotW);
  let body = '';
  const legendLabels = spec.series.length > 1 ? [...spec.series] : [];
  if (legendLabels.length || hasBaseline) {
    body += legend(legendLabels, plotX, 16, (i) => `bar series-${i}`).svg;
    if (hasBaseline && spec.baselineLegend) {
      const lx = plotX + legendLabels.reduce((s, l) => s + 28 + Math.max(40, l.length * 6.6), 0);
      body += `<line class="baseline" x1="${lx}" x2="${lx}" y1="6" y2="18"/><text class="chart-legend" x="${lx + 6}" y="16">${escapeXml(spec.baselineLegend)}</text>`;
    }
  }
  const plotBottom = top + spec.items.length * bandH;
  body += verticalGrid(ticks, x, top, plotBottom, spec.tick);
  spec.items.forEach((item, n) => {
    const y0 = top + n * bandH + 5;
    body += `<text class="label" x="${labelW - 8}" y="${r1(y0 + (bandH - 10) / 2 + 4)}" text-anchor="end">${escapeXml(clip(item.label))}</text>`;
    item.values.forEach((v, s) => {
      const y = y0 + s * (barH + gap);
      if (v !== null && v > 0)
        body += `<rect class="bar series-${s}" x="${plotX}" y="${y}" width="${r1(x(v) - plotX)}" height="${barH}"/>`;
      const end = v !== null && v > 0 ? x(v) : plotX;
      body += `<text class="value" x="${r1(end + 4)}" y="${y + barH - 3}">${escapeXml(item.valueLabels[s] ?? '')}</text>`;
    });
    if (item.baseline) {
      const bx = x(item.baseline.value);
      body += `<line class="baseline" x1="${bx}" x2="${bx}" y1="${y0 - 3}" y2="${y0 + bandH - 7}"><title>${escapeXml(item.baseline.label)}</title></line>`;
    }
  });
  body += `<line class="axis" x1="${plotX}" x2="${plotX}" y1="${top}" y2="${plotBottom}"/>`;
  return svg(spec, width, height, body);
}

export interface StackedBarsSpec extends Frame {
  /** The stack's parts, in order (e.g. waiting under a day, 1–3 days …). */
  series: string[];
  items: { label: string; values: (number | null)[]; totalLabel: string; total?: number | null }[];
  tick: (n: number) => string;
  /** Legend text for the part of a bar whose segments are hidden by the small-count rule. */
  hiddenLegend?: string;
}

/** Horizontal stacked bars: one bar per item, one segment per series; nulls are left out. */
export function stackedBars(spec: StackedBarsSpec): string {
  const width = 720;
  const labelW = 230;
  const plotX = labelW;
  const plotW = width - labelW - 70;
  const barH = 20;
  const bandH = barH + 12;
  const totals = spec.items.map((i) =>
    Math.max(
      i.total ?? 0,
      i.values.reduce<number>((s, v) => s + (v ?? 0), 0),
    ),
  );
  const anyHidden = spec.items.some((i, n) => i.values.some((v) => v === null) && totals[n] > 0);
  const ticks = niceTicks(Math.max(0, ...totals), 4, true);
  const max = ticks[ticks.length - 1];
  const x = (v: number) => r1(plotX + (Math.min(Math.max(v, 0), max) / max) * plotW);
  const legendLabels = anyHidden && spec.hiddenLegend ? [...spec.series, spec.hiddenLegend] : spec.series;
  const keys = legend(legendLabels, 10, 16, (i) => (i < spec.series.length ? `bar stack-${i}` : 'bar-total'));
  const top = 14 + keys.lines * 16;
  const height = top + Math.max(1, spec.items.length) * bandH + 26;
  let body = keys.svg;
  const plotBottom = top + spec.items.length * bandH;
  body += verticalGrid(ticks, x, top, plotBottom, spec.tick);
  spec.items.forEach((item, n) => {
    const y = top + n * bandH + 6;
    body += `<text class="label" x="${labelW - 8}" y="${y + barH - 6}" text-anchor="end">${escapeXml(clip(item.label))}</text>`;
    // The known total as an outline: the segments that are shown fill it, hidden ones stay open.
    if (totals[n] > 0 && item.values.some((v) => v === null))
      body += `<rect class="bar-total" x="${plotX}" y="${y}" width="${r1(x(totals[n]) - plotX)}" height="${barH}"/>`;
    let acc = 0;
    item.values.forEach((v, s) => {
      if (v === null || v <= 0) return;
      body += `<rect class="bar stack-${s}" x="${x(acc)}" y="${y}" width="${r1(x(acc + v) - x(acc))}" height="${barH}"/>`;
      acc += v;
    });
    body += `<text class="value" x="${r1(x(Math.max(acc, totals[n])) + 4)}" y="${y + barH - 6}">${escapeXml(item.totalLabel)}</text>`;
  });
  body += `<line class="axis" x1="${plotX}" x2="${plotX}" y1="${top}" y2="${plotBottom}"/>`;
  return svg(spec, width, height, body);
}

export interface TrendPanel {
  label: string;
  kind: 'bars' | 'line';
  values: (number | null)[];
  /** The axis end; default: the largest value, rounded up. */
  max?: number;
  tick: (n: number) => string;
  baseline?: { value: number; label: string };
  /** Counts: whole-number ticks. */
  integer?: boolean;
}

export interface TrendSpec extends Frame {
  /** One label per period (week), in order. */
  periods: string[];
  panels: TrendPanel[];
}

/**
 * Small multiples over the same periods: each panel one measure (bars for counts, a line for
 * times and shares), so no two scales share an axis. A null breaks the line.
 */
export function trendPanels(spec: TrendSpec): string {
  const width = 720;
  const plotX = 64;
  const plotW = width - plotX - 16;
  const panelH = 96;
  const panelGap = 58;
  const n = Math.max(1, spec.periods.length);
  const step = plotW / n;
  const height = spec.panels.length * (panelH + panelGap) - panelGap + 52;
  const cx = (i: number) => r1(plotX + step * i + step / 2);
  const every = Math.max(1, Math.ceil(n / 8));
  let body = '';
  spec.panels.forEach((p, k) => {
    const top = k * (panelH + panelGap) + 26;
    const bottom = top + panelH;
    const dataMax = Math.max(0, ...p.values.map((v) => v ?? 0), p.baseline?.value ?? 0);
    const ticks = niceTicks(p.max ?? dataMax, 3, p.integer);
    const max = p.max ?? ticks[ticks.length - 1];
    const y = (v: number) => r1(bottom - (Math.min(Math.max(v, 0), max) / max) * panelH);
    body += `<text class="panel-title" x="0" y="${top - 12}">${escapeXml(p.label)}</text>`;
    for (const t of ticks) {
      if (t > max) continue;
      body += `<line class="grid" x1="${plotX}" x2="${plotX + plotW}" y1="${y(t)}" y2="${y(t)}"/><text class="tick" x="${plotX - 6}" y="${y(t) + 4}" text-anchor="end">${escapeXml(p.tick(t))}</text>`;
    }
    if (p.kind === 'bars') {
      const w = r1(Math.max(1, step * 0.7));
      p.values.forEach((v, i) => {
        if (v === null || v <= 0) return;
        body += `<rect class="bar series-${k}" x="${r1(cx(i) - w / 2)}" y="${y(v)}" width="${w}" height="${r1(bottom - y(v))}"/>`;
      });
    } else {
      let segment: string[] = [];
      const flush = () => {
        if (segment.length > 1)
          body += `<polyline class="line series-${k}" fill="none" points="${segment.join(' ')}"/>`;
        segment = [];
      };
      p.values.forEach((v, i) => {
        if (v === null) return flush();
        segment.push(`${cx(i)},${y(v)}`);
        body += `<circle class="dot series-${k}" cx="${cx(i)}" cy="${y(v)}" r="2.5"/>`;
      });
      flush();
    }
    if (p.baseline) {
      const by = y(p.baseline.value);
      body += `<line class="baseline" x1="${plotX}" x2="${plotX + plotW}" y1="${by}" y2="${by}"/><text class="baseline-label" x="${plotX + plotW}" y="${by - 4}" text-anchor="end">${escapeXml(p.baseline.label)}</text>`;
    }
    body += `<line class="axis" x1="${plotX}" x2="${plotX + plotW}" y1="${bottom}" y2="${bottom}"/>`;
    spec.periods.forEach((label, i) => {
      if (i % every === 0)
        body += `<text class="tick" x="${cx(i)}" y="${bottom + 14}" text-anchor="middle">${escapeXml(label)}</text>`;
    });
  });
  return svg(spec, width, height, body);
}
