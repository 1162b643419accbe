import request from 'supertest';
import { snippetHtml } from '../../src/search/search-query';
import { startTestApp, TestApp } from '../support/app';
import { apiLogin, pageLogin } from '../staff/staff-login';

/** Staff search: scope, erased cases, accents, stemming, snippets, filters, paging, audit. */
describe('GET /api/v1/search', () => {
  let t: TestApp;
  let worker: { Authorization: string };
  let gent: { Authorization: string };
  let admin: { Authorization: string };
  const http = () => request(t.app.getHttpServer());
  const ask = async (text: string, postcode = '1012 AB', extra: Record<string, unknown> = {}) => {
    const res = await http()
      .post('/api/v1/questions')
      .send({ nickname: 'Merel', text, postcode, ...extra });
    expect(res.status).toBe(201);
    const [c] = await t.db.ds.query(`SELECT id FROM cases WHERE case_ref = $1`, [res.body.caseRef]);
    return { id: c.id as string, caseRef: res.body.caseRef as string };
  };
  const search = (auth: { Authorization: string }, q: Record<string, string>) =>
    http().get('/api/v1/search').query(q).set(auth);
  const ids = (res: request.Response) => res.body.items.map((i: { caseId: string }) => i.caseId);

  let eviction: { id: string; caseRef: string };
  let cafe: { id: string; caseRef: string };
  let english: { id: string; caseRef: string };
  let inGent: { id: string; caseRef: string };

  beforeAll(async () => {
    t = await startTestApp();
    worker = await apiLogin(t, 'worker@luister.example');
    gent = await apiLogin(t, 'gent@luister.example');
    admin = await apiLogin(t, 'admin@luister.example');
    eviction = await ask('Mijn moeder kreeg een brief van de woningcorporatie over een ontruiming van haar huis.');
    cafe = await ask('Ik werk ’s avonds in een café en ben bang voor mijn baas, het is een crèche-achtig gedoe.');
    english = await ask('We received an eviction letter and my children are scared.', '1013 CD', { language: 'en' });
    inGent = await ask('Ook in Gent kreeg een moeder een brief over ontruiming.', '9000', { country: 'BE' });
  });
  afterAll(() => t.close());

  it('finds a phrase from a message in the caller’s region, with an escaped, highlighted snippet', async () => {
    const res = await search(worker, { q: 'brief ontruiming' });
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual([eviction.id]);
    const hit = res.body.items[0];
    expect(hit).toMatchObject({ caseRef: eviction.caseRef, regionCode: 'amsterdam', status: 'new' });
    expect(typeof hit.score).toBe('number');
    expect(hit.snippet).toContain('<mark>brief</mark>');
    expect(hit.snippet).toContain('<mark>ontruiming</mark>');
    expect(res.body.next).toBeNull();
  });

  it('a worker of another region finds nothing of it; an admin finds both regions', async () => {
    expect(ids(await search(gent, { q: 'brief ontruiming' }))).toEqual([inGent.id]);
    expect(ids(await search(gent, { q: eviction.caseRef }))).toEqual([]);
    const all = ids(await search(admin, { q: 'brief ontruiming' }));
    expect(all.sort()).toEqual([eviction.id, inGent.id].sort());
  });

  it('ignores accents both ways and stems Dutch and English', async () => {
    expect(ids(await search(worker, { q: 'cafe' }))).toEqual([cafe.id]);
    expect(ids(await search(worker, { q: 'CRÈCHE' }))).toEqual([cafe.id]);
    // Dutch stemming: "ontruimingen" finds "ontruiming", "brieven"? no: different stem; "woningcorporaties" does.
    expect(ids(await search(worker, { q: 'woningcorporaties' }))).toEqual([eviction.id]);
    // English stemming: "evictions" and "letters" find "eviction letter".
    expect(ids(await search(worker, { q: 'evictions letters' }))).toEqual([english.id]);
    expect(ids(await search(worker, { q: 'scaring children' }))).toEqual([english.id]);
  });

  it('finds by case reference, tags and notes, and ranks the reference first', async () => {
    const byRef = await search(worker, { q: eviction.caseRef.toLowerCase() });
    expect(ids(byRef)[0]).toBe(eviction.id);
    expect(byRef.body.items[0].score).toBe(2);
    await http()
      .post(`/api/v1/cases/${cafe.id}/tags`)
      .set(worker)
      .send({ tags: ['nachtwerk'] })
      .expect(200);
    expect(ids(await search(worker, { q: 'nachtwerk' }))).toEqual([cafe.id]);
    await http()
      .post(`/api/v1/cases/${cafe.id}/notes`)
      .set(worker)
      .send({ text: 'Werkgever bellen over roosters.' })
      .expect(201);
    const note = await search(worker, { q: 'roosters' });
    expect(ids(note)).toEqual([cafe.id]);
    expect(note.body.items[0].snippet).toContain('<mark>roosters</mark>');
  });

  it('finds a message the help-seeker sends later, and a staff reply', async () => {
    const { id } = await ask('Eerste bericht.');
    const [{ caseRef }] = await t.db.ds.query(`SELECT case_ref AS "caseRef" FROM cases WHERE id = $1`, [id]);
    expect(caseRef).toBeTruthy();
    // The help-seeker writes again with their token (via the API).
    const created = await http()
      .post('/api/v1/questions')
      .send({ nickname: 'X', text: 'Nog een vraag', postcode: '1012' });
    await http()
      .post('/api/v1/case/messages')
      .set({ Authorization: `Bearer ${created.body.token}` })
      .send({ text: 'Ook mijn zwager heeft schulden bij de deurwaarder.' })
      .expect(201);
    const res = await search(worker, { q: 'deurwaarder' });
    expect(res.body.items.map((i: { caseRef: string }) => i.caseRef)).toEqual([created.body.caseRef]);
  });

  it('never finds an erased case', async () => {
    const gone = await ask('Een uniek woord: zeppelinhangar.');
    expect(ids(await search(worker, { q: 'zeppelinhangar' }))).toEqual([gone.id]);
    const token = (
      await http().post('/api/v1/questions').send({ nickname: 'Y', text: 'Weg met luchtschipdok.', postcode: '1012' })
    ).body.token;
    expect((await search(worker, { q: 'luchtschipdok' })).body.items).toHaveLength(1);
    await http()
      .delete('/api/v1/case')
      .set({ Authorization: `Bearer ${token}` })
      .expect(204);
    expect((await search(worker, { q: 'luchtschipdok' })).body.items).toEqual([]);
    const [row] = await t.db.ds.query(
      `SELECT search_tsv FROM cases WHERE id = (SELECT case_id FROM audit_log WHERE action = 'case.erase' ORDER BY id DESC LIMIT 1)`,
    );
    expect(row.search_tsv).toBeNull();
  });

  it('filters by region, status and creation date, and pages with a cursor', async () => {
    expect(ids(await search(admin, { q: 'brief ontruiming', region: 'gent' }))).toEqual([inGent.id]);
    // The worker's region filter cannot widen the scope.
    expect(ids(await search(worker, { q: 'brief ontruiming', region: 'gent' }))).toEqual([]);
    expect(ids(await search(worker, { q: 'brief ontruiming', status: 'closed' }))).toEqual([]);
    expect(ids(await search(worker, { q: 'brief ontruiming', status: 'new' }))).toEqual([eviction.id]);
    const today = new Date().toISOString().slice(0, 10);
    expect(ids(await search(worker, { q: 'brief ontruiming', from: today, to: today }))).toEqual([eviction.id]);
    expect(ids(await search(worker, { q: 'brief ontruiming', to: '2020-01-01' }))).toEqual([]);
    for (let i = 0; i < 3; i++) await ask(`Vraag ${i} over de tandarts en de tandartsrekening.`);
    const first = await search(worker, { q: 'tandarts', limit: '2' });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.next).toEqual(expect.any(String));
    const second = await search(worker, { q: 'tandarts', limit: '2', after: first.body.next });
    expect(second.body.items).toHaveLength(1);
    expect(second.body.next).toBeNull();
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(3);
  });

  it('answers 400 with the fields named for bad input, 401 without login', async () => {
    const bad = await search(worker, { q: 'x', status: 'gone', from: '2026-13-01', limit: '500', after: 'zzz' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['after', 'from', 'limit', 'q', 'status']);
    expect(bad.body.code).toBeDefined();
    expect((await http().get('/api/v1/search?q=brief')).status).toBe(401);
  });

  it('audits every search without its words, and each case shown as a read', async () => {
    const before = Number((await t.db.ds.query(`SELECT max(id) AS id FROM audit_log`))[0].id);
    await search(worker, { q: 'brief ontruiming' }).expect(200);
    const rows = await t.db.ds.query(`SELECT action, case_id, data FROM audit_log WHERE id > $1 ORDER BY id`, [before]);
    expect(rows.map((r: { action: string }) => r.action)).toEqual(['search', 'case.search_hit']);
    expect(rows[0].data).toMatchObject({ terms: 2, results: 1, caseRef: false });
    expect(JSON.stringify(rows)).not.toMatch(/brief|ontruiming/i);
    expect(rows[1].case_id).toBe(eviction.id);
  });

  it('the /search page shows the results; the header has the search box', async () => {
    const agent = await pageLogin(t, 'worker@luister.example');
    const inbox = await agent.get('/inbox');
    expect(inbox.text).toContain('action="/search"');
    const page = await agent.get('/search').query({ q: 'ontruiming' });
    expect(page.status).toBe(200);
    expect(page.text).toContain(eviction.caseRef);
    expect(page.text).toContain('<mark>ontruiming</mark>');
    expect(page.text).not.toContain(inGent.caseRef);
    const bad = await agent.get('/search').query({ q: 'x' });
    expect(bad.status).toBe(200);
    expect(bad.text).toContain('q-error');
  });

  it('snippets keep only the highlight marks: markup in a message is escaped', async () => {
    const evil = await ask('Hallo <script>alert(1)</script> <b>vet</b> "x" & 5 < 6 pindakaas');
    const res = await search(worker, { q: 'pindakaas' });
    expect(ids(res)).toEqual([evil.id]);
    expect(res.body.items[0].snippet).not.toMatch(/<script|<b>/);
    expect(res.body.items[0].snippet).toContain('&amp;');
    expect(snippetHtml('a \uE000b<i>\uE001 \uE000c')).toBe('a <mark>b&lt;i&gt;</mark> <mark>c</mark>');
  });
});
