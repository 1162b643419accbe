import { DateTime } from 'luxon';
import request from 'supertest';
import { BusinessCalendar } from '../../src/sla/business-calendar';
import { defaultCalendarSpec } from '../../src/sla/calendar-defaults';
import { honestReplyTime } from '../../src/sla/honest-reply-time';
import { linkify } from '../../src/intake/linkify';
import { tokenOfPasted } from '../../src/intake/intake-pages.controller';
import { RunningServer, startupBanner } from '../../src/server';
import { csrfFrom, startTestApp, TestApp } from '../support/app';
import { askByForm, openCase } from '../support/help-seeker';

const AMS = 'Europe/Amsterdam';
const at = (iso: string) => DateTime.fromISO(iso, { zone: AMS }).toJSDate();

describe('honest reply times (pure)', () => {
  const calendar = new BusinessCalendar(defaultCalendarSpec(AMS));
  it('promises a due time inside working hours as it is, and a night-time one never', () => {
    expect(honestReplyTime(at('2026-12-07T11:00'), calendar)).toEqual({ kind: 'by', at: at('2026-12-07T11:00') });
    // A target ending at closing time is still that day's work.
    expect(honestReplyTime(at('2026-12-07T17:00'), calendar).kind).toBe('by');
    // Sunday 02:02 (a wall-clock crisis target): the team's next opening, Monday 09:00.
    expect(honestReplyTime(at('2026-12-13T02:02'), calendar)).toEqual({ kind: 'from', at: at('2026-12-14T09:00') });
    // Friday 20:00: Monday 09:00, never Friday night.
    expect(honestReplyTime(at('2026-12-11T20:00'), calendar)).toEqual({ kind: 'from', at: at('2026-12-14T09:00') });
    // The lunch gap: back at 13:30.
    expect(honestReplyTime(at('2026-12-08T12:45'), calendar)).toEqual({ kind: 'from', at: at('2026-12-08T13:30') });
  });
});

describe('links in replies (pure)', () => {
  it('links web addresses and Dutch and Belgian phone numbers, and short crisis numbers after "bel"', () => {
    const parts = linkify(
      'Bel 113 of 0800-0113, kijk op www.113.nl of https://www.zelfmoord1813.be/chat. Schuldhulp: 020 123 4567 of +32 9 123 45 67. Het kost 113 euro.',
    );
    const links = parts.filter((p) => p.href).map((p) => [p.text, p.href]);
    expect(links).toEqual([
      ['113', 'tel:113'],
      ['0800-0113', 'tel:+318000113'],
      ['www.113.nl', 'http://www.113.nl'],
      ['https://www.zelfmoord1813.be/chat', 'https://www.zelfmoord1813.be/chat'],
      ['020 123 4567', 'tel:+31201234567'],
      ['+32 9 123 45 67', 'tel:+3291234567'],
    ]);
    // Nothing is lost or added: the parts are the text.
    expect(parts.map((p) => p.text).join('')).toContain('Het kost 113 euro.');
    expect(linkify('javascript:alert(1) <b>x</b>').filter((p) => p.href)).toEqual([]);
  });

  it('reads a pasted link or code', () => {
    const token = 'AbCdEfGhIjKlMnOpQrStUv';
    expect(tokenOfPasted(`https://luister.example/c/${token}`)).toBe(token);
    expect(tokenOfPasted(`  ${token} `)).toBe(token);
    expect(tokenOfPasted(`luister.example/c/${token}?lang=en`)).toBe(token);
    expect(tokenOfPasted('https://luister.example/c/kort')).toBeUndefined();
  });
});

describe('help-seeker safety', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  const count = async (table = 'cases') => (await t.db.ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const question = (extra: Record<string, unknown> = {}) =>
    http()
      .post('/api/v1/questions')
      .send({
        nickname: 'Zwaluw',
        text: 'Ik heb een vraag over mijn huur.',
        postcode: '1012 AB',
        country: 'NL',
        ...extra,
      })
      .expect(201);

  it('exchanges the case link for a session cookie limited to the case pages, and redirects to a URL without the token', async () => {
    const { body } = await question();
    const res = await http().get(`/c/${body.token}?lang=en`).expect(303);
    expect(res.headers.location).toBe('/c?lang=en');
    expect(res.headers['cache-control']).toBe('no-store');
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('luister.hs='))!;
    expect(cookie).toMatch(/^luister\.hs=[A-Za-z0-9_-]{43}; Path=\/c; HttpOnly; SameSite=Lax$/);
    expect(cookie).not.toContain(body.token);
    // The session row holds the token only sealed, the cookie only hashed.
    const [row] = await t.db.ds.query(
      `SELECT id_hash, sealed_token FROM help_seeker_session ORDER BY created_at DESC LIMIT 1`,
    );
    expect(Buffer.from(row.sealed_token).toString('latin1')).not.toContain(body.token);
    expect(Buffer.from(row.id_hash).toString('base64url')).not.toBe(cookie.split(';')[0].split('=')[1]);
  });

  it('quick exit ends the session: afterwards /c, the confirmation and the sub-pages show nothing of the case; the link opens it again', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const { token } = await askByForm(agent, { nickname: 'Vlinder7', text: 'GEHEIM-7 mijn vraag over thuis.' });
    const page = await agent.get('/c').expect(200);
    expect(page.text).toContain('GEHEIM-7');
    const exit = await agent.post('/c/exit').expect(204);
    expect(exit.headers['set-cookie'][0]).toMatch(/^luister\.hs=;.*Path=\/c/);
    expect(
      await count('help_seeker_session WHERE case_id = (SELECT id FROM cases ORDER BY created_at DESC LIMIT 1)'),
    ).toBe(0);
    for (const path of ['/c', '/c?sent=1', '/c/ontvangen', '/c/erase', '/c/evaluation']) {
      const after = await agent.get(path).expect(200);
      expect(after.text).toContain('Deze pagina is gesloten');
      for (const secret of ['GEHEIM-7', 'Vlinder7', token])
        expect({ path, has: after.text.includes(secret) }).toEqual({
          path,
          has: false,
        });
    }
    // Ending it twice, or without any session, is fine.
    await agent.post('/c/exit').expect(204);
    await http().post('/c/exit').expect(204);
    // The saved link (a bookmark, the mail) still works.
    expect((await openCase(agent, token)).text).toContain('GEHEIM-7');
  });

  it('ends an idle session by itself', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const { body } = await question({ text: 'IDLE-MARKER een vraag die wacht.' });
    await openCase(agent, body.token);
    await t.db.ds.query(`UPDATE help_seeker_session SET last_seen_at = now() - interval '31 minutes'`);
    expect((await agent.get('/c').expect(200)).text).not.toContain('IDLE-MARKER');
  });

  it('the closed page opens the conversation again from a pasted link, and refuses an unknown one', async () => {
    const { body } = await question({ text: 'PASTE-MARKER een vraag.' });
    const agent = request.agent(t.app.getHttpServer());
    const closed = await agent.get('/c').expect(200);
    const csrf = csrfFrom(closed.text);
    const bad = await agent
      .post('/c/open')
      .type('form')
      .send({ _csrf: csrf, link: 'https://x/c/AAAAAAAAAAAAAAAAAAAAAA' })
      .expect(400);
    expect(bad.text).toContain('Met deze link vinden we geen gesprek');
    const ok = await agent
      .post('/c/open')
      .type('form')
      .send({ _csrf: csrf, link: `https://luister.test/c/${body.token}` })
      .expect(303);
    expect(ok.headers.location).toBe('/c');
    expect((await agent.get('/c').expect(200)).text).toContain('PASTE-MARKER');
  });

  it('API: the same idempotencyKey gives the same case, also when sent at once; another question under it is a 409', async () => {
    const key = 'retry-key-0123456789abcdef';
    const before = await count();
    const first = await question({ idempotencyKey: key });
    const again = await question({ idempotencyKey: key });
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await count()).toBe(before + 1);
    const other = await http()
      .post('/api/v1/questions')
      .send({ nickname: 'Zwaluw', text: 'Een heel andere vraag.', idempotencyKey: key })
      .expect(409);
    expect(other.body.code).toBe('idempotency_key_reused');
    // Five at the same moment: one case, five equal answers.
    const key2 = 'parallel-key-0123456789abc';
    const answers = await Promise.all(Array.from({ length: 5 }, () => question({ idempotencyKey: key2 })));
    expect(new Set(answers.map((a) => a.body.caseRef)).size).toBe(1);
    expect(await count()).toBe(before + 2);
    await http()
      .post('/api/v1/questions')
      .send({ nickname: 'X', text: 'Een vraag hier.', idempotencyKey: 'kort' })
      .expect(400);
  });

  it('form: a double submit and a reload of the POST give one case; the confirmation can be reloaded', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/').expect(200);
    const fields = {
      _csrf: csrfFrom(form.text),
      idempotencyKey: /name="idempotencyKey" value="([^"]+)"/.exec(form.text)![1],
      nickname: 'Dubbel',
      text: 'Een vraag die twee keer verstuurd wordt.',
    };
    const before = await count();
    const [a, b] = await Promise.all([
      agent.post('/vragen').type('form').send(fields),
      agent.post('/vragen').type('form').send(fields),
    ]);
    const c = await agent.post('/vragen').type('form').send(fields);
    expect([a.status, b.status, c.status]).toEqual([303, 303, 303]);
    expect(await count()).toBe(before + 1);
    const one = await agent.get('/c/ontvangen').expect(200);
    const two = await agent.get('/c/ontvangen').expect(200);
    expect(/\/c\/([A-Za-z0-9_-]{22})</.exec(one.text)![1]).toBe(/\/c\/([A-Za-z0-9_-]{22})</.exec(two.text)![1]);
  });

  it('the confirmation keeps the link when the language is switched', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const { token, received } = await askByForm(agent, { nickname: 'Taal', text: 'Een vraag in twee talen.' });
    expect(received.text).toContain('href="?lang=en"');
    const en = await agent.get('/c/ontvangen?lang=en').expect(200);
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain(`/c/${token}`);
    expect(en.text).toContain('Keep this secret link');
  });

  it('a crisis by the self-report: help first with tap-to-call lines, and no night-time promise', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const { received } = await askByForm(agent, {
      nickname: 'Nacht',
      text: 'Ik heb een vraag over mijn huur.',
      postcode: '1012 AB',
      country: 'NL',
      crisisSelfReport: 'yes',
    });
    const first = received.text.indexOf('id="crisis-first"');
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(received.text.indexOf('id="case-link"'));
    for (const tel of ['tel:113', 'tel:08000113', 'tel:1813', 'tel:112'])
      expect(received.text).toContain(`href="${tel}"`);
    expect(received.text).toContain('href="https://www.113.nl"');
    // Amsterdam's crisis policy counts four hours around the clock. Due on a Sunday at 02:02:
    // the page names the team's next opening instead.
    const [c] = await t.db.ds.query(`SELECT id FROM cases ORDER BY created_at DESC LIMIT 1`);
    await t.db.ds.query(`UPDATE cases SET first_reply_due_at = $2 WHERE id = $1`, [c.id, at('2027-01-10T02:02')]);
    const night = await agent.get('/c/ontvangen').expect(200);
    expect(night.text).not.toContain('02:02');
    expect(night.text).toMatch(/zodra het team weer begint: maandag (11 januari )?09:00/);
    const casePage = await agent.get('/c').expect(200);
    expect(casePage.text).not.toContain('02:02');
    expect(casePage.text).toContain('href="tel:113"');
    // In working hours the due time is promised as it is.
    await t.db.ds.query(`UPDATE cases SET first_reply_due_at = $2 WHERE id = $1`, [c.id, at('2027-01-11T11:00')]);
    expect((await agent.get('/c/ontvangen').expect(200)).text).toMatch(/uiterlijk maandag (11 januari )?11:00/);
  });

  it('a crisis by the wording, from Flanders: 1813 first', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const { received } = await askByForm(agent, {
      nickname: 'Gent',
      text: 'Ik zie het echt niet meer zitten, ik wil er niet meer zijn.',
      postcode: '9000',
      country: 'BE',
    });
    expect(received.text).toContain('id="crisis-first"');
    expect(received.text.indexOf('href="tel:1813"')).toBeLessThan(received.text.indexOf('href="tel:113"'));
    const plain = await askByForm(request.agent(t.app.getHttpServer()), {
      nickname: 'Gewoon',
      text: 'Een vraag over mijn huur.',
    });
    expect(plain.received.text).not.toContain('id="crisis-first"');
  });

  it('mails the link once when asked on the confirmation page (consent required), sealed in the outbox', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const { token, received } = await askByForm(agent, { nickname: 'Post', text: 'Mail mij de link graag.' });
    const [c] = await t.db.ds.query(`SELECT id FROM cases ORDER BY created_at DESC LIMIT 1`);
    const csrf = csrfFrom(received.text);
    const noConsent = await agent
      .post('/c/ontvangen')
      .type('form')
      .send({ _csrf: csrf, email: 'post@home.example' })
      .expect(400);
    expect(noConsent.text).toContain('id="emailConsent-error"');
    expect(noConsent.text).toContain('value="post@home.example"');
    const sent = await agent
      .post('/c/ontvangen')
      .type('form')
      .send({ _csrf: csrf, email: 'post@home.example', emailConsent: 'on' })
      .expect(303);
    expect(sent.headers.location).toBe('/c/ontvangen?mailed=1#mail-link');
    const rows = await t.db.ds.query(`SELECT kind, recipient, text_body, sealed_link FROM outbox WHERE case_id = $1`, [
      c.id,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'acknowledgement', recipient: 'post@home.example' });
    expect(rows[0].text_body).not.toContain(token);
    expect(rows[0].sealed_link).not.toBeNull();
    const again = await agent.get('/c/ontvangen?mailed=1').expect(200);
    expect(again.text).toContain('id="mailed-notice"');
    // Only one address per case: the form is gone, a second post sends nothing.
    await agent
      .post('/c/ontvangen')
      .type('form')
      .send({ _csrf: csrf, email: 'ander@home.example', emailConsent: 'on' });
    expect(await t.db.ds.query(`SELECT 1 FROM outbox WHERE case_id = $1`, [c.id])).toHaveLength(1);
    expect((await agent.get('/c/ontvangen').expect(200)).text).toContain('id="mail-given"');
  });

  it("shows phone numbers and web addresses in replies as links, and the help-seeker's own text as text", async () => {
    const agent = request.agent(t.app.getHttpServer());
    const { token } = await askByForm(agent, { nickname: 'Link', text: 'Mijn nummer is 06-12345678, bel me niet.' });
    const [c] = await t.db.ds.query(`SELECT id FROM cases ORDER BY created_at DESC LIMIT 1`);
    await t.db.ds.query(
      `INSERT INTO message (case_id, direction, channel, body_text) VALUES ($1, 'out', 'web', 'Bel gerust 0800-0113 of kijk op www.113.nl <b>nu</b>.')`,
      [c.id],
    );
    const page = await openCase(agent, token);
    expect(page.text).toContain('<a href="tel:+318000113" rel="noreferrer noopener">0800-0113</a>');
    expect(page.text).toContain('<a href="http://www.113.nl" rel="noreferrer noopener">www.113.nl</a>');
    expect(page.text).toContain('&lt;b&gt;nu&lt;/b&gt;');
    expect(page.text).not.toContain('href="tel:+31612345678"');
  });
});

describe('TRUST_PROXY', () => {
  it('warns once when proxied requests arrive without TRUST_PROXY, and the start banner says which address counts', async () => {
    const t = await startTestApp({ trustProxy: false });
    try {
      const warnings = () => t.logLines.filter((l) => l.includes('TRUST_PROXY is off'));
      await request(t.app.getHttpServer()).get('/').expect(200);
      expect(warnings()).toEqual([]);
      await request(t.app.getHttpServer()).get('/').set('X-Forwarded-For', '203.0.113.7').expect(200);
      await request(t.app.getHttpServer()).get('/').set('X-Forwarded-For', '203.0.113.8').expect(200);
      expect(warnings()).toHaveLength(1);
      expect(warnings()[0]).not.toContain('203.0.113');
      const banner = startupBanner(t.config, { app: t.app, url: 'http://localhost:3000' } as RunningServer);
      expect(banner).toContain('TRUST_PROXY off');
      expect(
        startupBanner({ ...t.config, trustProxy: true }, { app: t.app, url: 'http://x' } as RunningServer),
      ).toContain('TRUST_PROXY is on');
    } finally {
      await t.close();
    }
    const trusted = await startTestApp({ trustProxy: true });
    try {
      await request(trusted.app.getHttpServer()).get('/').set('X-Forwarded-For', '203.0.113.7').expect(200);
      expect(trusted.logLines.filter((l) => l.includes('TRUST_PROXY is off'))).toEqual([]);
    } finally {
      await trusted.close();
    }
  });
});
