import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { axeViolations, describeViolations } from '../support/axe';
import { startTestApp, TestApp } from '../support/app';
import { ARTIFACTS, browserAvailable, launchBrowser } from '../support/browser';

const describeInBrowser = browserAvailable() ? describe : describe.skip;

const REFERRAL = 'Budgetmaatjes Amsterdam-Noord';

/**
 * Issue 16, shown in a browser: the org-admin of one demo organisation adds a worker, a referral
 * and a closed day; the new worker sees the referral in a case's composer, a worker of another
 * organisation does not.
 */
describeInBrowser('an organisation runs its own staff, referrals and calendar in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let amsterdamCase: string;
  let gentCase: string;

  const caseOf = async (body: Record<string, unknown>) => {
    const q = await request(t.app.getHttpServer())
      .post('/api/v1/questions')
      .send({
        nickname: 'Merel',
        text: 'Ik heb schulden en weet niet waar ik moet beginnen.',
        topic: 'money',
        ...body,
      });
    expect(q.status).toBe(201);
    const [{ id }] = await t.db.ds.query(`SELECT id FROM cases WHERE case_ref = $1`, [q.body.caseRef]);
    return id as string;
  };

  const login = async (context: BrowserContext, email: string, password = 'luister-demo'): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('E-mailadres').fill(email);
    await page.getByLabel('Wachtwoord').fill(password);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL(/\/account|\/inbox/);
    return page;
  };

  const noViolations = async (page: Page, what: string) => {
    expect({ page: what, violations: describeViolations(await axeViolations(page)) }).toEqual({
      page: what,
      violations: [],
    });
  };

  beforeAll(async () => {
    t = await startTestApp();
    base = await t.listen();
    browser = await launchBrowser();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    amsterdamCase = await caseOf({ postcode: '1012 AB', country: 'NL' });
    gentCase = await caseOf({ postcode: '9000', country: 'BE' });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the org-admin adds a worker, a referral and a closed day; the new worker sees the referral, another organisation’s worker does not', async () => {
    const admin = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await login(admin, 'orgadmin.amsterdam@luister.example');
    const scriptErrors: string[] = [];
    page.on('pageerror', (e) => scriptErrors.push(e.message));

    // 1. A new worker for the organisation's region (the admin pages, scoped to the org-admin's organisation).
    const adminPage = await page.goto(`${base}/admin`);
    expect(adminPage?.status()).toBe(200);
    await page.locator('#new-email').fill('nieuw.amsterdam@luister.example');
    await page.locator('#new-name').fill('Noor Nieuw');
    await page.locator('#new-role').selectOption('worker');
    await page.locator('input[name="regions"][value="amsterdam"]').check();
    await page.getByRole('button', { name: 'Medewerker aanmaken' }).click();
    await page.locator('#temporary-password').waitFor();
    const temporaryPassword = (await page.locator('#temporary-password').textContent())!.trim();
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(12);
    await page.screenshot({ path: path.join(ARTIFACTS, 'organisation-admin-worker.png'), fullPage: true });

    // 2. A referral of the organisation, from the staff menu.
    await page.getByRole('link', { name: 'Verwijsgids' }).click();
    await page.waitForURL(`${base}/referrals`);
    await noViolations(page, '/referrals');
    await page.locator('#ref-name').fill(REFERRAL);
    await page.locator('#ref-kind').selectOption('face-to-face');
    await page.locator('#ref-region').selectOption('amsterdam');
    await page.locator('#ref-phone').fill('020-1111111');
    await page.locator('#ref-hours').fill('di en do 13:00–16:00');
    await page.locator('#save-referral').click();
    await page.waitForURL(/\/referrals\/[0-9a-f-]{36}\?done=1/);
    await expect(page.locator('#done-notice').textContent()).resolves.toContain('Opgeslagen');

    // 3. A closed day on the region's calendar page, from the staff menu.
    await page.getByRole('link', { name: 'Openingstijden en termijnen' }).click();
    await page.waitForURL(`${base}/sla/regions`);
    await noViolations(page, '/sla/regions');
    await expect(page.locator('#sla-region-list').textContent()).resolves.not.toContain('Gent');
    await page.getByRole('link', { name: 'Amsterdam' }).click();
    await page.waitForURL(`${base}/sla/regions/amsterdam`);
    await noViolations(page, '/sla/regions/amsterdam');
    await page.locator('#closed-day').fill('2027-06-14');
    await page.locator('#closed-reason').fill('Teamdag');
    await page.locator('#add-closed-day-button').click();
    await page.waitForURL(/\/sla\/regions\/amsterdam\?done=closedDay/);
    await expect(page.locator('#done-notice').textContent()).resolves.toContain('toegevoegd');
    await expect(page.locator('#closed-day-list').textContent()).resolves.toContain('maandag 14 juni 2027');
    await expect(page.locator('#closed-day-list').textContent()).resolves.toContain('Teamdag');
    await page.screenshot({ path: path.join(ARTIFACTS, 'organisation-admin-calendar.png'), fullPage: true });
    await noViolations(page, '/sla/regions/amsterdam?done=closedDay');

    // The template pages as an organisation sees them: the platform's read-only beside its own.
    await page.getByRole('link', { name: 'Antwoordsjablonen' }).click();
    await page.waitForURL(`${base}/reply-templates`);
    await noViolations(page, '/reply-templates');
    await page.getByRole('link', { name: 'Geld en schulden' }).first().click();
    await page.locator('#platform-note').waitFor();
    await noViolations(page, '/reply-templates/:id (platform)');
    expect(scriptErrors).toEqual([]);
    await admin.close();

    // 4. The new worker: first their own password, then the composer of a case in their region.
    const worker = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const wp = await login(worker, 'nieuw.amsterdam@luister.example', temporaryPassword);
    await wp.waitForURL(`${base}/account`);
    await wp.locator('#currentPassword').fill(temporaryPassword);
    await wp.locator('#newPassword').fill('een-eigen-wachtwoord-2027');
    await wp.locator('#repeatPassword').fill('een-eigen-wachtwoord-2027');
    await wp.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
    await wp.locator('#done-notice').waitFor();
    await wp.goto(`${base}/cases/${amsterdamCase}/reply`);
    const local = wp.locator('#referrals-local');
    await expect(local.textContent()).resolves.toContain(REFERRAL);
    await expect(local.getByLabel(new RegExp(REFERRAL)).isVisible()).resolves.toBe(true);
    await wp.screenshot({ path: path.join(ARTIFACTS, 'organisation-admin-composer.png'), fullPage: true });
    await worker.close();

    // 5. A worker of another organisation does not see it, in their own case's composer or anywhere.
    const other = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const op = await login(other, 'gent@luister.example');
    await op.goto(`${base}/cases/${gentCase}/reply`);
    await op.locator('#referrals-local').waitFor();
    await expect(op.content()).resolves.not.toContain(REFERRAL);
    await expect(op.locator('#referrals-local').textContent()).resolves.toContain('CAW Oost-Vlaanderen');
    const response = await op.goto(`${base}/cases/${amsterdamCase}/reply`);
    expect(response?.status()).toBe(404);
    await op.screenshot({ path: path.join(ARTIFACTS, 'organisation-admin-other-worker.png'), fullPage: true });
    await other.close();
  }, 120_000);
  // Serious and critical WCAG findings only, as the /admin pages' own scans did (test/e2e/org-admin, folded in here).
  const blocking = async (page: Page) =>
    describeViolations((await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical'));

  it("the org-admin's admin pages show only their organisation and pass axe", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await login(context, 'orgadmin.gent@luister.example');
    await page.goto(`${base}/admin`);
    expect(await page.locator('#organisations').count()).toBe(0);
    expect(
      await page.locator('input[name="regions"]').evaluateAll((els) => els.map((e) => e.getAttribute('value'))),
    ).toEqual(['gent']);
    for (const where of ['/admin', '/admin/mailboxes', '/admin/audit']) {
      await page.goto(`${base}${where}`);
      expect([where, await blocking(page)]).toEqual([where, []]);
    }
    await context.close();
  }, 120_000);

  it('the platform admin sees every organisation on /admin, and the page passes axe', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await login(context, 'admin@luister.example');
    await page.goto(`${base}/admin`);
    expect(await page.locator('#organisation-caw-oost-vlaanderen').textContent()).toContain('Gent');
    expect(await blocking(page)).toEqual([]);
    await context.close();
  }, 120_000);
});
