import { axeViolations } from './axe';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { rawKeysIn } from './raw-keys';

/**
 * The tour: every page of every role, as a real browser shows it, in Dutch and English, on a phone
 * and a desktop. For each page it keeps a screenshot and checks what a user would notice: the
 * HTTP status, axe (WCAG 2.1 A/AA), text that looks like an internal key, sideways scrolling and
 * anything the browser refused (a CSP violation shows as a console error).
 * `npm run tour` walks it all and writes test-artifacts/tour/index.html; the e2e test walks each
 * page once and fails on any finding.
 */

export const DEMO_PASSWORD = 'luister-demo';
export type Lang = 'nl' | 'en';
export interface Viewport {
  name: 'phone' | 'desktop';
  width: number;
  height: number;
}
export const PHONE: Viewport = { name: 'phone', width: 390, height: 844 };
export const DESKTOP: Viewport = { name: 'desktop', width: 1440, height: 900 };

export type Role = 'help-seeker' | 'anonymous' | 'worker' | 'trainee' | 'supervisor' | 'manager' | 'admin';
export const ROLE_EMAIL: Partial<Record<Role, string>> = {
  worker: 'worker@luister.example',
  trainee: 'trainee@luister.example',
  supervisor: 'supervisor@luister.example',
  manager: 'manager@luister.example',
  admin: 'admin@luister.example',
};

export interface Stop {
  role: Role;
  /** File-name part: short, kebab-case. */
  slug: string;
  /** What the page is, for the index. */
  title: string;
  path?: string;
  status?: number;
  /** Instead of (or after) opening `path`: what a user does to reach the state. */
  act?: (page: Page) => Promise<void>;
}

export interface Finding {
  lang: Lang;
  viewport: Viewport['name'];
  role: Role;
  slug: string;
  title: string;
  file: string;
  status: number | null;
  axe: string[];
  rawKeys: string[];
  overflowPx: number;
  consoleErrors: string[];
  ms: number;
}

export interface TourData {
  caseId: string;
  caseRef: string;
  token: string;
  reviewCaseId: string;
  erasableToken: string;
  workerId: string;
  templateId: string;
  referralId: string;
  outboundId: string;
}

const GOOD_REPLY = {
  opening: 'Beste {{nickname}},',
  summarise: 'Uit je bericht begrijp ik dat:\n- je schulden hebt bij drie bedrijven\n\nKlopt dat?',
  explore: 'Wat heb je zelf al geprobeerd? Wie in je omgeving steunt je?',
  advise:
    'Je kunt beginnen met alle post open te maken en op een rij te zetten.\n\n{{referrals}}\n\nKort samengevat: post openen.\n\nHeeft dit antwoord je geholpen?',
  closing: 'Groet,\n{{workerName}}',
};

async function api<T = Record<string, unknown>>(
  base: string,
  method: string,
  p: string,
  body?: unknown,
  token?: string,
): Promise<T> {
  const res = await fetch(base + p, {
    method,
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${p}: ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : {}) as T;
}

const login = async (base: string, email: string) =>
  (await api<{ accessToken: string }>(base, 'POST', '/api/v1/auth/login', { email, password: DEMO_PASSWORD }))
    .accessToken;

/**
 * The tour's cases, made through the public API as people would: a help-seeker's question with a
 * sent reply (so the timeline, the case page and the outbound mail have something), a trainee's
 * reply waiting for review, and a question the help-seeker will be asked to erase.
 */
export async function prepareTour(base: string): Promise<TourData> {
  const ask = (nickname: string, text: string, extra: Record<string, unknown> = {}) =>
    api<{ caseRef: string; token: string }>(base, 'POST', '/api/v1/questions', {
      nickname,
      text,
      country: 'NL',
      language: 'nl',
      topic: 'money',
      ...extra,
    });
  const q = await ask('Zonnebloem', 'Ik heb schulden bij drie bedrijven. Ik durf de post niet meer open te maken.', {
    postcode: '1012 AB',
    email: 'zonnebloem@home.example',
    emailConsent: true,
  });
  const r = await ask('Kwikstaart', 'Mijn huisbaas wil dat ik binnen een maand vertrek. Mag dat zomaar?', {
    postcode: '1013 CD',
  });
  const e = await ask('Vink', 'Deze vraag wis ik straks weer.', { postcodeWithheld: true });
  const worker = await login(base, ROLE_EMAIL.worker!);
  const trainee = await login(base, ROLE_EMAIL.trainee!);
  const admin = await login(base, ROLE_EMAIL.admin!);
  const list = await api<{ items: { id: string; caseRef: string }[] }>(
    base,
    'GET',
    '/api/v1/cases?view=unassigned&limit=200',
    undefined,
    worker,
  );
  const idOf = (ref: string) => {
    const found = list.items.find((c) => c.caseRef === ref);
    if (!found) throw new Error(`case ${ref} not in the worker's inbox`);
    return found.id;
  };
  const caseId = idOf(q.caseRef);
  const reviewCaseId = idOf(r.caseRef);
  const refs = await api<{ items: { id: string; name: string; kind: string }[] }>(
    base,
    'GET',
    '/api/v1/referrals?region=amsterdam&topic=money',
    undefined,
    worker,
  );
  const online = refs.items.find((x) => x.kind === 'online') ?? refs.items[0];
  await api(base, 'POST', `/api/v1/cases/${caseId}/claim`, {}, worker);
  await api(
    base,
    'POST',
    `/api/v1/cases/${caseId}/replies`,
    { sections: GOOD_REPLY, referralIds: [online.id], send: true },
    worker,
  );
  await api(base, 'POST', `/api/v1/cases/${caseId}/notes`, { text: 'Belt misschien zelf nog.' }, worker);
  await api(base, 'POST', `/api/v1/cases/${reviewCaseId}/claim`, {}, trainee);
  await api(
    base,
    'POST',
    `/api/v1/cases/${reviewCaseId}/replies`,
    { sections: GOOD_REPLY, referralIds: [online.id], send: true },
    trainee,
  );
  const me = await api<{ id: string }>(base, 'GET', '/api/v1/auth/me', undefined, worker);
  const templates = await api<{ items: { id: string }[] }>(
    base,
    'GET',
    '/api/v1/reply-templates?language=nl',
    undefined,
    worker,
  );
  const outbound = await api<{ items: { id: string }[] }>(
    base,
    'GET',
    '/api/v1/mail/outbound?limit=1',
    undefined,
    admin,
  ).catch(() => ({ items: [] as { id: string }[] }));
  return {
    caseId,
    caseRef: q.caseRef,
    token: q.token,
    reviewCaseId,
    erasableToken: e.token,
    workerId: me.id,
    templateId: templates.items[0]?.id ?? '',
    referralId: refs.items.find((x) => x.kind !== 'online')?.id ?? online.id,
    outboundId: outbound.items[0]?.id ?? '',
  };
}

const click = (selector: string) => async (page: Page) => {
  await Promise.all([page.waitForLoadState('load'), page.locator(selector).first().click()]);
  await page.waitForLoadState('load');
};

/** Every page, by role; `quick` (the test) leaves out pages that only repeat a layout. */
export function tourStops(d: TourData): Stop[] {
  return [
    { role: 'help-seeker', slug: 'start', title: 'Start page with the question form', path: '/' },
    {
      role: 'help-seeker',
      slug: 'start-errors',
      title: 'Question form sent empty',
      path: '/',
      status: 400,
      act: click('.question-form button[type=submit]'),
    },
    {
      role: 'help-seeker',
      slug: 'received',
      title: 'Question received (the secret link)',
      path: '/',
      act: async (page) => {
        await page.locator('#nickname').fill('Merel');
        await page.locator('#text').fill('Ik weet niet hoe ik het thuis moet zeggen. Waar begin ik?');
        await click('.question-form button[type=submit]')(page);
      },
    },
    { role: 'help-seeker', slug: 'case', title: 'Case page with a reply', path: `/c/${d.token}` },
    {
      role: 'help-seeker',
      slug: 'case-errors',
      title: 'Empty follow-up sent',
      path: `/c/${d.token}`,
      status: 400,
      act: click('form[action="/c"] button[type=submit]'),
    },
    { role: 'help-seeker', slug: 'evaluation', title: 'Evaluation form', path: `/c/${d.token}/evaluation` },
    { role: 'help-seeker', slug: 'erase', title: 'Erase my case: confirm', path: `/c/${d.erasableToken}/erase` },
    {
      role: 'help-seeker',
      slug: 'not-found',
      title: 'Unknown case link',
      path: '/c/AAAAAAAAAAAAAAAAAAAAAA',
      status: 404,
    },
    { role: 'anonymous', slug: 'login', title: 'Staff login', path: '/login' },
    {
      role: 'anonymous',
      slug: 'login-errors',
      title: 'Staff login with a wrong password',
      path: '/login',
      status: 401,
      act: async (page) => {
        await page.locator('#email').fill('worker@luister.example');
        await page.locator('#password').fill('wrong password');
        await click('form[action="/login"] button[type=submit]')(page);
      },
    },
    { role: 'worker', slug: 'inbox', title: 'Inbox (start page)', path: '/inbox' },
    { role: 'worker', slug: 'inbox-mine', title: 'Inbox: my cases', path: '/inbox?view=mine' },
    { role: 'worker', slug: 'inbox-closed', title: 'Inbox: closed (empty)', path: '/inbox?view=closed' },
    { role: 'worker', slug: 'inbox-errors', title: 'Inbox with a bad filter', path: '/inbox?view=bogus' },
    { role: 'worker', slug: 'case', title: 'Case: conversation, timeline, notes', path: `/cases/${d.caseId}` },
    { role: 'worker', slug: 'composer', title: 'Reply composer', path: `/cases/${d.caseId}/reply` },
    {
      role: 'worker',
      slug: 'composer-errors',
      title: 'Reply composer: sent with problems',
      path: `/cases/${d.caseId}/reply`,
      status: 400,
      act: async (page) => {
        await page.locator('#reply-summarise').fill('Kort.');
        await page.locator('#reply-advise').fill('{{referrals}}');
        await click('#send-button')(page);
      },
    },
    {
      role: 'worker',
      slug: 'composer-sent',
      title: 'Reply composer: after sending',
      path: `/cases/${d.caseId}/reply?done=sent`,
    },
    {
      role: 'worker',
      slug: 'case-not-found',
      title: 'A case that does not exist',
      path: '/cases/00000000-0000-4000-8000-000000000000',
      status: 404,
    },
    { role: 'worker', slug: 'bulk-mail', title: 'Bulk mail', path: '/mail/bulk' },
    { role: 'worker', slug: 'account', title: 'My account', path: '/account' },
    { role: 'trainee', slug: 'inbox', title: 'Inbox', path: '/inbox?view=mine' },
    { role: 'trainee', slug: 'composer', title: 'Reply waiting for review', path: `/cases/${d.reviewCaseId}/reply` },
    { role: 'supervisor', slug: 'inbox', title: 'Inbox', path: '/inbox' },
    { role: 'supervisor', slug: 'review', title: 'Review a trainee reply', path: `/cases/${d.reviewCaseId}/reply` },
    { role: 'manager', slug: 'dashboard', title: 'Dashboard', path: '/dashboard' },
    {
      role: 'manager',
      slug: 'dashboard-errors',
      title: 'Dashboard with a bad date',
      path: '/dashboard?from=2025-13-40',
      status: 400,
    },
    { role: 'manager', slug: 'reply-templates', title: 'Reply templates', path: '/reply-templates' },
    {
      role: 'manager',
      slug: 'reply-template',
      title: 'Edit a reply template',
      path: `/reply-templates/${d.templateId}`,
    },
    { role: 'manager', slug: 'referrals', title: 'Referral directory', path: '/referrals' },
    { role: 'manager', slug: 'referral', title: 'Edit a referral', path: `/referrals/${d.referralId}` },
    {
      role: 'manager',
      slug: 'referral-errors',
      title: 'Referral saved without a name',
      path: '/referrals',
      status: 400,
      act: async (page) => {
        await page.locator('#ref-name').evaluate((el) => el.removeAttribute('required'));
        await click('#save-referral')(page);
      },
    },
    { role: 'admin', slug: 'admin', title: 'Admin: regions, users, topics', path: '/admin' },
    { role: 'admin', slug: 'user', title: 'Admin: one user', path: `/admin/users/${d.workerId}` },
    { role: 'admin', slug: 'audit', title: 'Audit trail of a case', path: `/admin/audit?case=${d.caseRef}` },
    { role: 'admin', slug: 'inbound-mail', title: 'Inbound mail', path: '/admin/mail/inbound' },
    { role: 'admin', slug: 'outbound-mail', title: 'Outbound mail', path: '/admin/mail/outbound' },
    ...(d.outboundId
      ? [
          {
            role: 'admin' as const,
            slug: 'outbound-one',
            title: 'One outbound mail',
            path: `/admin/mail/outbound/${d.outboundId}`,
          },
        ]
      : []),
    { role: 'admin', slug: 'mailboxes', title: 'Mailboxes', path: '/admin/mailboxes' },
    { role: 'admin', slug: 'erase-case', title: 'Erase a case (admin)', path: `/admin/cases/${d.caseId}/erase` },
  ];
}

async function staffContext(
  browser: Browser,
  base: string,
  role: Role,
  lang: Lang,
  vp: Viewport,
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: vp.width, height: vp.height },
    locale: lang === 'en' ? 'en-GB' : 'nl-NL',
  });
  const page = await context.newPage();
  await page.goto(`${base}/login?lang=${lang}`);
  const email = ROLE_EMAIL[role];
  if (email) {
    await page.locator('#email').fill(email);
    await page.locator('#password').fill(DEMO_PASSWORD);
    await Promise.all([
      page.waitForURL(/\/(account|inbox)/),
      page.locator('form[action="/login"] button[type=submit]').click(),
    ]);
  } else {
    await page.goto(`${base}/?lang=${lang}`);
  }
  await page.close();
  return context;
}

/** What a user would see, checked on the page the browser shows now. */
async function inspect(page: Page): Promise<{ axe: string[]; rawKeys: string[]; overflowPx: number }> {
  const violations = await axeViolations(page);
  const text = await page.evaluate(() => {
    const attrs = Array.from(document.querySelectorAll('[aria-label], [title], [placeholder], img[alt]')).map((e) =>
      ['aria-label', 'title', 'placeholder', 'alt'].map((a) => e.getAttribute(a) ?? '').join(' '),
    );
    return [document.title, document.body.innerText, ...attrs].join('\n');
  });
  const overflowPx = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  return {
    axe: violations.map(
      (v) =>
        `${v.impact} ${v.id}: ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    ),
    rawKeys: rawKeysIn(text),
    overflowPx: Math.max(0, overflowPx),
  };
}

export interface WalkOptions {
  outDir: string;
  /** Each pass: a language and a viewport. */
  passes: { lang: Lang; viewport: Viewport }[];
  /** Only these stops (by `role/slug`); default all. */
  only?: (s: Stop, passIndex: number) => boolean;
  log?: (line: string) => void;
  /** Whole-page screenshots (default); the test keeps the first screen only, which is faster. */
  fullPage?: boolean;
}

export async function walkTour(browser: Browser, base: string, stops: Stop[], o: WalkOptions): Promise<Finding[]> {
  fs.mkdirSync(o.outDir, { recursive: true });
  const findings: Finding[] = [];
  for (const [pi, pass] of o.passes.entries()) {
    const contexts = new Map<Role, BrowserContext>();
    for (const stop of stops) {
      if (o.only && !o.only(stop, pi)) continue;
      let context = contexts.get(stop.role);
      if (!context) {
        context = await staffContext(browser, base, stop.role, pass.lang, pass.viewport);
        contexts.set(stop.role, context);
      }
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) consoleErrors.push(m.text());
      });
      const started = Date.now();
      let status: number | null = null;
      page.on('response', (r) => {
        if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) status = r.status();
      });
      if (stop.path) await page.goto(base + stop.path);
      if (stop.act) await stop.act(page);
      const ms = Date.now() - started;
      const file = `${pass.lang}-${pass.viewport.name}-${stop.role}-${stop.slug}.png`;
      await page.screenshot({ path: path.join(o.outDir, file), fullPage: o.fullPage ?? true });
      // A page that crashed or hung is a finding, not the end of the tour.
      const seen = await inspect(page).catch(async (e: Error) => {
        await page.reload().catch(() => undefined);
        return inspect(page).catch(() => ({
          axe: [`inspection failed: ${e.message.split('\n')[0]}`],
          rawKeys: [],
          overflowPx: 0,
        }));
      });
      const f: Finding = {
        lang: pass.lang,
        viewport: pass.viewport.name,
        role: stop.role,
        slug: stop.slug,
        title: stop.title,
        file,
        status,
        ...seen,
        consoleErrors,
        ms,
      };
      if (status !== (stop.status ?? 200)) f.axe.push(`status ${status}, expected ${stop.status ?? 200}`);
      findings.push(f);
      o.log?.(
        `${file}: ${status} ${ms} ms, axe ${seen.axe.length}, raw keys ${seen.rawKeys.length}, overflow ${seen.overflowPx} px` +
          (problems(f).length ? `\n    ${problems(f).join('\n    ')}` : ''),
      );
      await page.close();
    }
    for (const c of contexts.values()) await c.close();
  }
  return findings;
}

/** Problems of a finding, as lines (empty: the page is fine). */
export function problems(f: Finding): string[] {
  return [
    ...f.axe.map((a) => `${f.file} axe/status: ${a}`),
    ...f.rawKeys.map((k) => `${f.file} raw key: ${k}`),
    ...(f.overflowPx > 0 ? [`${f.file} scrolls sideways by ${f.overflowPx} px`] : []),
    ...f.consoleErrors.map((e) => `${f.file} console: ${e}`),
  ];
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** test-artifacts/tour/index.html: every page in one place, grouped by role and page. */
export function writeIndex(outDir: string, findings: Finding[], started: Date): string {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = `${f.role} / ${f.title}`;
    groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  const bad = findings.filter((f) => problems(f).length);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Luister tour</title>
<style>body{font-family:system-ui,sans-serif;margin:1rem 2rem;color:#1d2433}h2{margin-top:2rem;border-top:1px solid #ccc;padding-top:.5rem}
.row{display:flex;gap:1rem;align-items:flex-start;overflow-x:auto}.shot{flex:none}.shot img{border:1px solid #999;display:block}
.shot.phone img{width:195px}.shot.desktop img{width:480px}.bad{color:#9b1c1c;font-weight:700}.ok{color:#1a7f37}small{color:#555}</style></head><body>
<h1>Luister tour</h1><p>${findings.length} pages (${groups.size} pages × languages × viewports), ${started.toISOString()}.
<span class="${bad.length ? 'bad' : 'ok'}">${bad.length ? `${bad.length} pages with findings` : 'axe 0 violations, no raw keys, no sideways scrolling on any page'}</span></p>
${[...groups.entries()]
  .map(
    ([k, fs]) =>
      `<h2>${esc(k)}</h2><div class="row">${fs
        .map(
          (
            f,
          ) => `<figure class="shot ${f.viewport}"><a href="${esc(f.file)}"><img src="${esc(f.file)}" alt="${esc(`${f.title}, ${f.lang}, ${f.viewport}`)}" loading="lazy"></a>
<figcaption>${f.lang} · ${f.viewport} · ${f.status} · ${f.ms} ms<br>${
            problems(f).length
              ? `<span class="bad">${problems(f).map(esc).join('<br>')}</span>`
              : '<span class="ok">axe 0 · no raw keys · fits</span>'
          }</figcaption></figure>`,
        )
        .join('')}</div>`,
  )
  .join('\n')}
</body></html>`;
  const file = path.join(outDir, 'index.html');
  fs.writeFileSync(file, html);
  return file;
}
