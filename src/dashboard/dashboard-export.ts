import ExcelJS from 'exceljs';
import { Column, ShapedRow } from './dashboard-table';
import { DashboardFormat } from './dashboard-view';
import { FigureResult } from './dashboard.service';

/**
 * A figure as a file a coordinator hands on: headers in the reader's language, real numbers and
 * dates (never "<5" in a number column), and the small-count rule as its own column that names
 * what was left empty in that row. XLSX through exceljs (a well-kept writer: real cell types,
 * number formats, no hand-built zip); CSV with the separator and decimal sign the reader's
 * spreadsheet expects (Dutch Excel: ";" and ",").
 */

export type CsvSeparator = ';' | ',' | '\t';
export type DecimalSign = ',' | '.';

export interface ExportMeta {
  title: string;
  period: string;
  filters: string[];
  generatedAt: Date;
}

/** The small-count column's header. */
const hiddenHeader = (fmt: DashboardFormat) => fmt.t('dashboard.export.hidden', { n: fmt.minCount });

function hiddenText(fmt: DashboardFormat, r: FigureResult, row: ShapedRow): string {
  return r.columns
    .filter((c) => row.suppressed.includes(c.key))
    .map((c) => fmt.columnLabel(c.key))
    .join(', ');
}

/** A cell's value for a file: a number, a date, a label, or empty. Shares stay fractions (0–1). */
function fileValue(fmt: DashboardFormat, c: Column, row: ShapedRow): string | number | Date | null {
  if (row.suppressed.includes(c.key)) return null;
  const v = row[c.key];
  if (v === null || v === undefined) return c.kind === 'count' ? 0 : null;
  if (c.kind === 'text') return fmt.text(c.key, String(v));
  if (c.kind === 'day') return new Date(`${String(v)}T00:00:00Z`);
  return Number(v);
}

const header = (fmt: DashboardFormat, c: Column) =>
  c.kind === 'share' ? `${fmt.columnLabel(c.key)} (%)` : fmt.columnLabel(c.key);

export function figureCsv(
  fmt: DashboardFormat,
  r: FigureResult,
  o: { separator: CsvSeparator; decimal: DecimalSign },
): string {
  if (o.separator === ',' && o.decimal === ',') throw new Error('a comma cannot be both separator and decimal sign');
  const quote = (s: string) => {
    // A text a spreadsheet would run as a formula is kept as text.
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return safe.includes(o.separator) || /["\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const number = (n: number, digits: number) => {
    const text = Number.isInteger(n) && digits === 0 ? String(n) : n.toFixed(digits).replace(/\.?0+$/, '');
    return o.decimal === ',' ? text.replace('.', ',') : text;
  };
  const lines = [[...r.columns.map((c) => quote(header(fmt, c))), quote(hiddenHeader(fmt))].join(o.separator)];
  for (const row of r.rows) {
    const cells = r.columns.map((c) => {
      const v = fileValue(fmt, c, row);
      if (v === null) return '';
      if (v instanceof Date) return v.toISOString().slice(0, 10);
      if (typeof v === 'number') return c.kind === 'share' ? number(v * 100, 2) : number(v, c.kind === 'count' ? 0 : 2);
      return quote(v);
    });
    cells.push(quote(hiddenText(fmt, r, row)));
    lines.push(cells.join(o.separator));
  }
  // The BOM makes Excel read the file as UTF-8 (ë, é in region and topic names).
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

const NUMBER_FORMAT: Record<Column['kind'], string | undefined> = {
  text: undefined,
  day: 'yyyy-mm-dd',
  count: '0',
  hours: '0.0',
  share: '0.0%',
  score: '0.00',
};

export async function figureXlsx(fmt: DashboardFormat, r: FigureResult, meta: ExportMeta): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Luister';
  wb.created = meta.generatedAt;
  // Sheet names: at most 31 characters, none of []:*?/\
  const sheet = wb.addWorksheet(meta.title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = [
    ...r.columns.map((c) => ({
      header: header(fmt, c).replace(/ \(%\)$/, ''),
      key: c.key,
      width: Math.max(12, Math.min(40, fmt.columnLabel(c.key).length + 2)),
      style: NUMBER_FORMAT[c.kind] ? { numFmt: NUMBER_FORMAT[c.kind] } : {},
    })),
    { header: hiddenHeader(fmt), key: '__hidden', width: 30 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const row of r.rows) {
    const values: Record<string, unknown> = { __hidden: hiddenText(fmt, r, row) || null };
    for (const c of r.columns) values[c.key] = fileValue(fmt, c, row);
    sheet.addRow(values);
  }
  const about = wb.addWorksheet(fmt.t('dashboard.export.aboutSheet'));
  about.columns = [{ width: 28 }, { width: 90 }];
  about.addRows([
    [fmt.t('dashboard.export.figure'), meta.title],
    [fmt.t('dashboard.export.period'), meta.period],
    ...meta.filters.map((f) => [fmt.t('dashboard.export.filter'), f]),
    [fmt.t('dashboard.export.generated'), meta.generatedAt],
    [hiddenHeader(fmt), fmt.t('dashboard.export.rule', { n: fmt.minCount })],
  ]);
  about.getColumn(1).font = { bold: true };
  about.getCell(`B${4 + meta.filters.length}`).numFmt = 'yyyy-mm-dd hh:mm';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
