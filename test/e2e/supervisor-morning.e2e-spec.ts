import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { makeCase } from '../inbox/factories';
import { apiLogin } from '../staff/staff-login';
import { startTestApp, TestApp } from '../support/app';
import { ARTIFACTS, browserAvailable, launchBrowser } from '../support/browser';

const describeInBrowser = browserAvailable() ? describe : describe.skip;

describeInBrowser("a supervisor's morning in a real browser", () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let caseId: string;
  let replyId: string;

  beforeAll(async () => {
    t = await startTestApp();
    base = await t.listen();
    browser = await launchBrowser();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    // Overnight a trainee sent a reply for review.
    const http = () => request(t.app.getHttpServer());
    const c = await makeCase(t.db.ds, {
      region: 'amsterdam',
      topic: 'money',
      nickname: 'Merel',
      text: 'Ik heb schulden bij drie bedrijven. Ik durf de post niet meer open te maken.',
    });
    caseId = c.id;
    const trainee = await apiLogin(t, 'trainee@luister.example');
    const refs = await http().get('/api/v1/referrals?region=amsterdam&topic=money').set(trainee).expect(200);
    const geldfit = refs.body.items.find((r: { name: string }) => r.name === 'Geldfit').id;
    const sent = await http()
      .post(`/api/v1/cases/${caseId}/replies`)
      .set(trainee)
      .send({
        sections: {
          opening: 'Hoi {{nickname}},',
          summarise: 'Uit je mail begrijp ik dat:\n- je schulden hebt bij drie bedrijven\n\nKlopt dat?',
          explore: 'Wat heb je zelf al geprobeerd? Wie in je omgeving steunt je?',
          advise:
            'Je kunt beginnen met alle post open te maken.\n\nKort samengevat: post openen.\n\n{{referrals}}\n\nHeeft dit antwoord je geholpen?',
          closing: 'Groet,\n{{workerName}}',
        },
        referralIds: [geldfit],
        send: true,
      })
      .expect(201);
    replyId = sent.body.id;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('logs in, sees the review count, opens the review, edits, approves, and the notification is cleared', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const scriptErrors: string[] = [];
    page.on('pageerror', (e) => scriptErrors.push(e.message));

    await page.goto(`${base}/login`);
    await page.getByLabel('E-mailadres').fill('supervisor@luister.example');
    await page.getByLabel('Wachtwoord').fill('luister-demo');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL(/\/account|\/inbox/);
    await page.goto(`${base}/inbox`);

    // The header says one thing needs me; the inbox says one reply waits for review.
    await expect(page.locator('#notifications-unread').textContent()).resolves.toMatch(/^1/);
    await expect(page.locator('#tab-review .count').textContent()).resolves.toBe('1');
    await page.locator('#tab-review').click();
    await page.waitForURL(/view=review/);
    await page.locator('a.case-link').first().click();
    await page.waitForURL(`${base}/cases/${caseId}/reply/${replyId}`);

    // The reply as Merel will get it: greeting, referrals and closing filled in, beside her message.
    const asSent = await page.locator('#as-sent').textContent();
    expect(asSent).toMatch(/^Hoi Merel,/);
    expect(asSent).toContain('- Geldfit');
    expect(asSent).toMatch(/Tess Trainee$/);
    expect(asSent).not.toContain('{{');
    await expect(page.getByText('Ik durf de post niet meer open te maken.').isVisible()).resolves.toBe(true);
    await page.locator('#checklist').waitFor();

    // Edit the advice, look at it, approve.
    await page
      .locator('#reply-advise')
      .fill(
        'Je kunt beginnen met alle post open te maken en leg alles op een stapel.\n\nKort samengevat: post openen.\n\n{{referrals}}\n\nHeeft dit antwoord je geholpen?',
      );
    await page.locator('#review-preview').click();
    await page.locator('#edited-notice').waitFor();
    await expect(page.locator('#as-sent').textContent()).resolves.toContain('leg alles op een stapel');
    await page.screenshot({ path: path.join(ARTIFACTS, 'supervisor-review.png'), fullPage: true });
    await page.locator('#review-approve').click();
    await page.waitForURL(/done=approved/);
    await expect(page.locator('#review-status').textContent()).resolves.toBe('Verstuurd');
    await expect(page.locator('#review-history li[data-step="edited"]').count()).resolves.toBe(1);

    // The notification is cleared: no badge, nothing unread on /notifications.
    await expect(page.locator('#notifications-unread').count()).resolves.toBe(0);
    await page.locator('#nav-notifications').click();
    await page.waitForURL(`${base}/notifications`);
    await expect(page.locator('#notification-list li[data-kind="review.requested"]').count()).resolves.toBe(1);
    await expect(page.locator('#notification-list li.unread').count()).resolves.toBe(0);
    expect(scriptErrors).toEqual([]);

    const [msg] = await t.db.ds.query(`SELECT body_text FROM message WHERE case_id = $1 AND direction = 'out'`, [
      caseId,
    ]);
    expect(msg.body_text).toContain('leg alles op een stapel');
    await context.close();
  }, 90_000);
});
