import ExcelJS from 'exceljs';
import { dutchRegionsInOneOrganisation } from '../support/one-organisation';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DashboardRollupService } from '../../src/dashboard/dashboard-rollup.service';
import { FIGURE_NAMES } from '../../src/dashboard/dashboard-figures';
import { makeCase, staffId } from '../inbox/factories';
import { caseWithFact, replyFacts } from './facts';
import { pageLogin } from '../staff/staff-login';
import { startTestApp, TestApp } from '../support/app';

const PERIOD = 'from=2025-03-03&to=2025-03-16';

/** The page's text with handlebars' entities decoded, so tests read what a browser shows. */
const decode = (html: string) =>
  html.replace(
    /&(amp|lt|gt|quot|#x27|#39|#x3D|#x60);/g,
    (_, e: string) =>
      ({ amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#39': "'", '#x3D': '=', '#x60': '`' })[e]!,
  );

/** The option values of a select on the page. */
const options = (html: string, name: string) => {
  const select = new RegExp(`<select id="${name}" name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? '';
  return [...select.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]).filter(Boolean);
};

/** The cells of a figure table's rows, as the page shows them (hidden explanations removed). */
const tableRows = (html: string, figure: string) => {
  const table = new RegExp(`<table [^>]*id="table-${figure}">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...r[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) =>
      decode(c[1].replace(/<span class="visually-hidden">[\s\S]*?<\/span>/g, '').replace(/<[^>]+>/g, '')).trim(),
    ),
  );
};

/**
 * The /dashboard page over a small data set in March 2025: Amsterdam with enough cases to show
 * its numbers, Rotterdam with two (hidden as "<5"), Gent outside the manager's regions.
 */
describe('the /dashboard page', () => {
  let t: TestApp;
  let ds: DataSource;
  const http = () => request(t.app.getHttpServer());

  const newCase = (region: string, topic: string, channel: 'web' | 'email', at: string) =>
    caseWithFact(ds, region, topic, channel, at);
  const reply = (
    caseId: string,
    at: string,
    by: string,
    businessHours: number,
    wallHours: number,
    met: boolean,
    checks: string[],
    online = 0,
  ) => replyFacts(ds, caseId, at, { by, businessHours, wallHours, met, checks, referrals: { socialWork: 1, online } });

  beforeAll(async () => {
    t = await startTestApp();
    await dutchRegionsInOneOrganisation(t.db.ds);
    ds = t.db.ds;
    expect(t.config.dashboard.minCount).toBe(5);
    const worker = await staffId(ds, 'worker@luister.example');
    const gent = await staffId(ds, 'gent@luister.example');
    // Amsterdam, e-mail, money: 8 cases on 4 March, each answered on 5 March (business 2..9 h, wall 20..90 h).
    for (let i = 0; i < 8; i++) {
      const id = await newCase('amsterdam', 'money', 'email', '2025-03-04T10:00:00Z');
      await reply(
        id,
        '2025-03-05T12:00:00Z',
        worker,
        2 + i,
        20 + 10 * i,
        i < 6,
        i < 4 ? ['summary', 'verification', 'onlineReferral'] : ['summary'],
        i < 2 ? 1 : 0,
      );
    }
    // Rotterdam: two web cases (a small count).
    for (let i = 0; i < 2; i++) await newCase('rotterdam', 'housing', 'web', '2025-03-11T09:00:00Z');
    // Gent: six cases, answered by Griet.
    for (let i = 0; i < 6; i++) {
      const id = await newCase('gent', 'loneliness', 'web', '2025-03-06T09:00:00Z');
      await reply(id, '2025-03-07T09:00:00Z', gent, 1, 1, true, ['summary']);
    }
    // Waiting right now in Amsterdam: six cases, one overdue.
    for (let i = 0; i < 6; i++) {
      const c = await makeCase(ds, { region: 'amsterdam', status: 'new', channel: 'web' });
      await ds.query(
        `UPDATE cases SET sla_target = 'first', sla_started_at = now() - interval '2 days', first_reply_due_at = now() + make_interval(hours => $2) WHERE id = $1`,
        [c.id, i === 0 ? -5 : 5],
      );
    }
    await t.app.get(DashboardRollupService).rollup.rebuild('2025-03-01', '2025-03-20');
  });
  afterAll(() => t?.close());

  it('sends an anonymous visitor to the login page', async () => {
    const res = await http().get('/dashboard').expect(303);
    expect(res.headers.location).toBe('/login?next=%2Fdashboard');
  });

  it('refuses workers (and shows them no Dashboard link)', async () => {
    const worker = await pageLogin(t, 'worker@luister.example');
    const res = await worker.get('/dashboard').expect(403);
    expect(res.headers['content-type']).toMatch(/html/);
    expect(res.text).not.toContain('id="figure-volume"');
    const inbox = await worker.get('/inbox').expect(200);
    expect(inbox.text).not.toContain('href="/dashboard"');
  });

  it('shows a manager every figure of their regions, with charts, tables and CSV links', async () => {
    const manager = await pageLogin(t, 'manager@luister.example');
    const res = await manager.get(`/dashboard?${PERIOD}`).expect(200);
    const html = res.text;
    const text = decode(html);
    expect(html).toContain('<a href="/dashboard" aria-current="page">Dashboard</a>');
    // By name: Amsterdam, Landelijk team, Rotterdam, Utrecht.
    expect(options(html, 'region')).toEqual(['amsterdam', 'landelijk', 'rotterdam', 'utrecht']);
    expect(options(html, 'region')).not.toContain('gent');
    expect(options(html, 'channel')).toEqual(['web', 'email']);
    expect(options(html, 'topic')).toContain('money');
    expect(options(html, 'topic')).toContain('none');
    // One organisation: nothing to set side by side, so no organisations table (the admin has one).
    expect(html).not.toContain('id="figure-organisations"');
    for (const name of FIGURE_NAMES.filter((n) => n !== 'organisations')) {
      expect(html).toContain(`id="figure-${name}"`);
      expect(text).toContain(`href="/dashboard/export/${name}?from=2025-03-03&to=2025-03-16&format=xlsx"`);
      expect(text).toContain(
        `href="/dashboard/export/${name}?from=2025-03-03&to=2025-03-16&format=csv&sep=semicolon&decimal=comma"`,
      );
      expect(html).toContain(`id="table-${name}"`);
    }
    // Charts: inline SVG images with a title, never inline styles or scripts.
    expect(
      html.match(
        /<svg class="chart" id="chart-[a-z]+" role="img" aria-labelledby="chart-[a-z]+-title chart-[a-z]+-desc"/g,
      )!.length,
    ).toBeGreaterThanOrEqual(8);
    expect(html).not.toMatch(/style="|<script>/);
    expect(text).toContain('Periode: 3 mrt 2025 t/m 16 mrt 2025.');
    expect(text).toMatch(/Cijfers bijgewerkt tot <time datetime="\d{4}-/);

    // Tiles: 10 new cases (8 Amsterdam + 2 Rotterdam, Gent not counted), median first reply
    // 5.5 business hours with 6 of 8 within the target, the research's 72 hours beside it.
    expect(tile(html, 'tile-new-cases')).toContain('<span class="tile-value">10</span>');
    expect(tile(html, 'tile-first-reply')).toContain('<span class="tile-value">5,5 u</span>');
    expect(decode(tile(html, 'tile-first-reply'))).toContain('75% binnen de termijn');
    expect(decode(tile(html, 'tile-first-reply'))).toContain(
      'Onderzoek: gemiddeld 3 dagen (72,0 u) tot een antwoord op een e-mail',
    );
    expect(tile(html, 'tile-verification')).toContain('<span class="tile-value">50%</span>');
    expect(decode(tile(html, 'tile-verification'))).toContain('Onderzoek: 40%');
    expect(decode(tile(html, 'tile-online-referral'))).toContain(
      'Onderzoek: online hulp in slechts 10% van de casussen',
    );
    expect(decode(tile(html, 'tile-helped'))).toContain('PsychoseNet: "geholpen" gemiddeld 4,2');
    // The backlog of right now: six waiting in Amsterdam, one overdue. The manager's own live
    // count: shown as it is (the small-count rule is for figures that leave the team).
    expect(tile(html, 'tile-breaches')).toContain('<span class="tile-value">1</span>');
    expect(decode(tile(html, 'tile-breaches'))).toContain('6 casussen wachten nu op antwoord');

    // Tables: the manager's own regions in full, Rotterdam's two cases too; no "<5" anywhere.
    const regions = tableRows(html, 'regions');
    expect(regions.find((r) => r[0] === 'Rotterdam')![2]).toBe('2');
    expect(regions.find((r) => r[0] === 'Amsterdam')![2]).toBe('8');
    expect(regions.map((r) => r[0])).not.toContain('Gent');
    expect(html).not.toContain('minder dan 5, verborgen');
    expect(html).not.toContain('id="small-count-note"');
    expect(html).toContain('id="export-note"');
    const response = tableRows(html, 'response');
    expect(response[0].slice(0, 5)).toEqual(['Eerste antwoord', 'Alle kanalen', '8', '75%', '5,5 u']);
    expect(tableRows(html, 'checklist').find((r) => r[0] === 'Samenvatting gecheckt ("Klopt dat?")')).toEqual([
      'Samenvatting gecheckt ("Klopt dat?")',
      '8',
      '4',
      '50%',
    ]);
    const workload = tableRows(html, 'workload');
    expect(workload.find((r) => r[0] === 'Wim Werker')![2]).toBe('8');
    expect(workload.map((r) => r[0])).not.toContain('Griet Gent');
  });

  it('exports a figure for Dutch Excel: headers in words, ";" and ",", the small-count rule as its own column', async () => {
    const manager = await pageLogin(t, 'manager@luister.example');
    const page = decode((await manager.get(`/dashboard?${PERIOD}`).expect(200)).text);
    const href = /href="(\/dashboard\/export\/regions\?[^"]+sep=semicolon[^"]*)"/.exec(page)![1];
    const csv = await manager.get(href).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0].split(';')[0]).toBe('Regio');
    expect(lines[0]).toContain('Nieuwe casussen');
    expect(lines[0].split(';').at(-1)).toBe('Weggelaten (aantal onder 5)');
    // Rotterdam's 2 leaves the team: empty (not "<5", not 0), and the marker column names it.
    const rotterdam = lines.find((l) => l.startsWith('Rotterdam;'))!.split(';');
    expect(rotterdam[2]).toBe('');
    expect(rotterdam.at(-1)).toContain('Nieuwe casussen');
    expect(csv.text).not.toContain('<5');
    // A share with a decimal comma, as a percentage.
    const amsterdam = lines.find((l) => l.startsWith('Amsterdam;'))!;
    expect(amsterdam).toMatch(/;\d+,\d+;|;\d+;/);
    // International CSV: commas and points.
    const intl = await manager.get(href.replace('sep=semicolon&decimal=comma', 'sep=comma&decimal=point')).expect(200);
    expect(
      intl.text
        .replace(/^\uFEFF/, '')
        .split('\r\n')[0]
        .split(',')[0],
    ).toBe('Regio');
    // A comma cannot be both.
    await manager.get(href.replace('decimal=comma', 'decimal=comma').replace('sep=semicolon', 'sep=comma')).expect(400);
  });

  it('exports a figure as XLSX with real numbers, dates and the marker column', async () => {
    const manager = await pageLogin(t, 'manager@luister.example');
    const res = await manager
      .get(`/dashboard/export/trend?${PERIOD}&format=xlsx`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    const body = res.body as Buffer;
    await wb.xlsx.load(body.buffer.slice(body.byteOffset, body.byteOffset + body.length) as ArrayBuffer);
    const sheet = wb.worksheets[0];
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers[0]).toBe('Week (maandag)');
    expect(headers.at(-1)).toBe('Weggelaten (aantal onder 5)');
    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toBeInstanceOf(Date);
    const numbers = (sheet.getRow(2).values as unknown[]).slice(2, -1).filter((v) => v !== null && v !== undefined);
    expect(numbers.every((v) => typeof v === 'number')).toBe(true);
    expect(wb.worksheets[1].getCell('A1').value).toBe('Overzicht');
  });

  it('reads a whole page in one session: one pooled connection, not one per figure', async () => {
    const manager = await pageLogin(t, 'manager@luister.example');
    const sessions = jest.spyOn(t.app.get(DataSource), 'transaction');
    try {
      await manager.get(`/dashboard?${PERIOD}`).expect(200);
      // The user's scope, then the ten figures.
      expect(sessions).toHaveBeenCalledTimes(2);
    } finally {
      sessions.mockRestore();
    }
  });

  it('shows an admin every region, Gent included', async () => {
    const admin = await pageLogin(t, 'admin@luister.example');
    const html = (await admin.get(`/dashboard?${PERIOD}`).expect(200)).text;
    expect(options(html, 'region')).toContain('gent');
    // A platform-wide view: the small-count rule applies. Rotterdam's 2 is hidden, and with it the
    // smallest other region (Gent's 6), so the total cannot give either away.
    expect(tableRows(html, 'regions').find((r) => r[0] === 'Gent')![2]).toBe('<5');
    expect(tableRows(html, 'regions').find((r) => r[0] === 'Amsterdam')![2]).toBe('8');
    expect(tile(html, 'tile-new-cases')).toContain('<span class="tile-value">16</span>');
  });

  it('re-renders a wrong filter with the messages beside the fields (400)', async () => {
    const manager = await pageLogin(t, 'manager@luister.example');
    const res = await manager.get('/dashboard?from=2025-03-16&to=2025-03-03&region=gent').expect(400);
    const text = decode(res.text);
    expect(text).toContain('<p class="field-error" id="to-error">De einddatum ligt vóór de begindatum. </p>');
    expect(text).toContain(
      `<p class="field-error" id="region-error">Onbekende regio, of niet een van jouw regio's. </p>`,
    );
    expect(text).toMatch(
      /<input type="date" id="to" name="to" value="2025-03-03" aria-invalid="true" aria-describedby="to-error">/,
    );
    expect(text).toContain('<div class="error-summary" role="alert" tabindex="-1" id="error-summary">');
    expect(text).toContain('<a href="#to">De einddatum ligt vóór de begindatum.</a>');
    expect(text).not.toContain('id="figure-volume"');
    expect(options(res.text, 'region')).not.toContain('gent');
  });

  it('renders a period without any data: zeros and dashes, no error', async () => {
    const manager = await pageLogin(t, 'manager@luister.example');
    const html = (await manager.get('/dashboard?from=2024-01-01&to=2024-01-31&topic=none&channel=web').expect(200))
      .text;
    expect(tile(html, 'tile-new-cases')).toContain('<span class="tile-value">0</span>');
    expect(tile(html, 'tile-first-reply')).toContain('<span class="tile-value">–</span>');
    expect(decode(html)).toContain('Voor deze periode zijn nog geen cijfers berekend.');
    for (const name of FIGURE_NAMES.filter((n) => n !== 'organisations')) expect(html).toContain(`id="table-${name}"`);
    expect(html).toContain('<option value="none" selected>Geen onderwerp gekozen</option>');
  });

  it('speaks English with ?lang=en', async () => {
    const manager = await pageLogin(t, 'manager@luister.example');
    const html = (await manager.get(`/dashboard?${PERIOD}&lang=en`).expect(200)).text;
    const text = decode(html);
    expect(html).toContain('<html lang="en">');
    expect(text).toContain('<h1>Dashboard</h1>');
    expect(text).toContain('Period: 3 Mar 2025 to 16 Mar 2025.');
    expect(tile(html, 'tile-first-reply')).toContain('<span class="tile-value">5.5 h</span>');
    expect(text).toContain('CSV for Dutch Excel (; and ,)');
    expect(tableRows(html, 'regions').find((r) => r[0] === 'Rotterdam')![2]).toBe('2');
    expect(text).toContain('Research: on average 3 days (72.0 h) to a reply to an e-mail');
  });

  it('says so when the percentiles are estimated from a sample', async () => {
    const manager = await pageLogin(t, 'manager@luister.example');
    expect((await manager.get(`/dashboard?${PERIOD}`).expect(200)).text).not.toContain('id="dashboard-sampled"');
    t.config.dashboard.exactPercentilesUpTo = 1;
    try {
      const html = decode((await manager.get(`/dashboard?${PERIOD}`).expect(200)).text);
      expect(html).toContain(
        '<p class="hint" id="dashboard-sampled">Medianen en p90 zijn in deze periode geschat uit 1 op de 16 reactietijden',
      );
    } finally {
      t.config.dashboard.exactPercentilesUpTo = 50_000;
    }
  });
});

function tile(html: string, id: string): string {
  return new RegExp(`<li class="tile" id="${id}">([\\s\\S]*?)</li>`).exec(html)?.[1] ?? '';
}
