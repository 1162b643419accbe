import request from 'supertest';
import { DEMO_ORGANISATIONS } from '../../src/database/demo-data';
import { startTestApp, TestApp } from '../support/app';
import { askByForm, openCase } from '../support/help-seeker';
import { apiLogin, pageLogin } from '../staff/staff-login';

/**
 * Issue 16 item 4: once a case is routed, its pages show the organisation that answers (name,
 * logo, accent bar); the start page stays the platform's, so visiting it reveals no region; staff
 * pages show the user's organisation.
 */
describe("the organisation's own look", () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('the start page is the platform’s: no organisation, no logo, no accent', async () => {
    const start = await http().get('/').expect(200);
    expect(start.text).not.toContain('/organisations/');
    expect(start.text).not.toContain('id="org-look"');
    for (const o of DEMO_ORGANISATIONS) expect([o.name, start.text.includes(o.name)]).toEqual([o.name, false]);
  });

  it('the confirmation and case pages show the answering organisation once routed, in both languages', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const { token, received } = await askByForm(agent, {
      nickname: 'Zonnebloem',
      postcode: '1012 AB',
      text: 'Ik heb schulden bij drie bedrijven. Waar begin ik?',
    });
    for (const page of [received, await openCase(agent, token)]) {
      expect(page.text).toContain('id="org-look"');
      expect(page.text).toContain('Je vraag wordt beantwoord door <strong id="org-name">Welzijn Amsterdam</strong>');
      expect(page.text).toContain('<img class="org-logo" id="org-logo" src="/organisations/welzijn-amsterdam/logo"');
      expect(page.text).toContain('<link rel="stylesheet" href="/organisations/welzijn-amsterdam/look.css">');
      expect(page.text).not.toContain('CAW Oost-Vlaanderen');
    }
    const en = await agent.get('/c?lang=en').expect(200);
    expect(en.text).toContain('Your question is answered by <strong id="org-name">Welzijn Amsterdam</strong>');

    // The logo and the accent are what the pages link to (public: they name nobody).
    const logo = await http().get('/organisations/welzijn-amsterdam/logo').expect(200);
    expect(logo.headers['content-type']).toBe('image/svg+xml');
    const css = await http().get('/organisations/welzijn-amsterdam/look.css').expect(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.headers['x-content-type-options']).toBe('nosniff');
    expect(css.text).toBe(':root { --org-accent: #b3261e; }\n');
    expect((await http().get('/organisations/atlantis/look.css')).status).toBe(404);

    // The JSON API says the same.
    const api = await http().get('/api/v1/case').set('Authorization', `Bearer ${token}`).expect(200);
    expect(api.body.organisation).toEqual({
      name: 'Welzijn Amsterdam',
      logoUrl: '/organisations/welzijn-amsterdam/logo',
    });
  });

  it('without a postcode: the platform’s national team; without a logo or accent: the name only', async () => {
    await t.db.ds.query(
      `UPDATE organisation SET logo = NULL, logo_type = NULL, accent_colour = NULL WHERE code = 'landelijk'`,
    );
    const agent = request.agent(t.app.getHttpServer());
    const { token } = await askByForm(agent, {
      nickname: 'Mus',
      postcodeWithheld: 'on',
      text: 'Ik wil liever niet zeggen waar ik woon, maar heb een vraag.',
    });
    const page = await openCase(agent, token);
    expect(page.text).toContain('<strong id="org-name">Landelijk team</strong>');
    expect(page.text).not.toContain('id="org-logo"');
    expect(page.text).not.toContain('look.css');
    // An accent set later shows as the bar's colour (a stylesheet: the pages allow no inline style).
    await t.db.ds.query(`UPDATE organisation SET accent_colour = '#0b6e4f' WHERE code = 'landelijk'`);
    expect((await agent.get('/c').expect(200)).text).toContain('/organisations/landelijk/look.css');
    expect(page.headers['content-security-policy']).toContain("style-src 'self'");
  });

  it('staff pages show the user’s organisation beside their name; the platform admin’s says platform', async () => {
    for (const [email, name] of [
      ['worker@luister.example', 'Welzijn Amsterdam'],
      ['gent@luister.example', 'CAW Oost-Vlaanderen'],
      ['orgadmin.gent@luister.example', 'CAW Oost-Vlaanderen'],
      ['admin@luister.example', 'Platform'],
    ]) {
      const page = await (await pageLogin(t, email)).get('/account');
      expect([email, /<span id="staff-organisation">([^<]*)<\/span>/.exec(page.text)?.[1]]).toEqual([email, name]);
    }
    const me = await http()
      .get('/api/v1/auth/me')
      .set(await apiLogin(t, 'gent@luister.example'));
    expect(JSON.stringify(me.body)).toContain('CAW Oost-Vlaanderen');
  });
});
