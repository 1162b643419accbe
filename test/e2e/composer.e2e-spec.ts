import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { ARTIFACTS, browserAvailable, launchBrowser } from '../support/browser';

const describeInBrowser = browserAvailable() ? describe : describe.skip;

describeInBrowser('the reply composer in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let token: string;
  let caseId: string;

  beforeAll(async () => {
    t = await startTestApp();
    base = await t.listen();
    browser = await launchBrowser();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const q = await request(t.app.getHttpServer()).post('/api/v1/questions').send({
      nickname: 'Zonnebloem',
      text: 'Ik heb schulden bij drie bedrijven. Ik durf de post niet meer open te maken.',
      postcode: '1012 AB',
      country: 'NL',
      topic: 'money',
    });
    token = q.body.token;
    [{ id: caseId }] = await t.db.ds.query(`SELECT id FROM cases WHERE case_ref = $1`, [q.body.caseRef]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('chooses a template, inserts a quoted sentence, adds referrals, previews and sends; the help-seeker reads it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const scriptErrors: string[] = [];
    page.on('pageerror', (e) => scriptErrors.push(e.message));

    await page.goto(`${base}/login`);
    await page.getByLabel('E-mailadres').fill('worker@luister.example');
    await page.getByLabel('Wachtwoord').fill('luister-demo');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL(/\/account|\/inbox/);
    await page.goto(`${base}/cases/${caseId}`);
    await page.locator('#write-reply').click();
    await page.waitForURL(`${base}/cases/${caseId}/reply`);

    // Choose the general template (the script loads it on change).
    await page.locator('#template').selectOption({ label: 'Algemeen' });
    await page.waitForURL(/template=/);
    await expect(page.locator('#reply-explore').inputValue()).resolves.not.toContain('inkomen');

    // Quote a sentence of the help-seeker into the summary (no page load: the script does it).
    await page.getByLabel('Ik durf de post niet meer open te maken.').check();
    await page.locator('#insert-quotes').click();
    await expect(page.locator('#reply-summarise').inputValue()).resolves.toBe(
      'Uit je mail begrijp ik dat:\n- Ik durf de post niet meer open te maken.\n\nKlopt dat?',
    );

    // The live checklist follows: summary and verification are met now.
    await page.locator('#checklist li[data-item="summary"].ok').waitFor();
    await expect(page.locator('#checklist li[data-item="verification"]').getAttribute('class')).resolves.toContain(
      'ok',
    );
    await expect(page.locator('#checklist li[data-item="onlineReferral"]').getAttribute('class')).resolves.toContain(
      'todo',
    );

    await page
      .locator('#reply-advise')
      .fill(
        'Je kunt beginnen met alle post open te maken.\n\nKort samengevat: post openen.\n\n{{referrals}}\n\nHeeft dit antwoord je geholpen?',
      );
    await page
      .locator('#referrals-local')
      .getByLabel(/Schuldhulpverlening gemeente Amsterdam/)
      .check();
    await page
      .locator('#referrals-online')
      .getByLabel(/Geldfit/)
      .check();
    await page.locator('#checklist li[data-item="onlineReferral"].ok').waitFor();

    await page.locator('#preview-button').click();
    await page.locator('#preview-text').waitFor();
    const preview = await page.locator('#preview-text').textContent();
    expect(preview).toContain('Beste Zonnebloem,');
    expect(preview).toContain('- Ik durf de post niet meer open te maken.');
    expect(preview).toContain('- Schuldhulpverlening gemeente Amsterdam (demo)');
    expect(preview).toContain('- Geldfit – https://www.geldfit.nl');
    expect(preview).toContain('Wim Werker');
    await page.screenshot({ path: path.join(ARTIFACTS, 'reply-composer.png'), fullPage: true });

    await page.locator('#send-button').click();
    await page.waitForURL(/done=sent/);
    await expect(page.locator('#done-notice').textContent()).resolves.toContain('verstuurd');
    expect(scriptErrors).toEqual([]);

    // The help-seeker's case page shows the reply.
    const hs = await browser.newContext();
    const hsPage = await hs.newPage();
    await hsPage.goto(`${base}/c/${token}`);
    await expect(hsPage.getByText('Geldfit', { exact: false }).first().isVisible()).resolves.toBe(true);
    await hs.close();
    await context.close();
  }, 90_000);

  it('takes the writing lock once the page is open, keeps it alive, and says who else got there first', async () => {
    const q = await request(t.app.getHttpServer()).post('/api/v1/questions').send({
      nickname: 'Klaproos',
      text: 'Mijn huisbaas wil de huur verhogen.',
      postcode: '1012 AB',
      country: 'NL',
      topic: 'housing',
    });
    const [{ id }] = await t.db.ds.query(`SELECT id FROM cases WHERE case_ref = $1`, [q.body.caseRef]);
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    await context.clock.install();
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('E-mailadres').fill('worker@luister.example');
    await page.getByLabel('Wachtwoord').fill('luister-demo');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL(/\/account|\/inbox/);
    const lockPosted = () =>
      page.waitForResponse((r) => r.url().endsWith(`/cases/${id}/lock`) && r.request().method() === 'POST');
    const first = lockPosted();
    await page.goto(`${base}/cases/${id}/reply`);
    const holder = async () =>
      (
        await t.db.ds.query(
          `SELECT u.email FROM case_lock l JOIN staff_user u ON u.id = l.staff_user_id WHERE l.case_id = $1`,
          [id],
        )
      )[0]?.email;
    // The GET wrote nothing; composer.js took the lock right after.
    expect((await first).status()).toBe(200);
    expect(await holder()).toBe('worker@luister.example');
    // Someone else took it meanwhile (say the worker's lock ran out): the next refresh says who.
    await t.db.ds.query(
      `UPDATE case_lock SET staff_user_id = (SELECT id FROM staff_user WHERE email = 'supervisor@luister.example') WHERE case_id = $1`,
      [id],
    );
    const refresh = lockPosted();
    await context.clock.fastForward('04:01');
    expect((await refresh).status()).toBe(409);
    await page.locator('#lock-notice.warn').waitFor();
    await expect(page.locator('#lock-notice').textContent()).resolves.toMatch(
      /^\S.* schrijft een antwoord op deze casus\.$/,
    );
    expect(await holder()).toBe('supervisor@luister.example');
    await context.close();
  }, 60_000);
});
