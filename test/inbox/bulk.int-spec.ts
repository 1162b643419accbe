import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { csrfFrom } from '../support/app';
import { apiLogin, pageLogin } from '../staff/staff-login';
import { makeCase, staffId } from './factories';

/** POST /api/v1/cases/bulk and the inbox's bulk form: each case checked and audited on its own. */
describe('bulk actions', () => {
  let t: TestApp;
  let worker: { Authorization: string };
  let trainee: { Authorization: string };
  let gent: { Authorization: string };
  let workerId: string;
  let supervisorId: string;
  const http = () => request(t.app.getHttpServer());
  const bulk = (auth: { Authorization: string }, body: Record<string, unknown>) =>
    http().post('/api/v1/cases/bulk').set(auth).send(body);
  const row = async (id: string) =>
    (
      await t.db.ds.query(
        `SELECT status, assigned_to, r.code FROM cases c JOIN region r ON r.id = c.region_id WHERE c.id = $1`,
        [id],
      )
    )[0];
  const audits = async (id: string, action: string) =>
    (
      await t.db.ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE case_id = $1 AND action = $2`, [id, action])
    )[0].n;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await apiLogin(t, 'worker@luister.example');
    trainee = await apiLogin(t, 'trainee@luister.example');
    gent = await apiLogin(t, 'gent@luister.example');
    workerId = await staffId(t.db.ds, 'worker@luister.example');
    supervisorId = await staffId(t.db.ds, 'supervisor@luister.example');
  });
  afterAll(() => t.close());

  it('claims what it may and lists the rest: someone else’s case, another region’s, an unknown id', async () => {
    const free = await makeCase(t.db.ds, { region: 'amsterdam' });
    const taken = await makeCase(t.db.ds, { region: 'amsterdam', status: 'open', assignedTo: supervisorId });
    const elsewhere = await makeCase(t.db.ds, { region: 'gent' });
    const res = await bulk(worker, { ids: [free.id, taken.id, elsewhere.id, 'nope'], action: 'claim' });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      { id: free.id, ok: true },
      { id: taken.id, ok: false, code: 'already_assigned' },
      { id: elsewhere.id, ok: false, code: 'case_not_found' },
      { id: 'nope', ok: false, code: 'case_not_found' },
    ]);
    expect(await row(free.id)).toMatchObject({ status: 'open', assigned_to: workerId });
    expect(await row(taken.id)).toMatchObject({ assigned_to: supervisorId });
    expect(await row(elsewhere.id)).toMatchObject({ status: 'new', assigned_to: null });
    expect(await audits(free.id, 'case.claim')).toBe(1);
    expect(await audits(elsewhere.id, 'case.claim')).toBe(0);
    const [summary] = await t.db.ds.query(
      `SELECT data FROM audit_log WHERE action = 'case.bulk' ORDER BY id DESC LIMIT 1`,
    );
    expect(summary.data).toEqual({ action: 'claim', count: 4, failed: 3 });
  });

  it('closes, tags, assigns and transfers, each case on its own', async () => {
    const a = await makeCase(t.db.ds, { region: 'amsterdam', status: 'open' });
    const b = await makeCase(t.db.ds, { region: 'amsterdam', status: 'open' });
    expect((await bulk(worker, { ids: [a.id, b.id], action: 'tag', tag: 'Schulden' })).body.results).toEqual([
      { id: a.id, ok: true },
      { id: b.id, ok: true },
    ]);
    const tags = await t.db.ds.query(`SELECT tag FROM case_tag WHERE case_id = $1`, [a.id]);
    expect(tags).toEqual([{ tag: 'schulden' }]);
    await bulk(worker, { ids: [a.id], action: 'assign', workerId: supervisorId }).expect(200);
    expect((await row(a.id)).assigned_to).toBe(supervisorId);
    await bulk(worker, { ids: [a.id, b.id], action: 'close' }).expect(200);
    expect((await row(a.id)).status).toBe('closed');
    expect(await audits(b.id, 'case.status')).toBe(1);
    const c = await makeCase(t.db.ds, { region: 'amsterdam' });
    // Gent is another organisation's: free text is refused there, a reason code goes.
    const freeText = await bulk(worker, {
      ids: [c.id],
      action: 'transfer',
      region: 'gent',
      reason: 'Woont nu in Gent',
    });
    expect(freeText.body.results).toEqual([{ id: c.id, ok: false, code: 'validation_failed' }]);
    const moved = await bulk(worker, { ids: [c.id], action: 'transfer', region: 'gent', reason: 'moved' });
    expect(moved.body.results).toEqual([{ id: c.id, ok: true }]);
    expect((await row(c.id)).code).toBe('gent');
    // Now the Amsterdam worker can no longer touch it; the Gent worker can.
    expect((await bulk(worker, { ids: [c.id], action: 'close' })).body.results[0]).toEqual({
      id: c.id,
      ok: false,
      code: 'case_not_found',
    });
    expect((await bulk(gent, { ids: [c.id], action: 'claim' })).body.results[0].ok).toBe(true);
  });

  it('a worker of another region changes nothing; a trainee may not assign', async () => {
    const a = await makeCase(t.db.ds, { region: 'amsterdam' });
    for (const action of ['claim', 'close'])
      expect((await bulk(gent, { ids: [a.id], action })).body.results[0].code).toBe('case_not_found');
    expect(
      (await bulk(gent, { ids: [a.id], action: 'transfer', region: 'gent', reason: 'Mijn regio' })).body.results[0]
        .code,
    ).toBe('case_not_found');
    expect(await row(a.id)).toMatchObject({ status: 'new', assigned_to: null, code: 'amsterdam' });
    expect((await bulk(trainee, { ids: [a.id], action: 'assign', workerId })).body.results[0].code).toBe('forbidden');
  });

  it('answers 400 with fields for a bad request, 401 without login', async () => {
    const bad = await bulk(worker, { ids: [], action: 'explode' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['action', 'ids']);
    const noReason = await bulk(worker, { ids: ['x'], action: 'transfer', region: 'gent' });
    expect(noReason.body.fields).toEqual({ reason: expect.any(Array) });
    expect((await bulk(worker, { ids: ['x'], action: 'tag', tag: 'Niet goed!' })).body.fields).toHaveProperty('tag');
    expect(
      (
        await http()
          .post('/api/v1/cases/bulk')
          .send({ ids: ['x'], action: 'claim' })
      ).status,
    ).toBe(401);
  });

  it('the inbox has a checkbox per row and a bulk form; the result page lists failures clearly', async () => {
    const a = await makeCase(t.db.ds, { region: 'amsterdam' });
    const taken = await makeCase(t.db.ds, { region: 'amsterdam', status: 'open', assignedTo: supervisorId });
    const agent = await pageLogin(t, 'worker@luister.example');
    const inbox = await agent.get('/inbox?view=open');
    expect(inbox.text).toContain(`id="select-${a.id}"`);
    expect(inbox.text).toContain('id="bulk-form"');
    const res = await agent
      .post('/cases/bulk')
      .type('form')
      .send(`_csrf=${encodeURIComponent(csrfFrom(inbox.text))}&action=claim&ids=${a.id}&ids=${taken.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('1 van 2 casussen gelukt.');
    expect(res.text).toMatch(new RegExp(`id="bulk-failed"[\\s\\S]*${taken.caseRef}[\\s\\S]*al toegewezen`));
    expect(res.text).toMatch(new RegExp(`id="bulk-done"[\\s\\S]*${a.caseRef}`));
    const forged = await agent.post('/cases/bulk').type('form').send(`action=claim&ids=${a.id}`);
    expect(forged.status).toBe(403);
  });
});
