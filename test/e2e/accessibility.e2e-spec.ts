import { axeViolations } from '../support/axe';
import { dutchRegionsInOneOrganisation } from '../support/one-organisation';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { browserAvailable, launchBrowser } from '../support/browser';
import { staffId } from '../inbox/factories';
import { DEMO_PASSWORD } from '../staff/staff-login';

const describeInBrowser = browserAvailable() ? describe : describe.skip;

interface AxeRow {
  page: string;
  critical: number;
  serious: number;
  moderate: number;
  minor: number;
  /** Serious and critical findings, readable: what must be fixed. */
  blocking: string[];
}

/** Runs axe (WCAG 2.1 A/AA) on the page and counts the violations by impact. */
async function axeRow(page: Page, name: string): Promise<AxeRow> {
  const violations = await axeViolations(page);
  const count = (impact: string) => violations.filter((v) => v.impact === impact).length;
  return {
    page: name,
    critical: count('critical'),
    serious: count('serious'),
    moderate: count('moderate'),
    minor: count('minor'),
    blocking: violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${name} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  };
}

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`, as a keyboard user would. */
async function tabTo(page: Page, selector: string, key: 'Tab' | 'Shift+Tab' = 'Tab', max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
  }
  throw new Error(`${selector} not reached with ${max} presses of ${key}`);
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describeInBrowser('accessibility of every page (axe, keyboard only)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp();
    await dutchRegionsInOneOrganisation(t.db.ds);
    base = await t.listen();
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function staffContext(email: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.locator('#email').fill(email);
    await page.locator('#password').fill(DEMO_PASSWORD);
    await Promise.all([
      page.waitForURL(/\/(account|inbox)/),
      page.locator('form[action="/login"] button[type=submit]').click(),
    ]);
    return { context, page };
  }

  it('finds no serious or critical WCAG 2.1 AA violation on any help-seeker or staff page', async () => {
    const rows: AxeRow[] = [];
    const scan = async (page: Page, name: string, path?: string, status = 200) => {
      if (path !== undefined) {
        const res = await page.goto(`${base}${path}`);
        expect({ name, status: res?.status() }).toEqual({ name, status });
      }
      rows.push(await axeRow(page, name));
    };

    // A case with a reply from a worker, so the case page shows both directions.
    const http = request(t.app.getHttpServer());
    const q = await http
      .post('/api/v1/questions')
      .send({
        nickname: 'Merel',
        text: 'Ik weet niet hoe ik het thuis moet zeggen.',
        postcode: '1012 AB',
        country: 'NL',
        topic: 'money',
        email: 'merel@home.example',
        emailConsent: true,
      })
      .expect(201);
    const [{ id: caseId }] = await t.db.ds.query(`SELECT id FROM cases WHERE case_ref = $1`, [q.body.caseRef]);
    const workerId = await staffId(t.db.ds, 'worker@luister.example');
    await t.db.ds.query(
      `INSERT INTO message (case_id, direction, channel, body_text, author_id) VALUES ($1, 'out', 'web', 'Fijn dat je schrijft. Wat maakt het zo moeilijk?', $2)`,
      [caseId, workerId],
    );
    await t.db.ds.query(`UPDATE cases SET status = 'waiting', assigned_to = $2 WHERE id = $1`, [caseId, workerId]);
    // A notification that could not be sent, so the outbound list has a row and a detail page.
    const [{ id: outboxId }] = await t.db.ds.query(
      `INSERT INTO outbox (case_id, kind, automatic, language, recipient, subject, text_body, message_id, status, attempts, last_error)
       VALUES ($1, 'reply-notification', true, 'nl', 'merel@home.example', 'Er is een antwoord', 'Er staat een antwoord klaar.', '<a11y-test@luister.example>', 'failed', 5, '550 mailbox unavailable')
       RETURNING id`,
      [caseId],
    );
    const other = await http
      .post('/api/v1/questions')
      .send({ nickname: 'Vink', text: 'Deze vraag wis ik straks weer.', country: 'NL', postcodeWithheld: true })
      .expect(201);

    // Help-seeker pages.
    const hs = await browser.newContext();
    const page = await hs.newPage();
    // The scan is not vacuous: an unlabelled field is found.
    await page.setContent('<!doctype html><html lang="nl"><title>x</title><main><input type="text"></main></html>');
    await expect(axeRow(page, 'control').then((r) => r.critical)).resolves.toBe(1);
    await scan(page, 'GET / (nl)', '/');
    await scan(page, 'GET /?lang=en', '/?lang=en');
    await page.goto(`${base}/?lang=nl`);
    await Promise.all([
      page.waitForSelector('#error-summary'),
      page.locator('.question-form button[type=submit]').click(),
    ]);
    await scan(page, 'POST /vragen with errors');
    await page.locator('#nickname').fill('Zonnebloem');
    await page.locator('#text').fill('Ik heb schulden bij drie bedrijven. Waar begin ik?');
    await Promise.all([page.waitForSelector('#case-link'), page.locator('.question-form button[type=submit]').click()]);
    await scan(page, 'POST /vragen received');
    await scan(page, 'GET /c/:token (with reply)', `/c/${q.body.token}`);
    await Promise.all([
      page.waitForSelector('#text-error'),
      page.locator('form[action="/c"] button[type=submit]').click(),
    ]);
    await scan(page, 'POST /c empty follow-up (errors)');
    await scan(page, 'GET /c/:token/evaluation', `/c/${q.body.token}/evaluation`);
    await Promise.all([
      page.waitForSelector('#error-summary'),
      page.locator('form[action$="/evaluation"] button[type=submit]').first().click(),
    ]);
    await scan(page, 'POST /c/:token/evaluation empty (errors)');
    await scan(page, 'GET /c/:token/erase', `/c/${other.body.token}/erase`);
    await Promise.all([page.waitForSelector('#erase-done'), page.locator('#erase-confirm').click()]);
    await scan(page, 'POST /c/:token/erase done');
    await scan(page, 'GET /c/unknown (404)', '/c/AAAAAAAAAAAAAAAAAAAAAA', 404);
    await hs.close();

    // Staff pages: the login page, with and without errors.
    const anon = await browser.newContext();
    const loginPage = await anon.newPage();
    await scan(loginPage, 'GET /login', '/login');
    await loginPage.locator('#email').fill('worker@luister.example');
    await loginPage.locator('#password').fill('wrong password');
    await Promise.all([
      loginPage.waitForLoadState('load'),
      loginPage.locator('form[action="/login"] button[type=submit]').click(),
    ]);
    await scan(loginPage, 'POST /login with errors');
    await anon.close();

    const worker = await staffContext('worker@luister.example');
    await scan(worker.page, 'GET /account (worker)', '/account');
    for (const view of ['unassigned', 'mine', 'waiting', 'open', 'closed'])
      await scan(worker.page, `GET /inbox?view=${view}`, `/inbox?view=${view}`);
    await scan(worker.page, 'GET /cases/:id', `/cases/${caseId}`);
    await scan(worker.page, 'GET /cases/:id/reply', `/cases/${caseId}/reply`);
    await scan(worker.page, 'GET /inbox?view=bogus (errors)', '/inbox?view=bogus');
    await scan(worker.page, 'GET /cases/:id?lang=en', `/cases/${caseId}?lang=en`);
    const [{ id: erasedId }] = await t.db.ds.query(`SELECT id FROM cases WHERE case_ref = $1`, [other.body.caseRef]);
    await scan(worker.page, 'GET /cases/:id (erased)', `/cases/${erasedId}`);
    await scan(worker.page, 'GET /notifications', '/notifications');
    await worker.context.close();

    // Issue 17: the review queue and a trainee reply under review.
    const [{ id: replyId }] = await t.db.ds.query(
      `INSERT INTO reply (case_id, author_id, status, sections) VALUES ($1, $2, 'pending-review', $3) RETURNING id`,
      [
        caseId,
        await staffId(t.db.ds, 'trainee@luister.example'),
        JSON.stringify({
          opening: 'Hoi {{nickname}},',
          summarise: 'Klopt dat?',
          explore: 'Wat helpt jou?',
          advise: 'Bel ons.',
        }),
      ],
    );
    const supervisor = await staffContext('supervisor@luister.example');
    await scan(supervisor.page, 'GET /inbox?view=review', '/inbox?view=review');
    await scan(supervisor.page, 'GET /cases/:id/reply/:replyId (review)', `/cases/${caseId}/reply/${replyId}`);
    await supervisor.context.close();

    const manager = await staffContext('manager@luister.example');
    const [template] = await t.db.ds.query(`SELECT id FROM reply_template ORDER BY id LIMIT 1`);
    const [referral] = await t.db.ds.query(
      `SELECT id FROM referral WHERE region_code = 'amsterdam' ORDER BY id LIMIT 1`,
    );
    await scan(manager.page, 'GET /reply-templates', '/reply-templates');
    if (template) await scan(manager.page, 'GET /reply-templates/:id', `/reply-templates/${template.id}`);
    await scan(manager.page, 'GET /referrals', '/referrals');
    if (referral) await scan(manager.page, 'GET /referrals/:id', `/referrals/${referral.id}`);
    await manager.context.close();

    const admin = await staffContext('admin@luister.example');
    await scan(admin.page, 'GET /admin (regions, users, topics)', '/admin');
    await scan(admin.page, 'GET /admin/users/:id', `/admin/users/${workerId}`);
    await scan(admin.page, 'GET /admin/audit', '/admin/audit');
    await scan(admin.page, 'GET /admin/mail/inbound', '/admin/mail/inbound');
    await scan(admin.page, 'GET /admin/mail/outbound', '/admin/mail/outbound');
    await scan(admin.page, 'GET /admin/mail/outbound/:id', `/admin/mail/outbound/${outboxId}`);
    await scan(admin.page, 'GET /admin/cases/:id/erase', `/admin/cases/${caseId}/erase`);
    await admin.context.close();

    console.log('axe WCAG 2.1 AA violations per page (rules violated, by impact)');
    console.table(rows.map(({ blocking: _blocking, ...counts }) => counts));
    expect(rows.flatMap((r) => r.blocking)).toEqual([]);
  }, 300_000);

  it('takes a help-seeker from the form to a follow-up with the keyboard alone', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/`);

    // The first tab stop is the quick exit, before anything else.
    await page.keyboard.press('Tab');
    await expect(focusedId(page)).resolves.toBe('quick-exit');

    await tabTo(page, '#nickname');
    await page.keyboard.type('Kwikstaart');
    // Shift+Tab goes back the way it came.
    await page.keyboard.press('Tab');
    await expect(focusedId(page)).resolves.toBe('postcode');
    await page.keyboard.press('Shift+Tab');
    await expect(focusedId(page)).resolves.toBe('nickname');
    await page.keyboard.press('Tab');
    await page.keyboard.type('1012 AB');
    // A radio button of the "what do you need" group, chosen with Space.
    await tabTo(page, 'input[name=need]');
    await page.keyboard.press('Space');
    await expect(page.evaluate(() => (document.activeElement as HTMLInputElement).checked)).resolves.toBe(true);
    await tabTo(page, '#text');
    await page.keyboard.type('Mijn huisgenoot leest mijn post. Hoe kan ik dat voorkomen?');
    await tabTo(page, '.question-form button[type=submit]');
    await Promise.all([page.waitForSelector('#case-link'), page.keyboard.press('Enter')]);

    // The received page: the link to the case page, followed with the keyboard.
    await tabTo(page, '#open-case');
    await Promise.all([page.waitForURL(/\/c$/), page.keyboard.press('Enter')]);
    await expect(page.locator('.conversation .message').count()).resolves.toBe(1);

    await tabTo(page, '#text');
    await page.keyboard.type('Ze opent ook brieven van de bank.');
    await tabTo(page, 'form button[type=submit]');
    await Promise.all([page.waitForSelector('#sent-notice'), page.keyboard.press('Enter')]);
    await expect(page.locator('.conversation .message').count()).resolves.toBe(2);

    const [row] = await t.db.ds.query(
      `SELECT h.nickname, c.need, (SELECT count(*)::int FROM message m WHERE m.case_id = c.id AND m.direction = 'in') AS messages
         FROM cases c JOIN help_seeker h ON h.id = c.help_seeker_id ORDER BY c.created_at DESC LIMIT 1`,
    );
    expect(row.nickname).toBe('Kwikstaart');
    expect(row.need).not.toBeNull();
    expect(row.messages).toBe(2);
    await context.close();
  }, 60_000);

  it('has the quick exit as the first tab stop on the case page too', async () => {
    const q = await request(t.app.getHttpServer())
      .post('/api/v1/questions')
      .send({ nickname: 'Reiger', text: 'Waar vind ik hulp in de buurt?', country: 'NL', postcodeWithheld: true })
      .expect(201);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/c/${q.body.token}`);
    await page.keyboard.press('Tab');
    await expect(focusedId(page)).resolves.toBe('quick-exit');
    await context.close();
  });
});
