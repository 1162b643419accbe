import request from 'supertest';
import { csrfFrom, startTestApp, TestApp } from '../support/app';
import { apiLogin, csrfOf, pageLogin } from '../staff/staff-login';

type Auth = { Authorization: string };

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
/** PNG magic and then far too much. */
const HUGE = Buffer.concat([PNG.subarray(0, 8), Buffer.alloc(101 * 1024, 1)]);

/**
 * Issue 16 item 4: /admin/organisation, where an organisation sets its look (name, sender name,
 * accent colour, logo), and PUT /api/v1/admin/organisations/:code/logo. An org-admin runs their
 * own organisation and gets 404 for another's; the platform admin picks any.
 */
describe('an organisation’s look: the settings page and the logo API', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  let orgAdmin: Auth;

  beforeAll(async () => {
    t = await startTestApp();
    orgAdmin = await apiLogin(t, 'orgadmin.amsterdam@luister.example');
  });
  afterAll(() => t.close());

  const org = async (code: string) =>
    (
      await t.db.ds.query(
        `SELECT name, sender_name, accent_colour, logo, logo_type FROM organisation WHERE code = $1`,
        [code],
      )
    )[0];

  it('the org-admin changes name, sender name and accent of their own organisation, with CSRF', async () => {
    const agent = await pageLogin(t, 'orgadmin.amsterdam@luister.example');
    const page = await agent.get('/admin/organisation');
    expect(page.status).toBe(200);
    expect(page.text).toContain('action="/admin/organisations/welzijn-amsterdam"');
    expect(page.text).toContain('value="Welzijn Amsterdam"');
    expect(page.text).toContain('value="#b3261e"');
    // The menu leads there; the page is theirs (no list of other organisations).
    expect(page.text).toContain('href="/admin/organisation" aria-current="page"');
    expect(page.text).not.toContain('CAW Oost-Vlaanderen');

    const post = (body: Record<string, string>) =>
      agent.post('/admin/organisations/welzijn-amsterdam').type('form').send(body);
    expect((await post({ name: 'X' })).status).toBe(403);
    const bad = await post({ _csrf: csrfFrom(page.text), name: '', senderName: 'a@b', accentColour: 'rood' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="org-name-error"');
    expect(bad.text).toContain('Geef een kleur als #rrggbb');
    expect(bad.text).toContain('Geef een afzendernaam');
    expect((await org('welzijn-amsterdam')).name).toBe('Welzijn Amsterdam');

    const ok = await post({
      _csrf: await csrfOf(agent, '/admin/organisation'),
      name: 'Welzijn Amsterdam Centrum',
      senderName: 'Hulp per mail Amsterdam',
      accentColour: '#0B6E4F',
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/admin/organisations/welzijn-amsterdam?done=saved');
    expect(await org('welzijn-amsterdam')).toMatchObject({
      name: 'Welzijn Amsterdam Centrum',
      sender_name: 'Hulp per mail Amsterdam',
      accent_colour: '#0b6e4f',
    });
    const after = await agent.get(ok.headers.location);
    expect(after.text).toContain('De gegevens zijn opgeslagen.');
    expect(after.text).toContain('<rect width="96" height="24" rx="4" fill="#0b6e4f"/>');
    // The header says which organisation the user works for: the new name.
    expect(after.text).toContain('<span id="staff-organisation">Welzijn Amsterdam Centrum</span>');
    const [audit] = await t.db.ds.query(
      `SELECT data FROM audit_log WHERE action = 'organisation.change' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.data).toMatchObject({ op: 'update', organisation: 'welzijn-amsterdam' });

    // A light colour is allowed (it only colours a bar) but the page says it will hardly show.
    const light = await post({
      _csrf: await csrfOf(agent, '/admin/organisation'),
      name: 'Welzijn Amsterdam',
      senderName: '',
      accentColour: '#ffff66',
    });
    expect(light.status).toBe(303);
    expect((await agent.get(light.headers.location)).text).toContain('id="org-contrast"');
    expect((await org('welzijn-amsterdam')).sender_name).toBeNull();
  });

  it('uploads and removes the logo through the page (multipart); refuses what is no image or too big', async () => {
    const agent = await pageLogin(t, 'orgadmin.amsterdam@luister.example');
    // The token first: the agent attaches its cookies when a request is made.
    const upload = async (file: Buffer, name: string) => {
      const csrf = await csrfOf(agent, '/admin/organisation');
      return agent.post('/admin/organisations/welzijn-amsterdam/logo').field('_csrf', csrf).attach('logo', file, name);
    };
    const ok = await upload(PNG, 'logo.png');
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/admin/organisations/welzijn-amsterdam?done=logo');
    const served = await http().get('/organisations/welzijn-amsterdam/logo').expect(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(served.body as Buffer, PNG)).toBe(0);
    expect((await agent.get(ok.headers.location)).text).toContain('id="org-logo-current"');

    for (const [file, name] of [
      [Buffer.from('gewoon tekst'), 'logo.png'],
      [HUGE, 'groot.png'],
    ] as const) {
      const bad = await upload(file, name);
      expect([name, bad.status]).toEqual([name, 400]);
      expect(bad.text).toContain('hoogstens 100 kB');
    }
    const token = await csrfOf(agent, '/admin/organisation');
    const none = await agent.post('/admin/organisations/welzijn-amsterdam/logo').field('_csrf', token);
    expect(none.status).toBe(400);
    expect(none.text).toContain('Kies een bestand.');
    const noCsrf = await agent.post('/admin/organisations/welzijn-amsterdam/logo').attach('logo', PNG, 'l.png');
    expect(noCsrf.status).toBe(403);
    expect((await org('welzijn-amsterdam')).logo_type).toBe('image/png');

    const removeToken = await csrfOf(agent, '/admin/organisation');
    const removed = await agent
      .post('/admin/organisations/welzijn-amsterdam/logo')
      .field('_csrf', removeToken)
      .field('remove', '1');
    expect(removed.status).toBe(303);
    expect((await org('welzijn-amsterdam')).logo).toBeNull();
    expect((await http().get('/organisations/welzijn-amsterdam/logo')).status).toBe(404);
  });

  it("another organisation's page and forms are 404 for an org-admin; the platform admin picks any; others 403", async () => {
    const agent = await pageLogin(t, 'orgadmin.amsterdam@luister.example');
    const before = await org('caw-oost-vlaanderen');
    expect((await agent.get('/admin/organisations/caw-oost-vlaanderen')).status).toBe(404);
    expect((await agent.get('/admin/organisations/atlantis')).status).toBe(404);
    const csrf = await csrfOf(agent, '/admin/organisation');
    expect(
      (
        await agent
          .post('/admin/organisations/caw-oost-vlaanderen')
          .type('form')
          .send({ _csrf: csrf, name: 'Overgenomen' })
      ).status,
    ).toBe(404);
    const token = await csrfOf(agent, '/admin/organisation');
    const foreignLogo = await agent
      .post('/admin/organisations/caw-oost-vlaanderen/logo')
      .field('_csrf', token)
      .attach('logo', PNG, 'l.png');
    expect(foreignLogo.status).toBe(404);
    expect(await org('caw-oost-vlaanderen')).toEqual(before);

    const admin = await pageLogin(t, 'admin@luister.example');
    const list = await admin.get('/admin/organisation');
    expect(list.status).toBe(200);
    for (const code of ['welzijn-amsterdam', 'zuid-holland-utrecht', 'caw-oost-vlaanderen', 'landelijk'])
      expect(list.text).toContain(`href="/admin/organisations/${code}"`);
    const gent = await admin.get('/admin/organisations/caw-oost-vlaanderen');
    expect(gent.status).toBe(200);
    const saved = await admin
      .post('/admin/organisations/caw-oost-vlaanderen')
      .type('form')
      .send({ _csrf: csrfFrom(gent.text), name: 'CAW Oost-Vlaanderen', senderName: 'CAW', accentColour: '#6a3d9a' });
    expect(saved.status).toBe(303);
    expect((await org('caw-oost-vlaanderen')).sender_name).toBe('CAW');

    for (const email of ['worker@luister.example', 'manager@luister.example']) {
      const other = await pageLogin(t, email);
      expect([email, (await other.get('/admin/organisation')).status]).toEqual([email, 403]);
    }
  });

  it('PUT /api/v1/admin/organisations/:code/logo: multipart or base64 JSON, null or DELETE removes; checked bytes; scoped', async () => {
    const put = (code: string, auth: Auth) => http().put(`/api/v1/admin/organisations/${code}/logo`).set(auth);
    await put('welzijn-amsterdam', orgAdmin).attach('logo', PNG, 'logo.png').expect(204);
    expect((await org('welzijn-amsterdam')).logo_type).toBe('image/png');

    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>',
    );
    await put('welzijn-amsterdam', orgAdmin)
      .send({ logo: svg.toString('base64') })
      .expect(204);
    expect((await org('welzijn-amsterdam')).logo_type).toBe('image/svg+xml');
    await put('welzijn-amsterdam', orgAdmin)
      .send({ logo: `data:image/png;base64,${PNG.toString('base64')}` })
      .expect(204);
    expect(Buffer.compare((await org('welzijn-amsterdam')).logo, PNG)).toBe(0);

    for (const body of [{ logo: 'niet//base64!' }, { logo: Buffer.from('tekst').toString('base64') }, { logo: 42 }, {}])
      expect([body, (await put('welzijn-amsterdam', orgAdmin).send(body)).body]).toEqual([
        body,
        expect.objectContaining({ statusCode: 400, fields: { logo: [expect.stringContaining('100 kB')] } }),
      ]);
    const big = await put('welzijn-amsterdam', orgAdmin).attach('logo', HUGE, 'groot.png');
    expect(big.status).toBe(400);

    // Another organisation's: 404 whatever is sent; the worker: 403.
    for (const body of [{ logo: PNG.toString('base64') }, { logo: 'rommel' }])
      expect((await put('caw-oost-vlaanderen', orgAdmin).send(body)).status).toBe(404);
    expect((await http().delete('/api/v1/admin/organisations/caw-oost-vlaanderen/logo').set(orgAdmin)).status).toBe(
      404,
    );
    expect((await org('caw-oost-vlaanderen')).logo_type).toBe('image/svg+xml');
    const worker = await apiLogin(t, 'worker@luister.example');
    expect((await put('welzijn-amsterdam', worker).send({ logo: null })).status).toBe(403);
    const admin = await apiLogin(t, 'admin@luister.example');
    await put('caw-oost-vlaanderen', admin).attach('logo', PNG, 'logo.png').expect(204);

    await put('welzijn-amsterdam', orgAdmin).send({ logo: null }).expect(204);
    expect((await org('welzijn-amsterdam')).logo).toBeNull();
    await put('welzijn-amsterdam', orgAdmin).attach('logo', PNG, 'logo.png').expect(204);
    await http().delete('/api/v1/admin/organisations/welzijn-amsterdam/logo').set(orgAdmin).expect(204);
    expect((await org('welzijn-amsterdam')).logo).toBeNull();
    const changes = await t.db.ds.query(
      `SELECT data->>'op' AS op FROM audit_log WHERE action = 'organisation.change' AND data->>'organisation' = 'welzijn-amsterdam'`,
    );
    expect(changes.map((c: { op: string }) => c.op)).toEqual(expect.arrayContaining(['logo', 'logo-removed']));
  });

  it('OpenAPI describes the logo route: both ways to send it and its answers', async () => {
    const doc = (await http().get('/api/docs-json').expect(200)).body;
    const route = doc.paths['/api/v1/admin/organisations/{code}/logo'];
    expect(Object.keys(route).sort()).toEqual(['delete', 'put']);
    expect(Object.keys(route.put.requestBody.content).sort()).toEqual(['application/json', 'multipart/form-data']);
    expect(route.put.requestBody.content['multipart/form-data'].schema.properties.logo.format).toBe('binary');
    expect(Object.keys(route.put.responses).sort()).toEqual(
      expect.arrayContaining(['204', '400', '403', '404', '413']),
    );
    expect(doc.paths['/api/v1/transfers'].get.responses['200']).toBeDefined();
  });
});
