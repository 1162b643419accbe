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

/** Rounds each cell by its column kind and applies the small-count rule. Pure. */
export function shapeRows(columns: Column[], raw: Record<string, unknown>[], minCount: number): ShapedRow[] {
  return raw.map((r) => {
    const row: ShapedRow = { suppressed: [] };
    const hidden = new Set<string>();
    for (const c of columns) {
      if (c.protect) {
        const n = Number(r[c.key] ?? 0);
        if (n > 0 && n < minCount) hidden.add(c.key);
      }
    }
    for (const c of columns) {
      let value = formatCell(c.kind, r[c.key]);
      if (hidden.has(c.key)) value = null;
      else if (c.basis && (hidden.has(c.basis) || !Number(r[c.basis] ?? 0))) {
        if (hidden.has(c.basis)) hidden.add(c.key);
        value = null;
      }
      row[c.key] = value;
    }
    row.suppressed = columns.filter((c) => hidden.has(c.key)).map((c) => c.key);
    return row;
  });
}

/**
 * RFC 4180 CSV with the column keys as a stable header. A hidden cell reads `<minCount`, so a
 * spreadsheet never mistakes it for zero; text that a spreadsheet would run as a formula is quoted
 * with a leading apostrophe.
 */
export function toCsv(columns: Column[], rows: ShapedRow[], minCount: number): string {
  const quote = (v: string) => (/[",\r\n]/.test(v) || /^[=+\-@\t\r]/.test(v) ? `"${(/^[=+\-@\t\r]/.test(v) ? "'" : '') + v.replace(/"/g, '""')}"` : v);
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
