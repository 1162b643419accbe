import request from 'supertest';
import { csrfFrom, startTestApp, TestApp } from '../support/app';
import { askByForm, openCase } from '../support/help-seeker';

describe('help-seeker pages', () => {
  let t: TestApp;
  const count = async () => (await t.db.ds.query(`SELECT count(*)::int AS n FROM cases`))[0].n as number;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function formAgent() {
    const agent = request.agent(t.app.getHttpServer());
    const page = await agent.get('/').expect(200);
    return { agent, csrf: csrfFrom(page.text) };
  }

  it('shows the start page in Dutch with the anonymity promise, answer time, crisis lines and quick exit', async () => {
    const res = await request(t.app.getHttpServer()).get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.text).toContain('<html lang="nl">');
    expect(res.text).toContain('Stel je vraag anoniem');
    expect(res.text).toContain('binnen twee werkdagen');
    expect(res.text).toContain('0800-0113');
    expect(res.text).toContain('1813');
    expect(res.text).toMatch(/id="quick-exit"/);
    // Every form control has a label.
    for (const id of [
      'nickname',
      'postcode',
      'country',
      'postcodeWithheld',
      'topic',
      'needOther',
      'ageBand',
      'gender',
      'language',
      'text',
      'email',
      'emailConsent',
      'crisisSelfReport',
    ]) {
      expect(res.text).toContain(`for="${id}"`);
      expect(res.text).toContain(`id="${id}"`);
    }
    expect(res.text).toContain('Geld en schulden');
  });

  it('switches to English and remembers the choice', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const en = await agent.get('/?lang=en').expect(200);
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('Ask your question anonymously');
    const again = await agent.get('/').expect(200);
    expect(again.text).toContain('Ask your question anonymously');
  });

  it('stores a submitted form as a case and shows the secret link only after commit, on a page of its own', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const before = await count();
    const {
      token,
      received: res,
      posted,
    } = await askByForm(agent, {
      nickname: 'Merel',
      postcode: '3011',
      country: 'NL',
      topic: 'housing',
      need: 'other',
      needOther: 'weet ik niet',
      text: 'Mijn huisbaas wil dat ik vertrek, mag dat?',
      language: 'nl',
    });
    expect(await count()).toBe(before + 1);
    // Post/Redirect/Get: the POST answer holds no case, no link; the confirmation is its own page.
    expect(posted.text).not.toContain(token);
    expect(res.text).toContain(`/c/${token}`);
    expect(res.text).toContain('Bewaar deze geheime link');
    expect(res.headers['cache-control']).toBe('no-store');
    // Reachable again in the same session (a reload), and only there.
    expect((await agent.get('/c/ontvangen').expect(200)).text).toContain(token);
    const stranger = await request(t.app.getHttpServer()).get('/c/ontvangen').expect(200);
    expect(stranger.text).not.toContain(token);
    expect(stranger.text).toContain('Deze pagina is gesloten');
    const [c] = await t.db.ds.query(
      `SELECT c.need, c.need_other, r.code FROM cases c JOIN region r ON r.id = c.region_id ORDER BY c.created_at DESC LIMIT 1`,
    );
    expect(c).toEqual({ need: 'other', need_other: 'weet ik niet', code: 'rotterdam' });
  });

  it('re-renders the form with messages beside the fields and keeps what was typed; writes nothing', async () => {
    const { agent, csrf } = await formAgent();
    const before = await count();
    const res = await agent
      .post('/vragen')
      .type('form')
      .send({
        _csrf: csrf,
        nickname: '',
        postcode: '1012 AB',
        country: 'BE',
        text: 'Mijn lange verhaal <em>met</em> tekst',
        email: 'a@b.nl',
      })
      .expect(400);
    expect(await count()).toBe(before);
    expect(res.text).toContain('id="nickname-error"');
    expect(res.text).toContain('Vul een schuilnaam in.');
    expect(res.text).toContain('id="emailConsent-error"');
    expect(res.text).toContain('aria-invalid="true"');
    expect(res.text).toContain('href="#nickname"'); // error summary links to the field
    // What the person typed is still there, escaped.
    expect(res.text).toContain('Mijn lange verhaal &lt;em&gt;met&lt;/em&gt; tekst</textarea>');
    expect(res.text).toContain('value="a@b.nl"');
    // The postcode conflicts with the chosen country; it is named once the first errors are fixed.
    const second = await agent
      .post('/vragen')
      .type('form')
      .send({ _csrf: csrf, nickname: 'K', postcode: '1012 AB', country: 'BE', text: 'Mijn lange verhaal met tekst' })
      .expect(400);
    expect(second.text).toContain('Deze postcode past niet bij het gekozen land.');
  });

  it('refuses a post without a valid CSRF token but keeps the text', async () => {
    const before = await count();
    const res = await request(t.app.getHttpServer())
      .post('/vragen')
      .type('form')
      .send({ nickname: 'X', text: 'Een vraag zonder token erbij.' })
      .expect(403);
    expect(res.text).toContain('Het formulier was verlopen');
    expect(res.text).toContain('Een vraag zonder token erbij.</textarea>');
    expect(await count()).toBe(before);
  });

  it('shows the conversation escaped, takes a follow-up and redirects (no double post on reload)', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const { token } = await askByForm(agent, {
      nickname: 'Vlinder',
      postcode: 'B-9000',
      text: '<script>alert("x")</script> help mij',
    });
    // Opened from a bookmark or a mail in another browser: the token is exchanged for a session.
    const other = request.agent(t.app.getHttpServer());
    const page = await openCase(other, token);
    const link = '/c';
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; help mij');
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).toContain('Team: Gent');
    const post = await other
      .post(link)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), text: 'Ik wil nog iets toevoegen.' })
      .expect(303);
    expect(post.headers.location).toBe(`${link}?sent=1#latest`);
    const after = await other.get(`${link}?sent=1`).expect(200);
    expect(after.text).toContain('Je bericht is verstuurd.');
    expect(after.text).toContain('Ik wil nog iets toevoegen.');
    const empty = await other
      .post(link)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), text: '   ' })
      .expect(400);
    expect(empty.text).toContain('Schrijf je bericht.');
  });

  it('answers an unknown case link with a plain 404 that reveals nothing', async () => {
    const a = await request(t.app.getHttpServer()).get('/c/AAAAAAAAAAAAAAAAAAAAAA').expect(404);
    const b = await request(t.app.getHttpServer()).get('/c/zz').expect(404);
    expect(a.text).toBe(b.text);
    expect(a.text).toContain('Deze pagina bestaat niet.');
    // A follow-up without a session is not lost: the closed page shows it to copy.
    const lost = await request(t.app.getHttpServer()).post('/c').type('form').send({ text: 'mijn tekst' }).expect(401);
    expect(lost.text).toContain('mijn tekst</textarea>');
  });

  it('answers an oversized form with a clear 413 page', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/vragen')
      .type('form')
      .set('Accept', 'text/html')
      .send({ nickname: 'x', text: 'y'.repeat(300_000) })
      .expect(413);
    expect(res.text).toContain('Je bericht is te groot');
  });

  it('logs requests without message text, nicknames, postcodes, addresses or case tokens', async () => {
    const { agent, csrf } = await formAgent();
    const marker = 'MARKERTEXT7781';
    const { token: link } = await askByForm(agent, {
      nickname: 'NICKMARK55',
      postcode: '1012 QX',
      text: `Vraag met ${marker} erin`,
      email: 'mark77@example.org',
      emailConsent: 'on',
    });
    await openCase(agent, link);
    await agent
      .post('/vragen')
      .type('form')
      .send({ _csrf: csrf, nickname: 'NICKMARK55', text: `${marker} te kort`.slice(0, 5) })
      .expect(400);
    const all = t.logLines.join('\n');
    expect(t.logLines.length).toBeGreaterThan(3);
    for (const secret of [marker, 'NICKMARK55', '1012', 'QX', 'mark77', link]) expect(all).not.toContain(secret);
    expect(all).toContain('/c/:token');
  });

  it('reports health', async () => {
    await request(t.app.getHttpServer()).get('/health').expect(200, { status: 'ok', database: 'up' });
  });
});

describe('health without a database', () => {
  it('answers 503 when the database is gone', async () => {
    const t = await startTestApp();
    await request(t.app.getHttpServer()).get('/health').expect(200);
    await t.db.ds.destroy();
    await request(t.app.getHttpServer()).get('/health').expect(503, { status: 'error', database: 'down' });
    await t.close();
  });
});
