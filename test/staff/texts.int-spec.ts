import request from 'supertest';
import { csrfFrom, startTestApp, TestApp } from '../support/app';
import { makeCase } from '../inbox/factories';
import { apiLogin, pageLogin } from './staff-login';

const SECTIONS = {
  opening: 'Beste {{nickname}},',
  summarise: 'Uit je mail begrijp ik dat:\n- je schulden hebt bij drie bedrijven\n\nKlopt dat?',
  explore: 'Wat heb je zelf al geprobeerd? Wie in je omgeving steunt je?',
  advise:
    'Je kunt beginnen met alle post open te maken en op een rij te zetten.\n\nKort samengevat: post openen.\n\nHeeft dit antwoord je geholpen?',
  closing: '{{signature}}',
};

/** Signatures per language ({{signature}} filled at send and in the preview) and personal snippets. */
describe('signature and snippets', () => {
  let t: TestApp;
  let worker: { Authorization: string };
  let supervisor: { Authorization: string };
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await startTestApp();
    worker = await apiLogin(t, 'worker@luister.example');
    supervisor = await apiLogin(t, 'supervisor@luister.example');
  });
  afterAll(() => t.close());

  it('PUT /api/v1/me/signature sets one language; bad input is 400 with fields', async () => {
    const res = await http()
      .put('/api/v1/me/signature')
      .set(worker)
      .send({ language: 'nl', text: 'Hartelijke groet,\nWim – maatschappelijk werker' });
    expect(res.status).toBe(200);
    await http()
      .put('/api/v1/me/signature')
      .set(worker)
      .send({ language: 'en', text: 'Kind regards,\nWim' })
      .expect(200);
    expect((await http().get('/api/v1/me/signature').set(worker)).body).toEqual({
      nl: 'Hartelijke groet,\nWim – maatschappelijk werker',
      en: 'Kind regards,\nWim',
    });
    const bad = await http()
      .put('/api/v1/me/signature')
      .set(worker)
      .send({ language: 'de', text: 'x'.repeat(2001) });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['language', 'text']);
    // Someone else's signature is their own.
    expect((await http().get('/api/v1/me/signature').set(supervisor)).body).toEqual({ nl: '', en: '' });
    expect((await http().put('/api/v1/me/signature').send({ language: 'nl', text: 'x' })).status).toBe(401);
  });

  it('{{signature}} is filled at send in the help-seeker’s language, and in the preview; else the name', async () => {
    const nl = await makeCase(t.db.ds, { region: 'amsterdam', nickname: 'Zon' });
    const preview = await http()
      .post(`/api/v1/cases/${nl.id}/replies/preview`)
      .set(worker)
      .send({ sections: SECTIONS });
    expect(preview.status).toBe(200);
    expect(preview.body.text).toMatch(/Hartelijke groet,\nWim – maatschappelijk werker$/);
    const sent = await http()
      .post(`/api/v1/cases/${nl.id}/replies`)
      .set(worker)
      .send({ sections: SECTIONS, send: true });
    expect([sent.status, sent.body.fields]).toEqual([201, undefined]);
    const [m] = await t.db.ds.query(`SELECT body_text FROM message WHERE case_id = $1 AND direction = 'out'`, [nl.id]);
    expect(m.body_text).toMatch(/Beste Zon,[\s\S]*Hartelijke groet,\nWim – maatschappelijk werker$/);
    expect(m.body_text).not.toContain('{{signature}}');

    const en = await makeCase(t.db.ds, { region: 'amsterdam', nickname: 'Sun' });
    await t.db.ds.query(
      `UPDATE help_seeker SET language = 'en' WHERE id = (SELECT help_seeker_id FROM cases WHERE id = $1)`,
      [en.id],
    );
    const enPreview = await http()
      .post(`/api/v1/cases/${en.id}/replies/preview`)
      .set(worker)
      .send({ sections: SECTIONS });
    expect(enPreview.body.text).toMatch(/Kind regards,\nWim$/);
    // Without a signature: the author's name, never a gap or the raw variable.
    const other = await makeCase(t.db.ds, { region: 'amsterdam' });
    const noSig = await http()
      .post(`/api/v1/cases/${other.id}/replies/preview`)
      .set(supervisor)
      .send({ sections: SECTIONS });
    expect(noSig.body.text).toMatch(/Sam Supervisor$/);
    expect(noSig.body.problems).toEqual([]);
  });

  it('snippets: a worker saves, lists and deletes their own; another’s are 404', async () => {
    const created = await http()
      .post('/api/v1/me/snippets')
      .set(worker)
      .send({ title: 'Schuldhulp', text: 'Je kunt gratis terecht bij de schuldhulpverlening van je gemeente.' });
    expect(created.status).toBe(201);
    expect((await http().get('/api/v1/me/snippets').set(worker)).body.items).toEqual([
      {
        id: created.body.id,
        title: 'Schuldhulp',
        text: 'Je kunt gratis terecht bij de schuldhulpverlening van je gemeente.',
      },
    ]);
    expect((await http().get('/api/v1/me/snippets').set(supervisor)).body.items).toEqual([]);
    expect((await http().delete(`/api/v1/me/snippets/${created.body.id}`).set(supervisor)).status).toBe(404);
    const bad = await http().post('/api/v1/me/snippets').set(worker).send({ title: '', text: '' });
    expect(Object.keys(bad.body.fields).sort()).toEqual(['text', 'title']);
    const temp = await http().post('/api/v1/me/snippets').set(worker).send({ title: 'Weg', text: 'Tijdelijk' });
    await http().delete(`/api/v1/me/snippets/${temp.body.id}`).set(worker).expect(204);
    expect((await http().get('/api/v1/me/snippets').set(worker)).body.items).toHaveLength(1);
  });

  it('the composer inserts a snippet into any section without JavaScript, and previews the signature', async () => {
    const c = await makeCase(t.db.ds, { region: 'amsterdam', nickname: 'Zon' });
    const [snippet] = (await http().get('/api/v1/me/snippets').set(worker)).body.items;
    const agent = await pageLogin(t, 'worker@luister.example');
    const page = await agent.get(`/cases/${c.id}/reply`);
    expect(page.text).toContain('id="insert-snippet"');
    expect(page.text).toContain(`<option value="${snippet.id}"`);
    const csrf = csrfFrom(page.text);
    const inserted = await agent
      .post(`/cases/${c.id}/reply/compose`)
      .type('form')
      .send({
        _csrf: csrf,
        ...SECTIONS,
        explore: 'Wat wil je zelf?',
        snippetId: snippet.id,
        snippetSection: 'explore',
        action: 'snippet',
      });
    expect(inserted.status).toBe(200);
    expect(inserted.text).toContain(
      'Wat wil je zelf?\n\nJe kunt gratis terecht bij de schuldhulpverlening van je gemeente.</textarea>',
    );
    // Someone else's snippet is not found.
    const supervisorAgent = await pageLogin(t, 'supervisor@luister.example');
    const theirs = await supervisorAgent.get(`/cases/${c.id}/reply`);
    const stolen = await supervisorAgent
      .post(`/cases/${c.id}/reply/compose`)
      .type('form')
      .send({
        _csrf: csrfFrom(theirs.text),
        ...SECTIONS,
        snippetId: snippet.id,
        snippetSection: 'advise',
        action: 'snippet',
      });
    expect(stolen.status).toBe(404);
    const preview = await agent
      .post(`/cases/${c.id}/reply/compose`)
      .type('form')
      .send({ _csrf: csrf, ...SECTIONS, action: 'preview' });
    expect(preview.text).toMatch(/id="preview-text">[\s\S]*Hartelijke groet,\nWim – maatschappelijk werker<\/div>/);
  });

  it('the /me/texts page edits the signatures and snippets', async () => {
    const agent = await pageLogin(t, 'supervisor@luister.example');
    const page = await agent.get('/me/texts');
    expect(page.status).toBe(200);
    const saved = await agent
      .post('/me/texts/signature')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), signatureNl: 'Groet, Sam', signatureEn: '' });
    expect(saved.status).toBe(303);
    const after = await agent.get(saved.headers.location);
    expect(after.text).toContain('Handtekening opgeslagen.');
    expect(after.text).toContain('>Groet, Sam</textarea>');
    const snip = await agent
      .post('/me/texts/snippets')
      .type('form')
      .send({ _csrf: csrfFrom(after.text), title: 'Welkom', text: 'Fijn dat je ons schrijft.' });
    expect(snip.status).toBe(303);
    expect((await agent.get('/me/texts')).text).toContain('Fijn dat je ons schrijft.');
    const bad = await agent
      .post('/me/texts/snippets')
      .type('form')
      .send({ _csrf: csrfFrom(after.text), title: '', text: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('title-error');
  });
});
