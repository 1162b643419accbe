import { axeViolations, describeViolations } from '../support/axe';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { ARTIFACTS, browserAvailable, launchBrowser } from '../support/browser';

const describeInBrowser = browserAvailable() ? describe : describe.skip;

async function accessibilityViolations(page: Page): Promise<string[]> {
  const violations = await axeViolations(page);
  return describeViolations(violations);
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describeInBrowser("a worker's day in a real browser: search, open the case, set an absence, a bulk claim", () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let caseRef: string;
  let otherRef: string;

  beforeAll(async () => {
    t = await startTestApp();
    base = await t.listen();
    browser = await launchBrowser();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const ask = (text: string) =>
      request(t.app.getHttpServer()).post('/api/v1/questions').send({ nickname: 'Merel', text, postcode: '1012 AB' });
    caseRef = (await ask('Mijn moeder kreeg een brief over de ontruiming van haar woning en ik weet niet wat te doen.'))
      .body.caseRef;
    otherRef = (await ask('Ik voel me eenzaam sinds de verhuizing naar de stad.')).body.caseRef;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('finds the case by a phrase from the message, opens it, sets an absence, claims by keyboard', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('E-mailadres').fill('worker@luister.example');
    await page.getByLabel('Wachtwoord').fill('luister-demo');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL(`${base}/inbox`);

    // The search box in the header: a phrase the help-seeker wrote, in other word forms.
    await page.getByRole('searchbox', { name: 'Zoek in casussen' }).fill('"brief over de ontruiming"');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    const results = page.locator('.search-result');
    await expect(results.count()).resolves.toBe(1);
    await expect(results.first().locator('mark').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['brief', 'ontruiming']),
    );
    await expect(page.locator('.search-result').first().textContent()).resolves.not.toContain(otherRef);
    await page.screenshot({ path: path.join(ARTIFACTS, 'staff-search.png'), fullPage: true });
    await expect(accessibilityViolations(page)).resolves.toEqual([]);

    await page.getByRole('link', { name: caseRef }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await expect(page.locator('h1').textContent()).resolves.toContain(caseRef);

    // Absence, with the supervisor as substitute.
    await page.getByRole('link', { name: 'Afwezigheid' }).click();
    await page.waitForURL(`${base}/absence`);
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await page.getByLabel('Van', { exact: true }).fill(day(1));
    await page.getByLabel('Tot', { exact: true }).fill(day(10));
    await page.getByLabel('Vervanger (optioneel)').selectOption({ label: 'Sam Supervisor' });
    await page.getByRole('button', { name: 'Afwezigheid opslaan' }).click();
    await page.waitForURL(/\/absence\?done=saved/);
    await expect(page.locator('#absence-done').textContent()).resolves.toBe('Afwezigheid opgeslagen.');
    await expect(page.locator('#absence-current').textContent()).resolves.toBe(
      `Afwezig van ${day(1)} tot ${day(10)}, vervanger: Sam Supervisor`,
    );
    const me = await page.request.get(`${base}/api/v1/auth/me`);
    expect((await me.json()).absence).toMatchObject({ substituteName: 'Sam Supervisor' });

    // Bulk: select the other case with the keyboard (j to it, x to tick) and claim it.
    await page.goto(`${base}/inbox`);
    await page.locator('h1').click();
    await page.keyboard.press('j');
    let focused = await page.evaluate(() => document.activeElement?.textContent);
    if (focused !== otherRef) {
      await page.keyboard.press('j');
      focused = await page.evaluate(() => document.activeElement?.textContent);
    }
    expect(focused).toBe(otherRef);
    await page.keyboard.press('x');
    await expect(page.locator('input.bulk-select:checked').count()).resolves.toBe(1);
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await page.getByLabel('Actie').selectOption('claim');
    await page.getByRole('button', { name: 'Uitvoeren' }).click();
    await expect(page.locator('#bulk-summary').textContent()).resolves.toBe('1 van 1 casussen gelukt.');
    await expect(page.locator('#bulk-done').textContent()).resolves.toContain(otherRef);
    await context.close();
  }, 120_000);
});
