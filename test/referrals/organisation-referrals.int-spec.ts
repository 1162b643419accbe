import request from 'supertest';
import { makeCase } from '../inbox/factories';
import { apiLogin, csrfOf, pageLogin } from '../staff/staff-login';
import { startTestApp, TestApp } from '../support/app';

type Auth = { Authorization: string };
interface Ref {
  id: string;
  name: string;
  regionCode?: string;
  organisation?: string;
}

const GOOD = {
  summarise: 'Uit je mail begrijp ik dat je schulden hebt.\n\nKlopt dat?',
  explore: 'Wat heb je zelf al geprobeerd?',
  advise:
    'Je kunt beginnen met alle post open te maken.\n\nKort samengevat: post openen.\n\n{{referrals}}\n\nHeeft dit antwoord je geholpen?',
};

/**
 * Referral entries per organisation (issue 16): the platform's national and online entries for
 * everyone, each organisation's own (for one of its regions, or organisation-wide) for its staff
 * and its cases' composer only; another organisation's entry is 404 to every role that keeps them.
 */
describe('referrals: the platform’s for everyone, an organisation’s for its own', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  let admin: Auth;
  let gent: Record<'orgAdmin' | 'manager' | 'worker', Auth>;
  let ams: Record<'orgAdmin' | 'manager' | 'worker', Auth>;
  let gentLocal: Ref;
  let gentWide: Ref;
  let amsWide: Ref;

  const entry = (name: string, regionCode?: string) => ({
    name,
    kind: 'face-to-face',
    ...(regionCode ? { regionCode } : {}),
    country: regionCode === 'gent' || !regionCode ? undefined : 'NL',
    topics: ['money'],
    phone: '09-0000000',
  });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await apiLogin(t, 'admin@luister.example');
    gent = {
      orgAdmin: await apiLogin(t, 'orgadmin.gent@luister.example'),
      manager: await apiLogin(t, 'manager.gent@luister.example'),
      worker: await apiLogin(t, 'gent@luister.example'),
    };
    ams = {
      orgAdmin: await apiLogin(t, 'orgadmin.amsterdam@luister.example'),
      manager: await apiLogin(t, 'manager@luister.example'),
      worker: await apiLogin(t, 'worker@luister.example'),
    };
    gentLocal = (
      await http().post('/api/v1/referrals').set(gent.manager).send(entry('Schuldhulp Gent-Zuid', 'gent')).expect(201)
    ).body;
    gentWide = (await http().post('/api/v1/referrals').set(gent.orgAdmin).send(entry('CAW budgetlijn')).expect(201))
      .body;
    amsWide = (
      await http().post('/api/v1/referrals').set(ams.orgAdmin).send(entry('Budgetcoach Welzijn Amsterdam')).expect(201)
    ).body;
  });
  afterAll(() => t.close());

  it('gives a new entry its organisation: the region’s, or the maker’s for an organisation-wide one', async () => {
    expect(gentLocal).toMatchObject({ regionCode: 'gent', organisation: 'caw-oost-vlaanderen' });
    expect(gentWide).toMatchObject({ organisation: 'caw-oost-vlaanderen' });
    expect(gentWide.regionCode).toBeUndefined();
    expect(amsWide).toMatchObject({ organisation: 'welzijn-amsterdam' });
    // The demo's local offices belong to their region's organisation too.
    const [demo] = await t.db.ds.query(
      `SELECT o.code FROM referral f JOIN organisation o ON o.id = f.organisation_id WHERE f.seed_key = 'demo-gent-caw'`,
    );
    expect(demo.code).toBe('caw-oost-vlaanderen');
  });

  it("is 404 for the org-admin and manager of another organisation on every route, and they list only the platform's and their own", async () => {
    for (const who of [ams.orgAdmin, ams.manager]) {
      const items: Ref[] = (await http().get('/api/v1/referrals').set(who).expect(200)).body.items;
      const ids = items.map((r) => r.id);
      expect(ids).not.toContain(gentLocal.id);
      expect(ids).not.toContain(gentWide.id);
      expect(ids).toContain(amsWide.id);
      expect(items.every((r) => !r.organisation || r.organisation === 'welzijn-amsterdam')).toBe(true);
      // Asking for Gent's region does not bring Gent's entries in.
      const gentRegion: Ref[] = (await http().get('/api/v1/referrals?region=gent').set(who).expect(200)).body.items;
      expect(gentRegion.some((r) => r.organisation === 'caw-oost-vlaanderen')).toBe(false);
      for (const id of [gentLocal.id, gentWide.id]) {
        const get = await http().get(`/api/v1/referrals/${id}`).set(who).expect(404);
        expect(get.body.code).toBe('referral_not_found');
        await http().put(`/api/v1/referrals/${id}`).set(who).send(entry('Overgenomen', 'amsterdam')).expect(404);
      }
    }
    const [row] = await t.db.ds.query(`SELECT name FROM referral WHERE id = $1`, [gentLocal.id]);
    expect(row.name).toBe('Schuldhulp Gent-Zuid');
    // Nor can they put an entry in Gent's region.
    const moved = await http()
      .put(`/api/v1/referrals/${amsWide.id}`)
      .set(ams.manager)
      .send(entry('Budgetcoach', 'gent'))
      .expect(400);
    expect(Object.keys(moved.body.fields)).toEqual(['regionCode']);
    // The platform's entries are read by all, kept by the platform admin only.
    const platform: Ref = (await http().get('/api/v1/referrals').set(ams.manager).expect(200)).body.items.find(
      (r: Ref) => r.name === 'Geldfit',
    );
    await http().get(`/api/v1/referrals/${platform.id}`).set(ams.orgAdmin).expect(404);
    await http().put(`/api/v1/referrals/${platform.id}`).set(ams.orgAdmin).send(entry('Geldfit')).expect(404);
  });

  it('is 404 on the pages too; the list shows only the own organisation’s entries', async () => {
    for (const email of ['orgadmin.amsterdam@luister.example', 'manager@luister.example']) {
      const agent = await pageLogin(t, email);
      const list = await agent.get('/referrals');
      expect(list.status).toBe(200);
      expect(list.text).toContain('Budgetcoach Welzijn Amsterdam');
      expect(list.text).toContain('hele organisatie (Welzijn Amsterdam)');
      expect(list.text).not.toContain('Schuldhulp Gent-Zuid');
      expect(list.text).not.toContain('CAW budgetlijn');
      expect((await agent.get(`/referrals/${gentLocal.id}`)).status).toBe(404);
      const _csrf = await csrfOf(agent, '/referrals');
      const post = await agent
        .post(`/referrals/${gentWide.id}`)
        .type('form')
        .send({ _csrf, name: 'Overgenomen', kind: 'online', regionCode: '', topics: '', active: 'on' });
      expect(post.status).toBe(404);
    }
    const [row] = await t.db.ds.query(`SELECT name FROM referral WHERE id = $1`, [gentWide.id]);
    expect(row.name).toBe('CAW budgetlijn');
  });

  it("lets the platform admin see and keep both organisations' entries and the platform's", async () => {
    const items: Ref[] = (await http().get('/api/v1/referrals').set(admin).expect(200)).body.items;
    expect(items.map((r) => r.id)).toEqual(expect.arrayContaining([gentLocal.id, gentWide.id, amsWide.id]));
    await http().get(`/api/v1/referrals/${gentWide.id}`).set(admin).expect(200);
    const changed = await http()
      .put(`/api/v1/referrals/${gentWide.id}`)
      .set(admin)
      .send({ ...entry('CAW budgetlijn (Oost-Vlaanderen)'), country: 'BE' })
      .expect(200);
    // Without a region an entry stays its organisation's; the platform admin does not take it over.
    expect(changed.body).toMatchObject({ organisation: 'caw-oost-vlaanderen', country: 'BE' });
    const page = await (await pageLogin(t, 'admin@luister.example')).get('/referrals');
    for (const name of [
      'Schuldhulp Gent-Zuid',
      'CAW budgetlijn (Oost-Vlaanderen)',
      'Budgetcoach Welzijn Amsterdam',
      'Geldfit',
    ])
      expect(page.text).toContain(name);
  });

  it("offers a case's composer the platform's entries and its organisation's only, and refuses another organisation's on a reply", async () => {
    const amsCase = await makeCase(t.db.ds, { region: 'amsterdam', topic: 'money' });
    const gentCase = await makeCase(t.db.ds, { region: 'gent', topic: 'money' });
    const amsPage = (await (await pageLogin(t, 'worker@luister.example')).get(`/cases/${amsCase.id}/reply`)).text;
    expect(amsPage).toContain('Budgetcoach Welzijn Amsterdam');
    expect(amsPage).toContain('Geldfit');
    expect(amsPage).not.toContain('Schuldhulp Gent-Zuid');
    expect(amsPage).not.toContain('CAW budgetlijn');
    const gentPage = (await (await pageLogin(t, 'gent@luister.example')).get(`/cases/${gentCase.id}/reply`)).text;
    expect(gentPage).toContain('Schuldhulp Gent-Zuid');
    expect(gentPage).toContain('CAW budgetlijn');
    expect(gentPage).not.toContain('Budgetcoach Welzijn Amsterdam');

    const refused = await http()
      .post(`/api/v1/cases/${amsCase.id}/replies`)
      .set(ams.worker)
      .send({ sections: GOOD, referralIds: [gentLocal.id], send: false })
      .expect(400);
    expect(refused.body.fields).toEqual({ referralIds: [expect.stringContaining('organisatie')] });
    const preview = await http()
      .post(`/api/v1/cases/${amsCase.id}/replies/preview`)
      .set(ams.worker)
      .send({ sections: GOOD, referralIds: [gentWide.id] })
      .expect(400);
    expect(Object.keys(preview.body.fields)).toEqual(['referralIds']);
    const ok = await http()
      .post(`/api/v1/cases/${amsCase.id}/replies`)
      .set(ams.worker)
      .send({ sections: GOOD, referralIds: [amsWide.id], send: false })
      .expect(201);
    expect(ok.body.status).toBe('draft');
    await http()
      .post(`/api/v1/cases/${gentCase.id}/replies`)
      .set(gent.worker)
      .send({ sections: GOOD, referralIds: [gentLocal.id, gentWide.id], send: false })
      .expect(201);
  });
});
