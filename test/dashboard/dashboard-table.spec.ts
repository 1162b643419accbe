import { parseDashboardFilter } from '../../src/dashboard/dashboard-filter';
import { Column, shapeRows, toCsv } from '../../src/dashboard/dashboard-table';
import { InputInvalidException } from '../../src/common/validation';

const columns: Column[] = [
  { key: 'topic', kind: 'text' },
  { key: 'n', kind: 'count', protect: true },
  { key: 'median', kind: 'hours', basis: 'n' },
  { key: 'share', kind: 'share', basis: 'n' },
  { key: 'staff', kind: 'count' },
];

describe('dashboard tables: the small-count rule, rounding and CSV', () => {
  it('hides counts from 1 to minCount − 1 and everything derived from them; zero stays zero', () => {
    const rows = shapeRows(
      columns,
      [
        { topic: 'money', n: '12', median: 5400, share: '0.333333', staff: 2 },
        { topic: 'housing', n: 4, median: 7200, share: 0.5, staff: 1 },
        { topic: 'none', n: 0, median: null, share: null, staff: 0 },
        { topic: 'edge', n: 5, median: 3600, share: 1, staff: 3 },
      ],
      5,
    );
    expect(rows).toEqual([
      { topic: 'money', n: 12, median: 1.5, share: 0.3333, staff: 2, suppressed: [] },
      { topic: 'housing', n: null, median: null, share: null, staff: 1, suppressed: ['n', 'median', 'share'] },
      { topic: 'none', n: 0, median: null, share: null, staff: 0, suppressed: [] },
      { topic: 'edge', n: 5, median: 1, share: 1, staff: 3, suppressed: [] },
    ]);
    // minCount 1 hides nothing.
    expect(shapeRows(columns, [{ topic: 'x', n: 1, median: 36, share: 1, staff: 1 }], 1)[0]).toEqual({
      topic: 'x',
      n: 1,
      median: 0.01,
      share: 1,
      staff: 1,
      suppressed: [],
    });
  });

  it('writes RFC 4180 CSV, "<minCount" for hidden cells, and defuses spreadsheet formulas', () => {
    const rows = shapeRows(
      columns,
      [
        { topic: '=HYPERLINK("x")', n: 3, median: 1, share: 1, staff: 1 },
        { topic: 'a,b "c"', n: 7, median: 3600, share: 0.25, staff: 0 },
      ],
      5,
    );
    expect(toCsv(columns, rows, 5)).toBe(
      'topic,n,median,share,staff\r\n' + `"'=HYPERLINK(""x"")",<5,<5,<5,1\r\n` + '"a,b ""c""",7,1,0.25,0\r\n',
    );
  });
});

describe('dashboard filter', () => {
  const ctx = {
    today: '2026-11-24',
    regions: new Map([
      ['amsterdam', 1],
      ['rotterdam', 2],
    ]),
    allRegions: false,
    topics: new Set(['money']),
  };
  const fields = (q: object) => {
    try {
      parseDashboardFilter(q, ctx);
    } catch (e) {
      return (e as InputInvalidException).fields;
    }
    throw new Error('no error');
  };

  it("defaults to the four weeks up to today, in the user's regions", () => {
    expect(parseDashboardFilter({}, ctx)).toEqual({
      from: '2026-10-28',
      to: '2026-11-24',
      regionIds: [1, 2],
      region: null,
      organisation: null,
      topic: null,
      channel: null,
    });
    expect(parseDashboardFilter({}, { ...ctx, allRegions: true }).regionIds).toBeNull();
    expect(
      parseDashboardFilter({ to: '2026-03-01', region: 'rotterdam', topic: 'none', channel: 'email' }, ctx),
    ).toEqual({
      from: '2026-02-02',
      to: '2026-03-01',
      regionIds: [2],
      region: 'rotterdam',
      organisation: null,
      topic: 'none',
      channel: 'email',
    });
  });

  it('names every bad field', () => {
    expect(fields({ from: '2026-02-30', to: 'tomorrow' })).toEqual({
      from: ['dashboard.invalid.date'],
      to: ['dashboard.invalid.date'],
    });
    expect(fields({ from: '2026-03-02', to: '2026-03-01', region: 'gent', topic: ['money'], channel: 'fax' })).toEqual({
      to: ['dashboard.invalid.period'],
      region: ['dashboard.invalid.region'],
      topic: ['dashboard.invalid.topic'],
      channel: ['dashboard.invalid.channel'],
    });
    expect(fields({ from: '2024-01-01', to: '2026-01-02' })).toEqual({ from: ['dashboard.invalid.tooLong'] });
    expect(parseDashboardFilter({ from: '2024-01-02', to: '2026-01-01' }, ctx).from).toBe('2024-01-02');
  });
});

describe('dashboard tables: secondary suppression where parts add up to a shown whole', () => {
  const cols: Column[] = [
    { key: 'channel', kind: 'text' },
    { key: 'n', kind: 'count', protect: true },
  ];

  it('hides a second part when only one would be hidden, so the total cannot give it away', () => {
    const rows = shapeRows(
      cols,
      [
        { channel: 'email', n: 40 },
        { channel: 'web', n: 3 },
        { channel: 'phone', n: 12 },
        { channel: 'all', n: 55 },
      ],
      5,
      { rows: { totalColumn: 'channel', totalValue: 'all' } },
    );
    // web (3) is hidden; the smallest other non-zero part (phone, 12) goes with it; the total stays.
    expect(rows.map((r) => r.n)).toEqual([40, null, null, 55]);
    expect(rows[2].suppressed).toEqual(['n']);
    // Without additivity only the small cell is hidden.
    expect(
      shapeRows(
        cols,
        [
          { channel: 'email', n: 40 },
          { channel: 'web', n: 3 },
        ],
        5,
      ).map((r) => r.n),
    ).toEqual([40, null]);
  });

  it('leaves two hidden parts alone, and zeros stay visible', () => {
    const rows = shapeRows(
      cols,
      [
        { channel: 'a', n: 2 },
        { channel: 'b', n: 1 },
        { channel: 'c', n: 0 },
        { channel: 'd', n: 30 },
      ],
      5,
      { rows: {} },
    );
    expect(rows.map((r) => r.n)).toEqual([null, null, 0, 30]);
  });

  it('protects parts of a row (age buckets adding up to the backlog) and per group (reply target)', () => {
    const backlog: Column[] = [
      { key: 'region', kind: 'text' },
      ...['awaiting', 'a', 'b', 'c'].map((key) => ({ key, kind: 'count' as const, protect: true })),
    ];
    const [row] = shapeRows(backlog, [{ region: 'x', awaiting: 30, a: 2, b: 20, c: 8 }], 5, {
      parts: [{ total: 'awaiting', parts: ['a', 'b', 'c'] }],
    });
    expect([row.awaiting, row.a, row.b, row.c]).toEqual([30, null, 20, null]);
    const grouped = shapeRows(
      [{ key: 'target', kind: 'text' }, ...cols],
      [
        { target: 'first', channel: 'all', n: 20 },
        { target: 'first', channel: 'email', n: 17 },
        { target: 'first', channel: 'web', n: 3 },
        { target: 'next', channel: 'all', n: 9 },
        { target: 'next', channel: 'email', n: 9 },
      ],
      5,
      { rows: { group: 'target', totalColumn: 'channel', totalValue: 'all' } },
    );
    expect(grouped.map((r) => r.n)).toEqual([20, null, null, 9, 9]);
  });
});
