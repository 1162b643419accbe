import { axeViolations } from '../support/axe';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../support/app';
import { ARTIFACTS, browserAvailable, launchBrowser } from '../support/browser';
import { Dovecot, dovecotAvailable, startDovecot, testMail } from '../support/dovecot';
import { mailboxConfig, storedFrom, waitFor } from '../mail/support/mailboxes';

const describeInBrowser = browserAvailable() && dovecotAvailable() ? describe : describe.skip;

async function blocking(page: Page): Promise<string[]> {
  const violations = await axeViolations(page);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describeInBrowser('an admin connects the organisation mailbox in a real browser', () => {
  let t: TestApp;
  let dovecot: Dovecot;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    [t, dovecot, browser] = await Promise.all([
      startTestApp(mailboxConfig()),
      startDovecot({ users: { 'hulp@welzijn.test': 'app-wachtwoord' } }),
      launchBrowser(),
    ]);
    base = await t.listen();
    dovecot.writeMaildir('hulp@welzijn.test', [testMail(1, { prefix: 'e2e' }), testMail(2, { prefix: 'e2e' })]);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await dovecot?.destroy();
  });

  it('adds a mailbox with the form, tests the connection and sees it fetch', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/login?next=%2Fadmin%2Fmailboxes`);
    await page.getByLabel('E-mailadres').fill('admin@luister.example');
    await page.getByLabel('Wachtwoord', { exact: true }).fill('luister-demo');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL(`${base}/admin/mailboxes`);
    await expect(blocking(page)).resolves.toEqual([]);

    await page.getByLabel('Adres', { exact: true }).fill('hulp@welzijn.test');
    await page.getByLabel('IMAP-server').fill('127.0.0.1');
    await page.getByLabel('Beveiliging', { exact: true }).selectOption('none');
    await page.getByLabel('Poort', { exact: true }).fill(String(dovecot.port));
    await page.getByLabel('(App-)wachtwoord').fill('app-wachtwoord');
    await page.getByLabel('Regio').selectOption('utrecht');
    await page.getByRole('button', { name: 'Mailbox koppelen' }).last().click();
    await page.waitForURL(/\/admin\/mailboxes\/[0-9a-f-]{36}\?done=created$/);
    const id = page.url().split('/').pop()!.split('?')[0];
    await waitFor(
      'fetched',
      () => storedFrom(t.db.ds, id),
      (s) => s.raw === 2,
    );

    await page.getByRole('button', { name: 'Verbinding testen' }).click();
    await page.waitForSelector('#test-result');
    await expect(page.locator('#test-result').textContent()).resolves.toContain('Inloggen gelukt');
    await expect(page.locator('#mailbox-status').textContent()).resolves.toContain('Verbonden');
    await expect(blocking(page)).resolves.toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-mailbox.png'), fullPage: true });

    await page.goto(`${base}/admin/mailboxes?lang=en`);
    await expect(page.locator(`#mailbox-${id} .mailbox-state`).textContent()).resolves.toBe('Connected');
    await expect(page.locator(`#mailbox-${id}`).textContent()).resolves.toContain('2');
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-mailboxes.png'), fullPage: true });
    await context.close();
  });
});
