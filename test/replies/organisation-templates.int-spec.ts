import request from 'supertest';
import { makeCase } from '../inbox/factories';
import { apiLogin, csrfOf, pageLogin } from '../staff/staff-login';
import { csrfFrom, startTestApp, TestApp } from '../support/app';

type Auth = { Authorization: string };
interface Tpl {
  id: string;
  code: string;
  name: string;
  organisation: string | null;
}

const SECTIONS = {
  opening: 'Beste {{nickname}},',
  summarise: 'Uit je mail begrijp ik dat je vragen hebt over geld.',
  explore: 'Wat heb je al geprobeerd?',
  advise: 'Het CAW in Gent helpt je verder.',
  closing: 'Groet,\n{{workerName}}',
};

/**
 * Reply templates per organisation (issue 16): the platform's defaults for everyone, each
 * organisation's own beside them (replacing the platform's of the same code for its cases), and
 * another organisation's template not found on every route, for every role that keeps templates.
 */
describe("reply templates: each organisation its own on top of the platform's", () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  let admin: Auth;
  let gentAdmin: Auth;
  let amsterdam: Record<'orgAdmin' | 'manager', Auth>;
  let platformMoney: Tpl;
  let gentMoney: Tpl;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await apiLogin(t, 'admin@luister.example');
    gentAdmin = await apiLogin(t, 'orgadmin.gent@luister.example');
    amsterdam = {
      orgAdmin: await apiLogin(t, 'orgadmin.amsterdam@luister.example'),
      manager: await apiLogin(t, 'manager@luister.example'),
    };
    const all: Tpl[] = (await http().get('/api/v1/reply-templates?language=nl').set(admin).expect(200)).body.items;
    platformMoney = all.find((x) => x.code === 'money' && x.organisation === null)!;
    // CAW Oost-Vlaanderen adapts the platform's money template: from then on its cases get theirs.
    const copy = await http().post(`/api/v1/reply-templates/${platformMoney.id}/copy`).set(gentAdmin).expect(201);
    expect(copy.body).toMatchObject({ code: 'money', language: 'nl', organisation: 'caw-oost-vlaanderen', version: 1 });
    gentMoney = (
      await http()
        .put(`/api/v1/reply-templates/${copy.body.id}`)
        .set(gentAdmin)
        .send({ sections: SECTIONS })
        .expect(200)
    ).body;
    await http()
      .put(`/api/v1/reply-templates/${gentMoney.id}`)
      .set(gentAdmin)
      .send({ sections: { ...SECTIONS, explore: 'Wie helpt je al?' } })
      .expect(200);
  });
  afterAll(() => t.close());

  it('is 404 on every API route for an org-admin and a manager of another organisation; nothing of it changes', async () => {
    for (const [role, who] of Object.entries(amsterdam)) {
      const list: Tpl[] = (await http().get('/api/v1/reply-templates').set(who).expect(200)).body.items;
      expect(list.map((x) => x.id)).not.toContain(gentMoney.id);
      expect(list.every((x) => x.organisation === null || x.organisation === 'welzijn-amsterdam')).toBe(true);
      for (const res of [
        await http().get(`/api/v1/reply-templates/${gentMoney.id}`).set(who),
        await http().get(`/api/v1/reply-templates/${gentMoney.id}/versions`).set(who),
        await http()
          .put(`/api/v1/reply-templates/${gentMoney.id}`)
          .set(who)
          .send({ sections: { ...SECTIONS, opening: `Overgenomen door ${role}` } }),
        await http().post(`/api/v1/reply-templates/${gentMoney.id}/copy`).set(who),
      ]) {
        expect([res.status, res.body.code]).toEqual([404, 'template_not_found']);
      }
    }
    const [row] = await t.db.ds.query(`SELECT current_version FROM reply_template WHERE id = $1`, [gentMoney.id]);
    expect(row.current_version).toBe(3);
  });

  it('is 404 on the pages too, and the list shows only the platform and the own organisation', async () => {
    for (const email of ['orgadmin.amsterdam@luister.example', 'manager@luister.example']) {
      const agent = await pageLogin(t, email);
      const list = await agent.get('/reply-templates');
      expect(list.status).toBe(200);
      expect(list.text).not.toContain(gentMoney.id);
      expect(list.text).not.toContain('CAW Oost-Vlaanderen');
      expect(list.text).toContain(`href="/reply-templates/${platformMoney.id}"`);
      expect((await agent.get(`/reply-templates/${gentMoney.id}`)).status).toBe(404);
      const _csrf = await csrfOf(agent, '/reply-templates');
      const post = await agent
        .post(`/reply-templates/${gentMoney.id}`)
        .type('form')
        .send({ _csrf, opening: 'x', summarise: 's', explore: 'e', advise: 'a', closing: '' });
      expect(post.status).toBe(404);
      expect((await agent.post(`/reply-templates/${gentMoney.id}/copy`).type('form').send({ _csrf })).status).toBe(404);
    }
  });

  it('lets the platform admin see and change both the platform’s and every organisation’s templates', async () => {
    const all: Tpl[] = (await http().get('/api/v1/reply-templates?language=nl&topic=money').set(admin).expect(200)).body
      .items;
    expect(all.map((x) => x.id)).toEqual(expect.arrayContaining([platformMoney.id, gentMoney.id]));
    await http().get(`/api/v1/reply-templates/${gentMoney.id}`).set(admin).expect(200);
    const versions = await http().get(`/api/v1/reply-templates/${gentMoney.id}/versions`).set(admin).expect(200);
    expect(versions.body.items.map((v: { createdBy: string }) => v.createdBy)).toEqual([
      'Olivier Gent',
      'Olivier Gent',
      'Olivier Gent',
    ]);
    const page = await (await pageLogin(t, 'admin@luister.example')).get('/reply-templates');
    expect(page.text).toContain(`href="/reply-templates/${gentMoney.id}"`);
    expect(page.text).toContain('CAW Oost-Vlaanderen');
    // An organisation's org-admin reads the platform's templates but leaves them to the platform admin.
    const refused = await http()
      .put(`/api/v1/reply-templates/${platformMoney.id}`)
      .set(gentAdmin)
      .send({ sections: SECTIONS })
      .expect(403);
    expect(refused.body.code).toBe('template_platform');
  });

  it("offers a case's composer the platform's templates and its organisation's, the organisation's replacing the platform's", async () => {
    const gentWorker = await apiLogin(t, 'gent@luister.example');
    const worker = await apiLogin(t, 'worker@luister.example');
    const gentList: Tpl[] = (
      await http().get('/api/v1/reply-templates?language=nl&topic=money').set(gentWorker).expect(200)
    ).body.items;
    expect(gentList.map((x) => [x.code, x.organisation])).toEqual([
      ['money', 'caw-oost-vlaanderen'],
      ['general', null],
    ]);
    const amsList: Tpl[] = (await http().get('/api/v1/reply-templates?language=nl&topic=money').set(worker).expect(200))
      .body.items;
    expect(amsList.map((x) => x.id)).toEqual([platformMoney.id, expect.any(String)]);

    const gentCase = await makeCase(t.db.ds, { region: 'gent', topic: 'money' });
    const gentPage = await (await pageLogin(t, 'gent@luister.example')).get(`/cases/${gentCase.id}/reply`);
    expect(gentPage.status).toBe(200);
    expect(gentPage.text).toContain(`<option value="${gentMoney.id}" selected>`);
    expect(gentPage.text).not.toContain(`value="${platformMoney.id}"`);
    expect(gentPage.text).toContain('Wie helpt je al?');

    const amsCase = await makeCase(t.db.ds, { region: 'amsterdam', topic: 'money' });
    const amsAgent = await pageLogin(t, 'worker@luister.example');
    const amsPage = await amsAgent.get(`/cases/${amsCase.id}/reply`);
    expect(amsPage.text).toContain(`<option value="${platformMoney.id}" selected>`);
    expect(amsPage.text).not.toContain(gentMoney.id);
    expect(amsPage.text).not.toContain('Wie helpt je al?');
    // Asking for the other organisation's template by its id does not bring it in either.
    expect((await amsAgent.get(`/cases/${amsCase.id}/reply?template=${gentMoney.id}`)).status).toBe(404);
    const reply = await http()
      .post(`/api/v1/cases/${amsCase.id}/replies`)
      .set(worker)
      .send({ templateId: gentMoney.id, sections: SECTIONS, send: false })
      .expect(404);
    expect(reply.body.code).toBe('template_not_found');
    // With the case's own organisation's template, the reply remembers which version it started from.
    const ok = await http()
      .post(`/api/v1/cases/${gentCase.id}/replies`)
      .set(gentWorker)
      .send({ templateId: gentMoney.id, sections: SECTIONS, send: false })
      .expect(201);
    const [r] = await t.db.ds.query(`SELECT template_id, template_version FROM reply WHERE id = $1`, [ok.body.id]);
    expect(r).toEqual({ template_id: gentMoney.id, template_version: 3 });
  });

  it('lets a manager add a new template for their organisation only; the platform admin names the organisation or none', async () => {
    const created = await http()
      .post('/api/v1/reply-templates')
      .set(amsterdam.manager)
      .send({ code: 'wijkteam', language: 'nl', name: 'Wijkteam', topic: 'housing', sections: SECTIONS })
      .expect(201);
    expect(created.body).toMatchObject({ code: 'wijkteam', organisation: 'welzijn-amsterdam', topic: 'housing' });
    const taken = await http()
      .post('/api/v1/reply-templates')
      .set(amsterdam.orgAdmin)
      .send({ code: 'wijkteam', language: 'nl', name: 'Nog een', sections: SECTIONS })
      .expect(400);
    expect(Object.keys(taken.body.fields)).toEqual(['code']);
    // The same code in another organisation is that organisation's own business.
    await http()
      .post('/api/v1/reply-templates')
      .set(gentAdmin)
      .send({ code: 'wijkteam', language: 'nl', name: 'Wijkteam Gent', sections: SECTIONS })
      .expect(201);
    const elsewhere = await http()
      .post('/api/v1/reply-templates')
      .set(amsterdam.manager)
      .send({ code: 'ander', language: 'nl', name: 'X', sections: SECTIONS, organisation: 'caw-oost-vlaanderen' })
      .expect(400);
    expect(Object.keys(elsewhere.body.fields)).toEqual(['organisation']);
    const bad = await http()
      .post('/api/v1/reply-templates')
      .set(amsterdam.manager)
      .send({ code: 'Bad Code', language: 'fr', name: 'X', sections: SECTIONS })
      .expect(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['code', 'language']);
    const topic = await http()
      .post('/api/v1/reply-templates')
      .set(amsterdam.manager)
      .send({ code: 'onderwerp', language: 'nl', name: 'X', topic: 'nope', sections: SECTIONS })
      .expect(400);
    expect(Object.keys(topic.body.fields)).toEqual(['topic']);
    const worker = await apiLogin(t, 'worker@luister.example');
    await http()
      .post('/api/v1/reply-templates')
      .set(worker)
      .send({ code: 'mijn', language: 'nl', name: 'X', sections: SECTIONS })
      .expect(403);

    const forGent = await http()
      .post('/api/v1/reply-templates')
      .set(admin)
      .send({
        code: 'crisis-gent',
        language: 'nl',
        name: 'Crisis Gent',
        sections: SECTIONS,
        organisation: 'caw-oost-vlaanderen',
      })
      .expect(201);
    expect(forGent.body.organisation).toBe('caw-oost-vlaanderen');
    await http().get(`/api/v1/reply-templates/${forGent.body.id}`).set(amsterdam.orgAdmin).expect(404);
    const platform = await http()
      .post('/api/v1/reply-templates')
      .set(admin)
      .send({ code: 'studie', language: 'en', name: 'Study', sections: SECTIONS })
      .expect(201);
    expect(platform.body.organisation).toBeNull();
    await http().get(`/api/v1/reply-templates/${platform.body.id}`).set(amsterdam.orgAdmin).expect(200);
    // A second copy of the same platform template into one organisation is a conflict.
    await http().post(`/api/v1/reply-templates/${platformMoney.id}/copy`).set(amsterdam.manager).expect(201);
    const twice = await http()
      .post(`/api/v1/reply-templates/${platformMoney.id}/copy`)
      .set(amsterdam.orgAdmin)
      .expect(409);
    expect(twice.body.code).toBe('template_exists');
    // The platform admin copies into an organisation they name.
    const noOrg = await http().post(`/api/v1/reply-templates/${platformMoney.id}/copy`).set(admin).expect(400);
    expect(Object.keys(noOrg.body.fields)).toEqual(['organisation']);
    await http()
      .post(`/api/v1/reply-templates/${platformMoney.id}/copy`)
      .set(admin)
      .send({ organisation: 'zuid-holland-utrecht' })
      .expect(201);
  });

  it('adds a template from the page: a new one for the organisation, then its page to write it', async () => {
    const agent = await pageLogin(t, 'orgadmin.amsterdam@luister.example');
    const list = await agent.get('/reply-templates');
    const bad = await agent
      .post('/reply-templates')
      .type('form')
      .send({ _csrf: csrfFrom(list.text), name: 'Schulden lokaal', code: 'x', language: 'nl', topic: 'money' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<a href="#new-code">Code</a>');
    expect(bad.text).toContain('value="Schulden lokaal"');
    const created = await agent
      .post('/reply-templates')
      .type('form')
      .send({
        _csrf: csrfFrom(list.text),
        name: 'Schulden lokaal',
        code: 'schulden-lokaal',
        language: 'nl',
        topic: 'money',
      });
    expect(created.status).toBe(303);
    const page = await agent.get(created.headers.location);
    expect(page.text).toContain('Sjabloon gemaakt');
    expect(page.text).toContain('Welzijn Amsterdam');
    expect(page.text).toContain('id="save-template"');
    const expired = await agent
      .post('/reply-templates')
      .type('form')
      .send({ _csrf: 'nope', name: 'X', code: 'xx', language: 'nl' });
    expect(expired.status).toBe(403);
  });
});
