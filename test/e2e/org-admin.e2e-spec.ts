import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { axeViolations, describeViolations } from '../support/axe';
import { browserAvailable, launchBrowser } from '../support/browser';
import { DEMO_PASSWORD } from '../staff/staff-login';

const describeInBrowser = browserAvailable() ? describe : describe.skip;

/** Serious and critical WCAG 2.1 AA findings on the page the browser shows now. */
async function blocking(page: Page): Promise<string[]> {
  return describeViolations(
    (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical'),
  );
}

/**
 * Issue 16 in the browser: Amsterdam's org-admin adds a worker to their organisation on /admin,
 * sees only their own organisation there, and the admin pages they may use pass axe; the
 * platform admin's page with the organisations too.
 */
describeInBrowser('an org-admin runs their organisation on /admin', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp();
    base = await t.listen();
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function login(email: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${base}/login`);
    await page.locator('#email').fill(email);
    await page.locator('#password').fill(DEMO_PASSWORD);
    await Promise.all([
      page.waitForURL(/\/(account|inbox)/),
      page.locator('form[action="/login"] button[type=submit]').click(),
    ]);
    return page;
  }

  it('adds a worker to the own organisation; the pages pass axe', async () => {
    const page = await login('orgadmin.amsterdam@luister.example');
    await page.getByRole('link', { name: 'Beheer', exact: true }).first().click();
    await page.waitForURL(`${base}/admin`);
    expect(await blocking(page)).toEqual([]);
    expect(await page.locator('#organisations').count()).toBe(0);
    expect(
      await page.locator('input[name="regions"]').evaluateAll((els) => els.map((e) => e.getAttribute('value'))),
    ).toEqual(['amsterdam']);

    await page.locator('#new-email').fill('nieuw@welzijn-amsterdam.test');
    await page.locator('#new-name').fill('Nadia Nieuw');
    await page.locator('#new-role').selectOption('worker');
    await page.locator('input[name="regions"][value="amsterdam"]').check();
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Medewerker aanmaken' }).click(),
    ]);
    const temporary = await page.locator('#temporary-password').textContent();
    expect(temporary).toBeTruthy();
    expect(await page.locator('#users').locator('xpath=following::table[1]').textContent()).toContain('Nadia Nieuw');

    const [row] = await t.db.ds.query(
      `SELECT o.code FROM staff_user u JOIN organisation o ON o.id = u.organisation_id WHERE u.email = 'nieuw@welzijn-amsterdam.test'`,
    );
    expect(row.code).toBe('welzijn-amsterdam');
    const worker = await request(t.app.getHttpServer())
      .post('/api/v1/auth/login')
      .send({ email: 'nieuw@welzijn-amsterdam.test', password: temporary });
    expect(worker.status).toBe(200);

    for (const path of ['/admin/mailboxes', '/admin/audit']) {
      await page.goto(`${base}${path}`);
      expect([path, await blocking(page)]).toEqual([path, []]);
    }
    await page.context().close();
  }, 120_000);

  it('shows the platform admin every organisation, and the page passes axe', async () => {
    const page = await login('admin@luister.example');
    await page.goto(`${base}/admin`);
    expect(await page.locator('#organisation-caw-oost-vlaanderen').textContent()).toContain('Gent');
    expect(await blocking(page)).toEqual([]);
    await page.context().close();
  }, 120_000);
});
