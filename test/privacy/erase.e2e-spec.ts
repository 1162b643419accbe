import { axeViolations } from '../support/axe';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { browserAvailable, launchBrowser } from '../support/browser';

const describeInBrowser = browserAvailable() ? describe : describe.skip;

async function seriousViolations(page: Page): Promise<string[]> {
  const violations = await axeViolations(page);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Presses Tab until the element with `id` has the focus (keyboard only, like a user would). */
async function tabTo(page: Page, id: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((want) => document.activeElement?.id === want, id)) return;
  }
  throw new Error(`#${id} not reached with ${max} Tab presses`);
}

describeInBrowser('erasing a conversation in a real browser, keyboard only', () => {
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

  it('case page → confirmation → erased, each page without serious axe violations', async () => {
    const q = await request(t.app.getHttpServer())
      .post('/api/v1/questions')
      .send({
        nickname: 'Merel',
        text: 'Ik wil dit later weer kunnen wissen.',
        postcode: '1012 AB',
        country: 'NL',
        email: 'merel@home.example',
        emailConsent: true,
      })
      .expect(201);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/c/${q.body.token}`);
    await expect(seriousViolations(page)).resolves.toEqual([]);

    await tabTo(page, 'erase-link');
    await Promise.all([page.waitForURL(`${base}/c/erase`), page.keyboard.press('Enter')]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Je gesprek wissen?');
    await expect(seriousViolations(page)).resolves.toEqual([]);
    await tabTo(page, 'erase-confirm');
    await Promise.all([page.waitForSelector('#erase-done'), page.keyboard.press('Enter')]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Je gesprek is gewist');
    await expect(seriousViolations(page)).resolves.toEqual([]);

    const [c] = await t.db.ds.query(
      `SELECT c.erased_by, h.email FROM cases c JOIN help_seeker h ON h.id = c.help_seeker_id WHERE c.case_ref = $1`,
      [q.body.caseRef],
    );
    expect(c).toEqual({ erased_by: 'help-seeker', email: null });
    const gone = await page.goto(`${base}/c/${q.body.token}`);
    expect(gone?.status()).toBe(404);
    await context.close();
  }, 60_000);
});
