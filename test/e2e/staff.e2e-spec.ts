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

describeInBrowser('a worker in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let caseRef: string;

  beforeAll(async () => {
    t = await startTestApp();
    base = await t.listen();
    browser = await launchBrowser();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const q = await request(t.app.getHttpServer()).post('/api/v1/questions').send({
      nickname: 'Zonnebloem',
      text: 'Ik heb schulden <b>en</b> durf de post niet open te maken.',
      postcode: '1012 AB',
      country: 'NL',
      topic: 'money',
    });
    caseRef = q.body.caseRef;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('logs in, opens the inbox, opens a case by keyboard, claims it, adds a note and transfers it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();

    await page.goto(`${base}/inbox`);
    await page.waitForURL(/\/login\?next=%2Finbox/);
    await page.getByLabel('E-mailadres').fill('worker@luister.example');
    await page.getByLabel('Wachtwoord').fill('luister-demo');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL(`${base}/inbox`);
    await expect(page.locator('#staff-name').textContent()).resolves.toBe('Wim Werker');
    await expect(page.locator('#tab-unassigned .count').textContent()).resolves.toBe('1');
    await expect(page.locator('.case-row.unread').count()).resolves.toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'staff-inbox.png'), fullPage: true });
    await expect(accessibilityViolations(page)).resolves.toEqual([]);

    // Keyboard: j focuses the first case, Enter opens it.
    await page.locator('h1').click();
    await page.keyboard.press('j');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(caseRef);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await expect(page.locator('.conversation .message .text').first().textContent()).resolves.toBe(
      'Ik heb schulden <b>en</b> durf de post niet open te maken.',
    );

    await page.getByRole('button', { name: 'Ik pak deze casus op' }).click();
    await page.waitForSelector('#done-notice');
    await expect(page.locator('#case-assignee').textContent()).resolves.toBe('Wim Werker');
    await expect(page.locator('#case-status').textContent()).resolves.toBe('Open');

    await page.getByLabel('Notitie toevoegen').fill('Schuldhulpverlening Amsterdam noemen.');
    await page.getByRole('button', { name: 'Notitie opslaan' }).click();
    await page.waitForSelector('#done-notice');
    await expect(page.locator('#notes .note .text').textContent()).resolves.toBe(
      'Schuldhulpverlening Amsterdam noemen.',
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'staff-case.png'), fullPage: true });
    await expect(accessibilityViolations(page)).resolves.toEqual([]);

    // Rotterdam is another organisation's: a reason code, and the case leaves Amsterdam's sight.
    await page.getByLabel('Regio van de andere organisatie').selectOption('rotterdam');
    await page.getByLabel('De hulpvrager is verhuisd').check();
    await page.getByRole('button', { name: 'Overdragen aan de andere organisatie' }).click();
    await page.waitForURL(/\/inbox\/transferred\?done=1/);
    await expect(page.locator('#transferred-table').textContent()).resolves.toContain(caseRef);
    await page.goto(`${base}/inbox`);
    await expect(page.locator('#tab-open .count').textContent()).resolves.toBe('0');
    const [row] = await t.db.ds.query(
      `SELECT r.code, c.assigned_to FROM cases c JOIN region r ON r.id = c.region_id WHERE c.case_ref = $1`,
      [caseRef],
    );
    expect(row).toEqual({ code: 'rotterdam', assigned_to: null });

    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.waitForURL(/\/login\?loggedOut=1/);
    await context.close();
  });
});
