/**
 * A dashboard figure is one table: typed columns and rows. The same shape feeds the JSON API,
 * the CSV export and the page (tables and charts), so they always show the same numbers.
 */
export type ColumnKind = 'text' | 'day' | 'count' | 'hours' | 'share' | 'score';

export interface Column {
  key: string;
  kind: ColumnKind;
  /**
   * Small-count protection: a count about help-seekers hides itself when 0 < n < minCount; a
   * derived figure (a median, a share) hides when the count in `basis` is hidden or zero.
   */
  protect?: boolean;
  basis?: string;
}

export type Cell = string | number | null;
export type Row = Record<string, Cell>;

/** A figure from the research, shown beside ours. `where` picks the rows it compares with. */
export interface Baseline {
  key: string;
  column: string;
  value: number;
  where?: Record<string, string>;
}

export interface ShapedRow {
  [key: string]: Cell | string[];
  /** Columns hidden by the small-count rule (their value is null). */
  suppressed: string[];
}

const round = (n: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/** Hours with two decimals from seconds; shares 0–1 with four decimals; scores with two. */
export function formatCell(kind: ColumnKind, value: unknown): Cell {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'text':
    case 'day':
      return String(value);
    case 'count':
      return Number(value);
    case 'hours':
      return round(Number(value) / 3600, 2);
    case 'share':
      return round(Number(value), 4);
    case 'score':
      return round(Number(value), 2);
  }
}

/**
 * Which cells of a figure add up to others, so that hiding one small count is not undone by
 * subtraction. `rows`: the rows (within each `group`, e.g. per reply target) split one whole —
 * channels, topics, regions, weeks, referral kinds — whose total is shown in the row where
 * `totalColumn` is `totalValue`, or in another figure. `parts`: columns of one row adding up to
 * another column of that row (the backlog's age buckets and its total).
 */
export interface Additivity {
  rows?: { group?: string; totalColumn?: string; totalValue?: string };
  parts?: { total: string; parts: string[] }[];
}

/**
 * Secondary suppression: wherever parts add up to a known whole, never leave exactly one part
 * hidden — hide the smallest other non-zero part as well. (If every other part is zero, the whole
 * equals the hidden part and is hidden by the primary rule already.) Repeats until stable, since
 * hiding a cell for one sum can leave a single hidden cell in another.
 */
function protectSums(columns: Column[], raw: Record<string, unknown>[], hidden: Set<string>[], add: Additivity): void {
  const value = (i: number, key: string) => Number(raw[i][key] ?? 0);
  const protectOne = (cells: [number, string][]) => {
    const open = cells.filter(([i, k]) => hidden[i].has(k));
    if (open.length !== 1) return false;
    const candidates = cells
      .filter(([i, k]) => !hidden[i].has(k) && value(i, k) > 0)
      .sort((a, b) => value(a[0], a[1]) - value(b[0], b[1]));
    if (!candidates.length) return false;
    hidden[candidates[0][0]].add(candidates[0][1]);
    return true;
  };
  const protectedKeys = columns.filter((c) => c.protect).map((c) => c.key);
  for (let changed = true, pass = 0; changed && pass < 10; pass++) {
    changed = false;
    if (add.rows) {
      const { group, totalColumn, totalValue } = add.rows;
      const groups = new Map<string, number[]>();
      raw.forEach((r, i) => {
        if (totalColumn && String(r[totalColumn]) === totalValue) return;
        const g = group ? String(r[group]) : '';
        groups.set(g, [...(groups.get(g) ?? []), i]);
      });
      for (const idx of groups.values())
        for (const key of protectedKeys) changed = protectOne(idx.map((i) => [i, key])) || changed;
    }
    for (const p of add.parts ?? [])
      raw.forEach((_, i) => (changed = protectOne(p.parts.map((k) => [i, k])) || changed));
  }
}

/** Rounds each cell by its column kind and applies the small-count rule (primary and secondary). Pure. */
export function shapeRows(
  columns: Column[],
  raw: Record<string, unknown>[],
  minCount: number,
  add: Additivity = {},
): ShapedRow[] {
  const hidden = raw.map((r) => {
    const h = new Set<string>();
    for (const c of columns) {
      const n = Number(r[c.key] ?? 0);
      if (c.protect && n > 0 && n < minCount) h.add(c.key);
    }
    return h;
  });
  protectSums(columns, raw, hidden, add);
  return raw.map((r, i) => {
    const row: ShapedRow = { suppressed: [] };
    for (const c of columns) {
      let value = formatCell(c.kind, r[c.key]);
      if (hidden[i].has(c.key)) value = null;
      else if (c.basis && (hidden[i].has(c.basis) || !Number(r[c.basis] ?? 0))) {
        if (hidden[i].has(c.basis)) hidden[i].add(c.key);
        value = null;
      }
      row[c.key] = value;
    }
    row.suppressed = columns.filter((c) => hidden[i].has(c.key)).map((c) => c.key);
    return row;
  });
}

/**
 * RFC 4180 CSV with the column keys as a stable header. A hidden cell reads `<minCount`, so a
 * spreadsheet never mistakes it for zero; text that a spreadsheet would run as a formula is quoted
 * with a leading apostrophe.
 */
export function toCsv(columns: Column[], rows: ShapedRow[], minCount: number): string {
  const quote = (v: string) =>
    /[",\r\n]/.test(v) || /^[=+\-@\t\r]/.test(v)
      ? `"${(/^[=+\-@\t\r]/.test(v) ? "'" : '') + v.replace(/"/g, '""')}"`
      : v;
  const lines = [columns.map((c) => c.key).join(',')];
  for (const r of rows) {
    lines.push(
      columns
        .map((c) => {
          if (r.suppressed.includes(c.key)) return quote(`<${minCount}`);
          const v = r[c.key] as Cell;
          return v === null ? '' : quote(String(v));
        })
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
