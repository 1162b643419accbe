import { axeViolations, describeViolations } from '../support/axe';
import { dutchRegionsInOneOrganisation } from '../support/one-organisation';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { DashboardRollupService } from '../../src/dashboard/dashboard-rollup.service';
import { makeCase, staffId } from '../inbox/factories';
import { FactOptions, recordFact } from '../dashboard/facts';
import { startTestApp, TestApp } from '../support/app';
import { ARTIFACTS, browserAvailable, launchBrowser } from '../support/browser';

const describeInBrowser = browserAvailable() ? describe : describe.skip;
const H = 3600;
const DAY = 24 * H * 1000;

async function accessibilityViolations(page: Page): Promise<string[]> {
  const violations = await axeViolations(page);
  return describeViolations(violations);
}

/** Three weeks of facts up to yesterday: web and e-mail cases in Amsterdam and Rotterdam, replies, evaluations, and a backlog now. */
async function seed(t: TestApp): Promise<void> {
  const ds: DataSource = t.db.ds;
  const worker = await staffId(ds, 'worker@luister.example');
  const supervisor = await staffId(ds, 'supervisor@luister.example');
  const fact = (caseId: string, type: string, at: Date, o: FactOptions = {}) => recordFact(ds, caseId, type, at, o);
  const topics = ['money', 'housing', 'parenting', 'relationships', 'loneliness'];
  const now = Date.now();
  let n = 0;
  for (let day = 21; day >= 1; day--) {
    for (let k = 0; k < 5; k++) {
      n++;
      const region = n % 4 === 0 ? 'rotterdam' : 'amsterdam';
      const channel = n % 3 === 0 ? 'web' : 'email';
      const created = new Date(now - day * DAY - 6 * H * 1000);
      const c = await makeCase(ds, {
        region,
        topic: topics[n % topics.length],
        channel,
        createdAt: created.toISOString(),
        status: 'closed',
      });
      await fact(c.id, 'case.created', created);
      const business = 2 + (n % 9);
      const answered = new Date(created.getTime() + (business + 10) * H * 1000);
      const by = n % 5 === 0 ? supervisor : worker;
      await fact(c.id, business <= 8 ? 'sla.met' : 'sla.missed', answered, {
        actor: by,
        data: { target: 'first' },
        business: business * H,
        wall: (business + 10) * H,
      });
      const checks = [
        'summary',
        'openQuestion',
        'advice',
        ...(n % 2 ? ['verification', 'feedback'] : []),
        ...(n % 3 === 0 ? ['referral', 'onlineReferral'] : ['referral']),
      ];
      await fact(c.id, 'reply.sent', answered, {
        actor: by,
        data: {
          replyId: 'r',
          checks,
          referrals: { 'social-work': 1, 'face-to-face': n % 2, online: n % 3 === 0 ? 1 : 0 },
        },
      });
      if (n % 2 === 0) {
        const [m] = await ds.query(
          `INSERT INTO message (case_id, direction, channel, body_text, created_at) VALUES ($1, 'out', 'email', 'Antwoord.', $2) RETURNING id`,
          [c.id, answered],
        );
        await ds.query(
          `INSERT INTO evaluation (case_id, reply_message_id, pleasant, helped, personal_contact, meaningful_score, helped_score, submitted_at, updated_at)
           VALUES ($1, $2, true, $3, false, $4, $5, $6, $6)`,
          [c.id, m.id, n % 4 !== 0, 3 + (n % 3), 3 + (n % 2), new Date(answered.getTime() + H * 1000)],
        );
      }
    }
  }
  // Waiting right now: Amsterdam by age, some overdue; Rotterdam a few.
  const ages = [2, 5, 20, 30, 50, 60, 80, 100, 130, 200, 5, 26];
  for (const [i, age] of ages.entries()) {
    const c = await makeCase(ds, {
      region: i < 10 ? 'amsterdam' : 'rotterdam',
      status: 'new',
      channel: 'web',
      assignedTo: i % 2 ? worker : null,
    });
    await ds.query(
      `UPDATE cases SET sla_target = 'first', sla_started_at = now() - make_interval(hours => $2), first_reply_due_at = now() + make_interval(hours => $3) WHERE id = $1`,
      [c.id, age, 40 - age],
    );
  }
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  await t.app.get(DashboardRollupService).rollup.rebuild(iso(new Date(now - 30 * DAY)), iso(new Date(now + DAY)));
}

describeInBrowser('a manager reads the dashboard in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp();
    await dutchRegionsInOneOrganisation(t.db.ds);
    base = await t.listen();
    browser = await launchBrowser();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await seed(t);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('logs in, sees tiles, charts and tables, filters by region, downloads a CSV; no axe violation, no CSP report', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    // CSP reports and script errors show up on the console; failed loads are checked by URL below.
    page.on(
      'console',
      (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(m.text()),
    );
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('response', (r) => {
      const url = new URL(r.url());
      if (
        r.status() >= 400 &&
        url.pathname !== '/favicon.ico' &&
        !(r.status() === 400 && url.searchParams.get('from') === '2025-03-10')
      )
        problems.push(`${r.status()} ${url.pathname}`);
    });

    await page.goto(`${base}/dashboard`);
    await page.waitForURL(/\/login\?next=%2Fdashboard/);
    await page.getByLabel('E-mailadres').fill('manager@luister.example');
    await page.getByLabel('Wachtwoord').fill('luister-demo');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL(`${base}/dashboard`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Dashboard');

    // Tiles: 105 new cases in the last four weeks (5 a day for 21 days).
    await expect(page.locator('#tile-new-cases .tile-value').textContent()).resolves.toBe('105');
    await expect(page.locator('#tile-first-reply .tile-value').textContent()).resolves.toMatch(/^\d+,\d u$/);
    await expect(page.locator('#tile-first-reply .tile-baseline').textContent()).resolves.toContain('72,0 u');
    await expect(page.locator('#tile-breaches .tile-value').textContent()).resolves.toMatch(/^\d+$/);
    await expect(page.locator('#tile-verification .tile-baseline').textContent()).resolves.toContain('40%');

    // Charts: visible SVG images with bars; the trend has one bar per week with cases.
    const charts = page.locator('svg.chart[role=img]');
    expect(await charts.count()).toBeGreaterThanOrEqual(9);
    const trendBars = page.locator('#chart-trend rect.bar.series-0');
    expect(await trendBars.count()).toBeGreaterThanOrEqual(3);
    const box = await page.locator('#chart-backlog').boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(await page.locator('#chart-backlog rect.bar').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('#chart-checklist line.baseline').count()).toBe(3); // legend + two items
    // A bar's colour comes from dashboard.css, not from an inline style.
    await expect(
      page
        .locator('#chart-trend rect.bar.series-0')
        .first()
        .evaluate((el) => getComputedStyle(el).fill),
    ).resolves.toBe('rgb(31, 95, 139)');

    // Tables carry the same numbers.
    const regionRows = page.locator('#table-regions tbody tr');
    await expect(regionRows.count()).resolves.toBe(4);
    await expect(page.locator('#table-volume tbody tr').last().locator('td').nth(1).textContent()).resolves.toBe('105');

    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    await expect(accessibilityViolations(page)).resolves.toEqual([]);

    // The CSV link works with the browser's session: for Dutch Excel, headers in words.
    const csvHref = await page.locator('#csv-volume').getAttribute('href');
    const csv = await page.request.get(`${base}${csvHref}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    expect((await csv.text()).replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
      'Kanaal;Nieuwe casussen;Berichten in;Antwoorden verstuurd;Weggelaten (aantal onder 5)',
    );
    const xlsx = await page.request.get(`${base}${await page.locator('#xlsx-volume').getAttribute('href')}`);
    expect(xlsx.status()).toBe(200);
    expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');

    // Filter: Rotterdam only.
    await page.getByLabel('Regio', { exact: true }).selectOption('rotterdam');
    await page.getByRole('button', { name: 'Toon' }).click();
    await page.waitForURL(/region=rotterdam/);
    await expect(page.locator('#table-regions tbody tr').count()).resolves.toBe(1);
    await expect(page.locator('#table-regions tbody tr td').first().textContent()).resolves.toBe('Rotterdam');
    await expect(page.locator('#region').inputValue()).resolves.toBe('rotterdam');
    const rotterdam = Number(await page.locator('#tile-new-cases .tile-value').textContent());
    expect(rotterdam).toBeGreaterThan(5);
    expect(rotterdam).toBeLessThan(105);
    await expect(page.locator('#csv-volume').getAttribute('href')).resolves.toContain('region=rotterdam');

    // A quick period keeps the region.
    await page.getByRole('link', { name: 'Laatste 13 weken' }).click();
    await page.waitForURL(/region=rotterdam/);
    await expect(page.locator('#tile-new-cases .tile-value').textContent()).resolves.toBe(String(rotterdam));

    // A wrong period: the message beside the field, and still no axe violation.
    await page.locator('#from').fill('2025-03-10');
    await page.locator('#to').fill('2025-03-01');
    await page.getByRole('button', { name: 'Toon' }).click();
    await page.waitForSelector('#to-error');
    await expect(page.locator('#to-error').textContent()).resolves.toContain('De einddatum ligt vóór de begindatum.');
    await expect(accessibilityViolations(page)).resolves.toEqual([]);

    expect(problems).toEqual([]);
    await context.close();
  });
});
