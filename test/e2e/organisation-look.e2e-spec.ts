import { axeViolations, describeViolations } from '../support/axe';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../support/app';
import { ARTIFACTS, browserAvailable, launchBrowser } from '../support/browser';

const describeInBrowser = browserAvailable() ? describe : describe.skip;

async function accessibilityViolations(page: Page): Promise<string[]> {
  return describeViolations(await axeViolations(page));
}

/** The answering organisation's look as a help-seeker sees it: name, a loaded logo, the accent bar. */
async function look(page: Page) {
  return page.evaluate(() => {
    const img = document.querySelector<HTMLImageElement>('#org-logo');
    const bar = document.querySelector('#org-look');
    return {
      name: document.querySelector('#org-name')?.textContent ?? null,
      logoLoaded: !!img && img.complete && img.naturalWidth > 0,
      logoSrc: img?.getAttribute('src') ?? null,
      bar: bar ? getComputedStyle(bar).borderTopColor : null,
    };
  });
}

describeInBrowser("an organisation's own look in a real browser", () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp();
    base = await t.listen();
    browser = await launchBrowser();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a phone: the start page is the platform’s; the case page shows the organisation, logo and bar; 0 axe violations; a transfer shows the next one', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await phone.newPage();
    await page.goto(`${base}/`);
    await expect(page.locator('#org-look').count()).resolves.toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'org-look-start-page.png'), fullPage: true });

    await page.getByLabel('Schuilnaam').fill('Zonnebloem');
    await page.locator('#postcode').fill('1012 AB');
    await page.getByLabel('Je vraag').fill('Ik heb schulden bij drie bedrijven. Waar begin ik?');
    await page.getByRole('button', { name: 'Vraag versturen' }).click();
    await page.waitForSelector('#case-link');
    await expect(look(page)).resolves.toEqual({
      name: 'Welzijn Amsterdam',
      logoLoaded: true,
      logoSrc: '/organisations/welzijn-amsterdam/logo',
      // #b3261e from the organisation's stylesheet (the pages allow no inline style).
      bar: 'rgb(179, 38, 30)',
    });
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    const link = (await page.locator('#case-link').textContent())!.trim();

    await page.goto(link);
    await page.waitForSelector('.conversation');
    await expect(look(page)).resolves.toMatchObject({ name: 'Welzijn Amsterdam', logoLoaded: true });
    // Phone width: nothing wider than the screen.
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(ARTIFACTS, 'org-look-case-page-phone.png'), fullPage: true });
    await expect(accessibilityViolations(page)).resolves.toEqual([]);

    // The Amsterdam worker hands it to Gent (another organisation) from the case page.
    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const staff = await desk.newPage();
    await staff.goto(`${base}/login`);
    await staff.getByLabel('E-mailadres').fill('worker@luister.example');
    await staff.getByLabel('Wachtwoord').fill('luister-demo');
    await staff.getByRole('button', { name: 'Inloggen' }).click();
    await staff.waitForURL(/\/account|\/inbox/);
    await expect(staff.locator('#staff-organisation').textContent()).resolves.toBe('Welzijn Amsterdam');
    const [c] = await t.db.ds.query(`SELECT id, case_ref FROM cases ORDER BY created_at DESC LIMIT 1`);
    await staff.goto(`${base}/cases/${c.id}`);
    await expect(staff.locator('#transfer-across').count()).resolves.toBe(1);
    await expect(accessibilityViolations(staff)).resolves.toEqual([]);
    await staff.getByLabel('Regio van de andere organisatie').selectOption('gent');
    await staff.getByLabel('De hulpvrager is verhuisd').check();
    await staff.getByLabel('Korte notitie voor het nieuwe team (niet verplicht)').fill('Bel haar op 0612345678');
    await staff.getByRole('button', { name: 'Overdragen aan de andere organisatie' }).click();
    // A note that could identify someone is refused, beside the field, and nothing moved.
    await staff.waitForSelector('#transfer-note-error');
    await expect(accessibilityViolations(staff)).resolves.toEqual([]);
    // What was chosen stays chosen; only the note needs changing.
    await expect(staff.getByLabel('Regio van de andere organisatie').inputValue()).resolves.toBe('gent');
    await expect(staff.getByLabel('De hulpvrager is verhuisd').isChecked()).resolves.toBe(true);
    await staff.getByLabel('Korte notitie voor het nieuwe team (niet verplicht)').fill('Is verhuisd, schrijft ze.');
    await staff.getByRole('button', { name: 'Overdragen aan de andere organisatie' }).click();
    await staff.waitForURL(/\/inbox\/transferred\?done=1/);
    await expect(staff.locator('#transferred-table').textContent()).resolves.toContain(c.case_ref);
    await expect(staff.locator('#transferred-table').textContent()).resolves.toContain('CAW Oost-Vlaanderen');
    await staff.screenshot({ path: path.join(ARTIFACTS, 'org-transferred-list.png'), fullPage: true });
    await expect(accessibilityViolations(staff)).resolves.toEqual([]);
    // Out of Amsterdam's sight.
    expect((await staff.goto(`${base}/cases/${c.id}`))?.status()).toBe(404);

    // The help-seeker's link still works, now in Gent's look.
    await page.reload();
    await expect(look(page)).resolves.toEqual({
      name: 'CAW Oost-Vlaanderen',
      logoLoaded: true,
      logoSrc: '/organisations/caw-oost-vlaanderen/logo',
      bar: 'rgb(106, 61, 154)',
    });
    await page.screenshot({ path: path.join(ARTIFACTS, 'org-look-case-page-after-transfer.png'), fullPage: true });
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await phone.close();
    await desk.close();
  }, 180_000);

  it('the org-admin’s settings page has 0 axe violations and changes the bar’s colour', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('E-mailadres').fill('orgadmin.gent@luister.example');
    await page.getByLabel('Wachtwoord').fill('luister-demo');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL(/\/account|\/inbox|\/dashboard/);
    // Beheer, then its sub-menu's Organisatie.
    await page.getByRole('link', { name: 'Beheer', exact: true }).click();
    await page.waitForURL(`${base}/admin`);
    await page.getByRole('link', { name: 'Organisatie', exact: true }).click();
    await page.waitForURL(`${base}/admin/organisation`);
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await page.getByLabel('Accentkleur').fill('#005a70');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.waitForSelector('#org-done');
    await page.screenshot({ path: path.join(ARTIFACTS, 'org-settings.png'), fullPage: true });
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    const css = await page.request.get(`${base}/organisations/caw-oost-vlaanderen/look.css`);
    expect(await css.text()).toContain('#005a70');
    await context.close();
  }, 120_000);
});
