import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { apiLogin, csrfOf, pageLogin } from '../staff/staff-login';
import { makeCase, staffId } from './factories';

describe('staff case page and actions', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  let worker: { Authorization: string };
  let workerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await apiLogin(t, 'worker@luister.example');
    workerId = await staffId(t.db.ds, 'worker@luister.example');
  });
  afterAll(() => t.close());

  it('returns the case with messages (text and fullText), intake answers, timeline, and audits the open', async () => {
    const c = await makeCase(t.db.ds, { region: 'amsterdam', topic: 'money', text: 'Ik heb <b>schulden</b> & zorgen' });
    await t.db.ds.query(`INSERT INTO case_event (case_id, type) VALUES ($1, 'case.created')`, [c.id]);
    const res = await http().get(`/api/v1/cases/${c.id}`).set(worker);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: c.id,
      caseRef: c.caseRef,
      status: 'new',
      regionCode: 'amsterdam',
      intake: { nickname: 'Test', topic: 'money' },
    });
    expect(res.body.messages).toEqual([
      expect.objectContaining({
        direction: 'in',
        channel: 'web',
        text: 'Ik heb <b>schulden</b> & zorgen',
        fullText: 'Ik heb <b>schulden</b> & zorgen',
      }),
    ]);
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(['case.created']);
    const audit = await t.db.ds.query(`SELECT action, data FROM audit_log WHERE case_id = $1`, [c.id]);
    expect(audit).toEqual([{ action: 'case.open', data: { via: 'api' } }]);
    // Opening moved the read marker.
    const [r] = await t.db.ds.query(
      `SELECT count(*)::int AS n FROM case_read WHERE case_id = $1 AND staff_user_id = $2`,
      [c.id, workerId],
    );
    expect(r.n).toBe(1);
  });

  it('shows the case page with the help-seeker text escaped', async () => {
    const c = await makeCase(t.db.ds, {
      region: 'amsterdam',
      nickname: '<i>Nick</i>',
      text: '<script>alert("x")</script><img src=x onerror=alert(1)>',
    });
    const agent = await pageLogin(t, 'worker@luister.example');
    const page = await agent.get(`/cases/${c.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;',
    );
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).not.toContain('<i>Nick</i>');
    expect(page.text).toContain('&lt;i&gt;Nick&lt;/i&gt;');
  });

  it('claims, refuses a second claim, assigns within the region only, and trainees cannot assign', async () => {
    const c = await makeCase(t.db.ds, { region: 'amsterdam' });
    await http().post(`/api/v1/cases/${c.id}/claim`).set(worker).expect(204);
    let [row] = await t.db.ds.query(`SELECT assigned_to, status FROM cases WHERE id = $1`, [c.id]);
    expect(row).toEqual({ assigned_to: workerId, status: 'open' });
    const sup = await apiLogin(t, 'supervisor@luister.example');
    const second = await http().post(`/api/v1/cases/${c.id}/claim`).set(sup);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('already_assigned');
    const gentId = await staffId(t.db.ds, 'gent@luister.example');
    const wrong = await http().post(`/api/v1/cases/${c.id}/assign`).set(sup).send({ workerId: gentId });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields.workerId).toBeDefined();
    const supId = await staffId(t.db.ds, 'supervisor@luister.example');
    await http().post(`/api/v1/cases/${c.id}/assign`).set(sup).send({ workerId: supId }).expect(204);
    [row] = await t.db.ds.query(`SELECT assigned_to FROM cases WHERE id = $1`, [c.id]);
    expect(row.assigned_to).toBe(supId);
    const trainee = await apiLogin(t, 'trainee@luister.example');
    expect((await http().post(`/api/v1/cases/${c.id}/assign`).set(trainee).send({ workerId: null })).status).toBe(403);
    await http().post(`/api/v1/cases/${c.id}/assign`).set(sup).send({ workerId: null }).expect(204);
    const events = await t.db.ds.query(`SELECT type, actor_id FROM case_event WHERE case_id = $1 ORDER BY id`, [c.id]);
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'case.assigned',
      'case.status_changed',
      'case.assigned',
      'case.unassigned',
    ]);
    const audit = await t.db.ds.query(`SELECT action FROM audit_log WHERE case_id = $1 ORDER BY id`, [c.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['case.claim', 'case.assign', 'case.assign']);
  });

  it('changes status open → waiting → closed and reopens; refuses "new" and junk', async () => {
    const c = await makeCase(t.db.ds, { region: 'amsterdam', status: 'open' });
    await http().post(`/api/v1/cases/${c.id}/status`).set(worker).send({ status: 'waiting' }).expect(204);
    const [p] = await t.db.ds.query(
      `SELECT count(*)::int AS n FROM sla_pause WHERE case_id = $1 AND ended_at IS NULL`,
      [c.id],
    );
    expect(p.n).toBe(1);
    await http().post(`/api/v1/cases/${c.id}/status`).set(worker).send({ status: 'closed' }).expect(204);
    await http().post(`/api/v1/cases/${c.id}/status`).set(worker).send({ status: 'open' }).expect(204);
    expect((await http().post(`/api/v1/cases/${c.id}/status`).set(worker).send({ status: 'new' })).status).toBe(400);
    expect((await http().post(`/api/v1/cases/${c.id}/status`).set(worker).send({ status: 'gone', x: 1 })).status).toBe(
      400,
    );
    const data = await t.db.ds.query(
      `SELECT data FROM case_event WHERE case_id = $1 AND type = 'case.status_changed' ORDER BY id`,
      [c.id],
    );
    expect(data.map((d: { data: { to: string } }) => d.data.to)).toEqual(['waiting', 'closed', 'open']);
  });

  it('adds internal notes (never in the help-seeker view) and tags', async () => {
    const c = await makeCase(t.db.ds, { region: 'amsterdam' });
    const note = await http()
      .post(`/api/v1/cases/${c.id}/notes`)
      .set(worker)
      .send({ text: 'Mogelijk schuldhulp Amsterdam voorstellen.' });
    expect(note.status).toBe(201);
    expect((await http().post(`/api/v1/cases/${c.id}/notes`).set(worker).send({ text: '   ' })).status).toBe(400);
    const tags = await http()
      .post(`/api/v1/cases/${c.id}/tags`)
      .set(worker)
      .send({ tags: ['Schulden', 'follow-up', 'schulden'] });
    expect(tags.body).toEqual({ tags: ['schulden', 'follow-up'] });
    expect(
      (
        await http()
          .post(`/api/v1/cases/${c.id}/tags`)
          .set(worker)
          .send({ tags: ['no spaces'] })
      ).status,
    ).toBe(400);
    const res = await http().get(`/api/v1/cases/${c.id}`).set(worker);
    expect(res.body.notes).toEqual([
      expect.objectContaining({ text: 'Mogelijk schuldhulp Amsterdam voorstellen.', authorName: 'Wim Werker' }),
    ]);
    expect(res.body.tags).toEqual(['follow-up', 'schulden']);
    const events = await t.db.ds.query(`SELECT data FROM case_event WHERE case_id = $1 AND type = 'case.note_added'`, [
      c.id,
    ]);
    expect(JSON.stringify(events)).not.toContain('schuldhulp');
  });

  it('transfers within the organisation with a free-text reason, after which the old region no longer sees it', async () => {
    // Rotterdam and Utrecht are one organisation's: a transfer between them works as it always did.
    const rotterdam = await apiLogin(t, 'worker.rotterdam@luister.example');
    const rotterdamId = await staffId(t.db.ds, 'worker.rotterdam@luister.example');
    const c = await makeCase(t.db.ds, { region: 'rotterdam', assignedTo: rotterdamId, status: 'open' });
    const transfer = (body: object) => http().post(`/api/v1/cases/${c.id}/transfer`).set(rotterdam).send(body);
    expect((await transfer({ region: 'utrecht', reason: '' })).status).toBe(400);
    expect((await transfer({ region: 'atlantis', reason: 'Verhuisd' })).status).toBe(400);
    expect((await transfer({ region: 'rotterdam', reason: 'Verhuisd' })).status).toBe(400);
    const ok = await transfer({ region: 'utrecht', reason: 'Woont sinds kort in Utrecht' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({
      regionCode: 'utrecht',
      organisationCode: 'zuid-holland-utrecht',
      betweenOrganisations: false,
    });
    expect((await http().get(`/api/v1/cases/${c.id}`).set(rotterdam)).status).toBe(404);
    const utrecht = await apiLogin(t, 'worker.utrecht@luister.example');
    const seen = await http().get(`/api/v1/cases/${c.id}`).set(utrecht);
    expect(seen.body).toMatchObject({ regionCode: 'utrecht', assignedTo: null });
    expect(seen.body.notes[0]).toMatchObject({ text: 'Woont sinds kort in Utrecht', authorName: 'Ruud Rotterdam' });
    expect(seen.body.events.find((e: { type: string }) => e.type === 'case.transferred').data).toEqual({
      from: 'rotterdam',
      to: 'utrecht',
    });
    // Nothing about it in the transferred-out list: that is for cases that left the organisation.
    expect((await http().get('/api/v1/transfers').set(rotterdam)).body.items).toEqual([]);
  });

  it('soft lock: "… is writing a reply" for others, 409 for a second writer, released by its holder', async () => {
    const c = await makeCase(t.db.ds, { region: 'amsterdam' });
    await http().post(`/api/v1/cases/${c.id}/lock`).set(worker).expect(200);
    const sup = await apiLogin(t, 'supervisor@luister.example');
    const other = await http().post(`/api/v1/cases/${c.id}/lock`).set(sup);
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('case_locked');
    const agent = await pageLogin(t, 'supervisor@luister.example');
    const page = await agent.get(`/cases/${c.id}`);
    expect(page.text).toContain('Wim Werker schrijft een antwoord op deze casus.');
    await http().delete(`/api/v1/cases/${c.id}/lock`).set(worker).expect(204);
    await http().post(`/api/v1/cases/${c.id}/lock`).set(sup).expect(200);
    // An expired lock is free for anyone.
    await t.db.ds.query(`UPDATE case_lock SET expires_at = now() - interval '1 second' WHERE case_id = $1`, [c.id]);
    await http().post(`/api/v1/cases/${c.id}/lock`).set(worker).expect(200);
  });

  it('does the actions through the page forms with CSRF, post/redirect/get', async () => {
    const c = await makeCase(t.db.ds, { region: 'amsterdam' });
    const agent = await pageLogin(t, 'worker@luister.example');
    let csrf = await csrfOf(agent, `/cases/${c.id}`);
    const noCsrf = await agent.post(`/cases/${c.id}/claim`).type('form').send({});
    expect(noCsrf.status).toBe(403);
    const claim = await agent.post(`/cases/${c.id}/claim`).type('form').send({ _csrf: csrf });
    expect(claim.status).toBe(303);
    expect(claim.headers.location).toBe(`/cases/${c.id}?done=claim`);
    csrf = await csrfOf(agent, `/cases/${c.id}`);
    const empty = await agent.post(`/cases/${c.id}/notes`).type('form').send({ _csrf: csrf, text: '' });
    expect(empty.status).toBe(400);
    csrf = await csrfOf(agent, `/cases/${c.id}`);
    await agent.post(`/cases/${c.id}/notes`).type('form').send({ _csrf: csrf, text: 'Notitie <b>vet</b>' }).expect(303);
    const page = await agent.get(`/cases/${c.id}?done=notes`);
    expect(page.text).toContain('Notitie &lt;b&gt;vet&lt;/b&gt;');
    expect(page.text).toContain('De notitie is opgeslagen.');
    csrf = await csrfOf(agent, `/cases/${c.id}`);
    const noReason = await agent
      .post(`/cases/${c.id}/transfer`)
      .type('form')
      .send({ _csrf: csrf, region: 'rotterdam', reason: '' });
    expect(noReason.status).toBe(400);
    // Rotterdam is another organisation's: a reason code, not free text.
    csrf = await csrfOf(agent, `/cases/${c.id}`);
    const freeText = await agent
      .post(`/cases/${c.id}/transfer`)
      .type('form')
      .send({ _csrf: csrf, form: 'across', region: 'rotterdam', reason: 'Woont in Rotterdam' });
    expect(freeText.status).toBe(400);
    expect(freeText.text).toContain('Kies een reden');
    csrf = await csrfOf(agent, `/cases/${c.id}`);
    const moved = await agent
      .post(`/cases/${c.id}/transfer`)
      .type('form')
      .send({ _csrf: csrf, form: 'across', region: 'rotterdam', reason: 'moved', note: '' });
    expect(moved.status).toBe(303);
    expect(moved.headers.location).toBe('/inbox/transferred?done=1');
    expect((await agent.get(`/cases/${c.id}`)).status).toBe(404);
  });
});
