import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { apiLogin } from '../staff/staff-login';

describe('referral directory', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  let worker: { Authorization: string };

  beforeAll(async () => {
    t = await startTestApp();
    worker = await apiLogin(t, 'worker@luister.example');
  });
  afterAll(() => t.close());

  it('needs a staff login', async () => {
    await http().get('/api/v1/referrals').expect(401);
  });

  it("lists a region's local offices first, beside the national online help of its country, for the topic", async () => {
    const res = await http().get('/api/v1/referrals?region=amsterdam&topic=money').set(worker).expect(200);
    const names = res.body.items.map((r: { name: string }) => r.name);
    expect(names.slice(0, 2).sort()).toEqual([
      'Buurtteam Amsterdam (demo)',
      'Schuldhulpverlening gemeente Amsterdam (demo)',
    ]);
    expect(names).toEqual(expect.arrayContaining(['Geldfit', 'Nibud', 'Het Juridisch Loket']));
    expect(names).not.toContain('Woonloket Amsterdam (demo)');
    expect(names).not.toContain('Buurtteam Rotterdam (demo)');
    expect(names).not.toContain('CAW (Centrum Algemeen Welzijnswerk)');
    const geldfit = res.body.items.find((r: { name: string }) => r.name === 'Geldfit');
    expect(geldfit).toEqual({
      id: expect.any(String),
      name: 'Geldfit',
      kind: 'online',
      country: 'NL',
      topics: ['money'],
      url: 'https://www.geldfit.nl',
      description: expect.any(String),
      crisis: false,
    });
    const local = res.body.items.find((r: { name: string }) => r.name.startsWith('Schuldhulp'));
    expect(local).toMatchObject({ kind: 'face-to-face', regionCode: 'amsterdam', topics: ['money'] });
  });

  it('gives Flemish crisis lines for Gent and Dutch ones for Amsterdam', async () => {
    const gentWorker = await apiLogin(t, 'gent@luister.example');
    const gent = (await http().get('/api/v1/referrals?region=gent&topic=suicidal-thoughts').set(gentWorker).expect(200))
      .body.items;
    expect(gent[0]).toMatchObject({ kind: 'social-work', regionCode: 'gent' });
    expect(gent.find((r: { name: string }) => r.name === 'Zelfmoordlijn 1813')).toMatchObject({
      phone: '1813',
      crisis: true,
      kind: 'online',
    });
    expect(gent.map((r: { name: string }) => r.name)).not.toContain('113 Zelfmoordpreventie');
    // Gent's own office is CAW Oost-Vlaanderen's: not listed for a worker of another organisation.
    const fromAmsterdam = (
      await http().get('/api/v1/referrals?region=gent&topic=suicidal-thoughts').set(worker).expect(200)
    ).body.items;
    expect(fromAmsterdam.map((r: { name: string }) => r.name)).toContain('Zelfmoordlijn 1813');
    expect(fromAmsterdam.some((r: { regionCode?: string }) => r.regionCode === 'gent')).toBe(false);
    const ams = (await http().get('/api/v1/referrals?region=amsterdam&topic=suicidal-thoughts').set(worker).expect(200))
      .body.items;
    expect(ams.find((r: { name: string }) => r.name === '113 Zelfmoordpreventie')).toMatchObject({
      phone: '0800-0113',
      crisis: true,
    });
    expect(ams.map((r: { name: string }) => r.name)).not.toContain('Zelfmoordlijn 1813');
    const all = (await http().get('/api/v1/referrals').set(worker).expect(200)).body.items.map(
      (r: { name: string }) => r.name,
    );
    expect(all).toEqual(
      expect.arrayContaining(['Awel', 'Tele-Onthaal', 'De Kindertelefoon', 'Sensoor', 'MIND Korrelatie']),
    );
  });

  it("lets managers maintain their organisation's entries only; workers cannot", async () => {
    const manager = await apiLogin(t, 'manager@luister.example');
    const entry = {
      name: 'Voedselbank Amsterdam',
      kind: 'face-to-face',
      regionCode: 'amsterdam',
      country: 'NL',
      topics: ['money'],
      phone: '020-1234567',
      openingHours: 'za 10:00–12:00',
    };
    await http().post('/api/v1/referrals').set(worker).send(entry).expect(403);
    const created = await http().post('/api/v1/referrals').set(manager).send(entry).expect(201);
    expect(created.body).toMatchObject({ ...entry, crisis: false, organisation: 'welzijn-amsterdam' });
    // Another organisation's region (Utrecht is Zuid-Holland en Utrecht's) is refused, in words.
    for (const regionCode of ['gent', 'utrecht']) {
      const other = await http()
        .post('/api/v1/referrals')
        .set(manager)
        .send({ ...entry, regionCode })
        .expect(400);
      expect(other.body.fields.regionCode).toEqual([expect.stringContaining('organisatie')]);
    }
    // No region: organisation-wide, the manager's organisation's (national entries are the platform's).
    const wide = await http()
      .post('/api/v1/referrals')
      .set(manager)
      .send({ ...entry, name: 'Wijkteams Welzijn Amsterdam', regionCode: undefined })
      .expect(201);
    expect(wide.body).toMatchObject({ organisation: 'welzijn-amsterdam' });
    expect(wide.body.regionCode).toBeUndefined();
    const bad = await http()
      .post('/api/v1/referrals')
      .set(manager)
      .send({ ...entry, kind: 'magic', url: 'javascript:alert(1)' })
      .expect(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['kind', 'url']);
    await http()
      .put(`/api/v1/referrals/${created.body.id}`)
      .set(manager)
      .send({ ...entry, active: false })
      .expect(200);
    const list = (await http().get('/api/v1/referrals?region=amsterdam').set(worker).expect(200)).body.items.map(
      (r: { name: string }) => r.name,
    );
    expect(list).not.toContain('Voedselbank Amsterdam');
    expect(list).toContain('Wijkteams Welzijn Amsterdam');
    const admin = await apiLogin(t, 'admin@luister.example');
    const national = await http()
      .post('/api/v1/referrals')
      .set(admin)
      .send({ ...entry, name: 'Landelijke lijn', regionCode: undefined, kind: 'online' })
      .expect(201);
    expect(national.body.organisation).toBeUndefined();
    // The platform's entries are the platform admin's to change, not a manager's.
    await http()
      .put(`/api/v1/referrals/${national.body.id}`)
      .set(manager)
      .send({ ...entry, name: 'Overgenomen', regionCode: undefined })
      .expect(404);
  });

  it('describes the directory, template and reply routes in the OpenAPI document', async () => {
    const doc = (await http().get('/api/docs-json').expect(200)).body;
    for (const p of [
      '/api/v1/referrals',
      '/api/v1/referrals/{id}',
      '/api/v1/cases/{id}/replies',
      '/api/v1/cases/{id}/replies/preview',
      '/api/v1/replies/{id}/approve',
      '/api/v1/replies/{id}/return',
      '/api/v1/reply-templates',
      '/api/v1/reply-templates/{id}',
      '/api/v1/reply-checklist-rules',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });
});
