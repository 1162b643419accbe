import { axeViolations, describeViolations } from '../support/axe';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../support/app';
import { ARTIFACTS, browserAvailable, launchBrowser } from '../support/browser';

const describeInBrowser = browserAvailable() ? describe : describe.skip;

/** WCAG 2.1 A/AA violations on the current page (axe-core), as a readable list. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  const violations = await axeViolations(page);
  return describeViolations(violations);
}

describeInBrowser('help-seeker in a real browser', () => {
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

  it('asks a question, opens the case link, adds a follow-up and leaves with quick exit', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } }); // a phone
    const page = await context.newPage();
    // The closed network has no neutral site; answer for it so the exit can be observed.
    await page.route(t.config.quickExitUrl + '**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Weer</title><p>Het weer</p>' }),
    );

    await page.goto(`${base}/`);
    await expect(page.title()).resolves.toContain('Stel je vraag anoniem');
    // A first try with mistakes: messages beside the fields, nothing typed is lost.
    await page.getByLabel('Je vraag').fill('Kort');
    await page.getByRole('button', { name: 'Vraag versturen' }).click();
    await page.waitForSelector('#error-summary');
    await expect(page.locator('#nickname-error').textContent()).resolves.toContain('Vul een schuilnaam in.');
    await expect(page.getByLabel('Je vraag').inputValue()).resolves.toBe('Kort');
    await expect(accessibilityViolations(page)).resolves.toEqual([]);

    await page.getByLabel('Schuilnaam').fill('Zonnebloem');
    await page.locator('#postcode').fill('1012 ab');
    await page.getByLabel('Onderwerp').selectOption('money');
    await page.getByLabel('Advies').check();
    await page.getByLabel('Je vraag').fill('Ik heb schulden bij drie bedrijven. Waar begin ik?');
    await page.getByRole('button', { name: 'Vraag versturen' }).click();
    await page.waitForSelector('#case-link');
    await page.screenshot({ path: path.join(ARTIFACTS, 'intake-received.png'), fullPage: true });
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    const link = (await page.locator('#case-link').textContent())!.trim();
    expect(link).toMatch(/\/c\/[A-Za-z0-9_-]{22}$/);
    const [row] = await t.db.ds.query(
      `SELECT r.code FROM cases c JOIN region r ON r.id = c.region_id ORDER BY c.created_at DESC LIMIT 1`,
    );
    expect(row.code).toBe('amsterdam');

    await page.goto(link);
    await expect(page.locator('.conversation .message').count()).resolves.toBe(1);
    await page.getByLabel('Je bericht').fill('Ik heb ook een brief van de deurwaarder gekregen.');
    await page.getByRole('button', { name: 'Bericht versturen' }).click();
    await page.waitForSelector('#sent-notice');
    await expect(page.locator('.conversation .message').count()).resolves.toBe(2);
    await page.screenshot({ path: path.join(ARTIFACTS, 'case-page.png'), fullPage: true });
    await expect(accessibilityViolations(page)).resolves.toEqual([]);

    const shown = page.url();
    await page.getByRole('link', { name: 'Snel weg' }).click();
    await page.waitForURL(t.config.quickExitUrl + '**');
    // The page on screen was replaced in the history: "back" does not bring it up again.
    await page.goBack().catch(() => undefined);
    expect(page.url()).not.toBe(shown);
    await context.close();
  }, 60_000);

  it('leaves with the Esc key too, and offers English', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route(t.config.quickExitUrl + '**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<p>Het weer</p>' }),
    );
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/lang=en/);
    await page.waitForLoadState('load');
    await expect(page.title()).resolves.toContain('Ask your question anonymously');
    await page.keyboard.press('Escape');
    await page.waitForURL(t.config.quickExitUrl + '**');
    await context.close();
  });
});
