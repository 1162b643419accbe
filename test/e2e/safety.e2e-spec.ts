import { axeViolations } from '../support/axe';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../support/app';
import { ARTIFACTS, browserAvailable, launchBrowser } from '../support/browser';

const describeInBrowser = browserAvailable() ? describe : describe.skip;

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/** WCAG 2.1 A/AA violations on the current page (axe-core), as a readable list. */
async function axe(page: Page, name: string): Promise<string[]> {
  const violations = await axeViolations(page);
  return violations.map((v) => `${name}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The URLs of the tab's back/forward list, as the browser keeps them (DevTools protocol). */
async function historyUrls(context: BrowserContext, page: Page): Promise<string[]> {
  const cdp = await context.newCDPSession(page);
  const h = (await cdp.send('Page.getNavigationHistory')) as { entries: { url: string }[] };
  await cdp.detach();
  return h.entries.map((e) => e.url);
}

describeInBrowser('help-seeker safety in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  /** Every page scanned with axe, phone and desktop: its violations. */
  const axeFindings: string[] = [];
  const scanned: string[] = [];
  const scan = async (page: Page, name: string) => {
    const size = page.viewportSize()!.width < 500 ? 'phone' : 'desktop';
    scanned.push(`${name} (${size})`);
    axeFindings.push(...(await axe(page, `${name} (${size})`)));
  };

  beforeAll(async () => {
    t = await startTestApp();
    base = await t.listen();
    browser = await launchBrowser();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    console.log(
      `axe on ${scanned.length} help-seeker page states:\n  ${scanned.join('\n  ')}\nviolations: ${axeFindings.length}`,
    );
    await browser?.close();
    await t?.close();
  });

  async function newPage(viewport: {
    width: number;
    height: number;
  }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    // The closed network has no neutral site; answer for it so the exit can be observed.
    await context.route(t.config.quickExitUrl + '**', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: '<!doctype html><title>Weer</title><p>Het weer</p>',
      }),
    );
    return { context, page };
  }

  const count = async () => (await t.db.ds.query(`SELECT count(*)::int AS n FROM cases`))[0].n as number;

  /** Back and forward through the whole history; on every page reached, none of the secrets. */
  async function walkHistory(page: Page, secrets: string[]): Promise<string[]> {
    const seen: string[] = [];
    const check = async () => {
      await page.waitForLoadState('load');
      const html = await page.content().catch(() => '');
      const url = page.url();
      seen.push(url);
      for (const s of secrets)
        expect({ url, secret: s, shown: html.includes(s) || url.includes(s) }).toEqual({
          url,
          secret: s,
          shown: false,
        });
    };
    // goBack/goForward wait for the navigation they start (none at either end of the history), so a
    // slow one can't land after the walk and cut off the test's next page.
    for (let i = 0; i < 6; i++) {
      await page.goBack({ timeout: 15_000 }).catch(() => undefined);
      await check();
    }
    for (let i = 0; i < 6; i++) {
      await page.goForward({ timeout: 15_000 }).catch(() => undefined);
      await check();
    }
    return seen;
  }

  it('phone: error summary, counter, language switch with typed text, Post/Redirect/Get, link kept, quick exit leaves nothing behind', async () => {
    const { context, page } = await newPage(PHONE);
    const nickname = 'Ijsvogel';
    const text = 'GEHEIM-TEKST over mijn schulden en de deurwaarder. Waar begin ik?';
    await page.goto(`${base}/`);
    await scan(page, 'GET /');

    // An error first: the summary gets the focus and its link moves focus to the field.
    await page.locator('#text').fill('Kort');
    await page.getByRole('button', { name: 'Vraag versturen' }).click();
    await page.waitForSelector('#error-summary');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('error-summary');
    await scan(page, 'POST /vragen with errors');
    await page.locator('#error-summary a[href="#nickname"]').click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('nickname');

    // The counter shows the limit instead of cutting the text.
    await page.locator('#text').fill(text);
    await expect(page.locator('#text-count').textContent()).resolves.toContain(`${text.length} van 10.000`);
    await page.locator('#nickname').fill(nickname);
    // Switching the language keeps what was typed.
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/lang=en/);
    await expect(page.locator('#text').inputValue()).resolves.toBe(text);
    await expect(page.locator('#nickname').inputValue()).resolves.toBe(nickname);
    await page.getByRole('link', { name: 'Nederlands' }).click();
    await page.waitForURL(/lang=nl/);

    const before = await count();
    await page.getByRole('button', { name: 'Vraag versturen' }).click();
    await page.waitForURL(/\/c\/ontvangen$/);
    const link = (await page.locator('#case-link').textContent())!.trim();
    const token = /\/c\/([A-Za-z0-9_-]{22})$/.exec(link)![1];
    await page.screenshot({ path: path.join(ARTIFACTS, 'safety-received-phone.png'), fullPage: true });
    await scan(page, 'GET /c/ontvangen');
    // A reload shows the confirmation again: no second case.
    await page.reload();
    await expect(page.locator('#case-link').textContent()).resolves.toContain(token);
    expect(await count()).toBe(before + 1);
    // The language switch keeps the link.
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/\/c\/ontvangen\?lang=en$/);
    await expect(page.locator('#case-link').textContent()).resolves.toContain(token);
    await scan(page, 'GET /c/ontvangen?lang=en');
    await page.getByRole('link', { name: 'Nederlands' }).click();
    await page.waitForURL(/lang=nl/);

    // Open the conversation and write a follow-up.
    await page.locator('#open-case').click();
    await page.waitForURL(/\/c$/);
    await page.getByLabel('Je bericht').fill('VERVOLG-TEKST de brief kwam vandaag.');
    await page.getByRole('button', { name: 'Bericht versturen' }).click();
    await page.waitForSelector('#sent-notice');
    await scan(page, 'GET /c');

    // Quick exit by the button.
    await page.getByRole('link', { name: 'Snel weg' }).click();
    await page.waitForURL(t.config.quickExitUrl + '**');
    const seen = await walkHistory(page, [text.slice(0, 12), 'VERVOLG-TEKST', nickname, token]);
    expect(seen.some((u) => u.startsWith(`${base}/c`))).toBe(true);
    // What Back brings up is the neutral "closed" page with the field to paste the link.
    await page.goto(`${base}/c`);
    await expect(page.locator('h1').textContent()).resolves.toContain('Deze pagina is gesloten');
    await scan(page, 'GET /c closed');
    expect((await historyUrls(context, page)).filter((u) => u.includes(token))).toEqual([]);

    // The saved link opens the conversation again; its token stays out of the history.
    await page.goto(link);
    await page.waitForURL(/\/c$/);
    await expect(page.locator('.conversation').textContent()).resolves.toContain('VERVOLG-TEKST');
    expect((await historyUrls(context, page)).filter((u) => u.includes(token))).toEqual([]);
    // And the start page still takes a new question.
    await page.goto(`${base}/`);
    await expect(page.locator('#text').inputValue()).resolves.toBe('');
    await context.close();
  }, 150_000);

  it('desktop: quick exit by Esc on the case page; Back and Forward show no case text, nickname or token', async () => {
    const { context, page } = await newPage(DESKTOP);
    await page.goto(`${base}/`);
    await page.locator('#nickname').fill('Roodborst');
    await page.locator('#text').fill('ESC-GEHEIM ik wil weg bij mijn partner maar heb geen geld.');
    await page.getByRole('button', { name: 'Vraag versturen' }).click();
    await page.waitForURL(/\/c\/ontvangen$/);
    await scan(page, 'GET /c/ontvangen');
    const token = /\/c\/([A-Za-z0-9_-]{22})/.exec((await page.locator('#case-link').textContent())!)![1];
    await page.goto(`${base}/c/${token}`);
    await page.waitForURL(/\/c$/);
    await page.locator('#text').fill('ESC-CONCEPT nog niet verstuurd');
    await page.keyboard.press('Escape');
    await page.waitForURL(t.config.quickExitUrl + '**');
    await walkHistory(page, ['ESC-GEHEIM', 'ESC-CONCEPT', 'Roodborst', token]);
    expect((await historyUrls(context, page)).filter((u) => u.includes(token))).toEqual([]);
    // The closed page takes the pasted link.
    await page.goto(`${base}/c`);
    await page.locator('#open-link').click();
    await page.waitForSelector('#link-error');
    await scan(page, 'POST /c/open unknown link');
    await page.locator('#link').fill(`${base}/c/${token}`);
    await page.locator('#open-link').click();
    await page.waitForURL(/\/c$/);
    await expect(page.locator('.conversation').textContent()).resolves.toContain('ESC-GEHEIM');
    await context.close();
  }, 120_000);

  it('a double click on "send" makes one case', async () => {
    const { context, page } = await newPage(DESKTOP);
    await page.goto(`${base}/`);
    await page.locator('#nickname').fill('Dubbelklik');
    await page.locator('#text').fill('Een vraag die ik per ongeluk twee keer verstuur.');
    const before = await count();
    await page.getByRole('button', { name: 'Vraag versturen' }).dblclick();
    await page.waitForURL(/\/c\/ontvangen$/);
    await page.waitForLoadState('load');
    await page.reload();
    await page.waitForSelector('#case-link');
    expect(await count()).toBe(before + 1);
    await context.close();
  }, 120_000);

  for (const [how, fields, viewports] of [
    ['the crisis question', { text: 'Ik heb een vraag over mijn huur.', self: true }, [PHONE, DESKTOP]],
    ['the wording', { text: 'Ik zie het echt niet meer zitten en wil er niet meer zijn.', self: false }, [PHONE]],
  ] as const) {
    it(`a crisis by ${how}: tap-to-call lines first and no night-time promise`, async () => {
      for (const viewport of viewports) {
        const { context, page } = await newPage(viewport);
        await page.goto(`${base}/`);
        await page.locator('#nickname').fill('Merel');
        await page.locator('#postcode').fill('1012 AB');
        await page.locator('#text').fill(fields.text);
        if (fields.self) await page.getByLabel('Ja', { exact: true }).check();
        await page.getByRole('button', { name: 'Vraag versturen' }).click();
        await page.waitForURL(/\/c\/ontvangen$/);
        for (const tel of ['tel:113', 'tel:08000113', 'tel:1813', 'tel:112'])
          await expect(page.locator(`#crisis-first a[href="${tel}"]`).count()).resolves.toBe(1);
        const box = await page.locator('#crisis-first').boundingBox();
        const linkBox = await page.locator('#case-link').boundingBox();
        expect(box!.y).toBeLessThan(linkBox!.y);
        // The honest line: a time only within working hours, never at night.
        const when = (await page.locator('#expected-reply').textContent())!;
        for (const m of when.matchAll(/\b(\d\d):(\d\d)\b/g)) {
          const hour = Number(m[1]);
          expect({ when, hour, atNight: hour < 7 || hour >= 22 }).toEqual({ when, hour, atNight: false });
        }
        if (viewport === PHONE)
          await page.screenshot({
            path: path.join(ARTIFACTS, `safety-crisis-${fields.self ? 'self' : 'wording'}.png`),
            fullPage: true,
          });
        await scan(page, `GET /c/ontvangen crisis by ${how}`);
        await page.locator('#open-case').click();
        await page.waitForURL(/\/c$/);
        await expect(page.locator('#crisis-first a[href="tel:113"]').count()).resolves.toBe(1);
        await scan(page, `GET /c crisis by ${how}`);
        await context.close();
      }
    }, 120_000);
  }

  // On a phone here; test/e2e/accessibility.e2e-spec.ts scans the case, evaluation and erase pages on a desktop.
  it('replies with phone numbers and web addresses as links; the erase and evaluation pages in the session', async () => {
    for (const viewport of [PHONE]) {
      const { context, page } = await newPage(viewport);
      await page.goto(`${base}/`);
      await page.locator('#nickname').fill('Kievit');
      await page.locator('#text').fill('Waar kan ik terecht met mijn schulden?');
      await page.getByRole('button', { name: 'Vraag versturen' }).click();
      await page.waitForURL(/\/c\/ontvangen$/);
      const [c] = await t.db.ds.query(`SELECT id FROM cases ORDER BY created_at DESC LIMIT 1`);
      await t.db.ds.query(
        `INSERT INTO message (case_id, direction, channel, body_text) VALUES ($1, 'out', 'web', 'Bel het Juridisch Loket op 0900-8020 of kijk op www.juridischloket.nl.')`,
        [c.id],
      );
      await t.db.ds.query(`UPDATE cases SET status = 'waiting' WHERE id = $1`, [c.id]);
      await page.locator('#open-case').click();
      await page.waitForURL(/\/c$/);
      await expect(page.locator('.message.out a[href^="tel:"]').textContent()).resolves.toBe('0900-8020');
      await expect(page.locator('.message.out a[href="http://www.juridischloket.nl"]').count()).resolves.toBe(1);
      await scan(page, 'GET /c with a reply');
      // An empty follow-up: the error summary and the counter.
      await page.getByRole('button', { name: 'Bericht versturen' }).click();
      await page.waitForSelector('#error-summary');
      await scan(page, 'POST /c empty follow-up');
      await page.goto(`${base}/c/evaluation`);
      await scan(page, 'GET /c/evaluation');
      await page.goto(`${base}/c/erase`);
      await scan(page, 'GET /c/erase');
      // Mail me the link: without consent first.
      await page.goto(`${base}/c/ontvangen`);
      await page.locator('#email').fill('kievit@home.example');
      await page.locator('#mail-link-submit').click();
      await page.waitForSelector('#emailConsent-error');
      await scan(page, 'POST /c/ontvangen without consent');
      await page.locator('#emailConsent').check();
      await page.locator('#mail-link-submit').click();
      await page.waitForSelector('#mailed-notice');
      await scan(page, 'GET /c/ontvangen mailed');
      await context.close();
    }
  }, 120_000);

  it('desktop: the closed page, a crisis confirmation with the mail form in error, the crisis case page', async () => {
    const { context, page } = await newPage(DESKTOP);
    await page.goto(`${base}/c`);
    await scan(page, 'GET /c closed');
    await page.goto(`${base}/`);
    await page.locator('#nickname').fill('Spreeuw');
    await page.locator('#text').fill('Ik wil er niet meer zijn. Soms snij ik mezelf.');
    await page.getByRole('button', { name: 'Vraag versturen' }).click();
    await page.waitForURL(/\/c\/ontvangen$/);
    await page.locator('#mail-link-submit').click();
    await page.waitForSelector('#email-error');
    await scan(page, 'POST /c/ontvangen crisis, mail form errors');
    await page.goto(`${base}/c`);
    await scan(page, 'GET /c crisis');
    await context.close();
  }, 150_000);

  it('finds no WCAG 2.1 AA violation on the new and changed help-seeker pages, phone and desktop', () => {
    expect(scanned.length).toBeGreaterThan(15);
    expect(axeFindings).toEqual([]);
  });
});
