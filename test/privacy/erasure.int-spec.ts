import request from 'supertest';
import { csrfFrom, startTestApp, TestApp } from '../support/app';
import { openCase } from '../support/help-seeker';
import { apiLogin, pageLogin } from '../staff/staff-login';
import { caseWithContent, markers, tablesHolding } from './privacy-fixtures';

describe('erasure', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function facts(caseId: string) {
    const [c] = await t.db.ds.query(
      `SELECT region_id, topic_code, channel, created_at, status, erased_at, erased_by, need_other, postcode_area FROM cases WHERE id = $1`,
      [caseId],
    );
    const events: { type: string }[] = await t.db.ds.query(
      `SELECT type, data FROM case_event WHERE case_id = $1 ORDER BY id`,
      [caseId],
    );
    const [h] = await t.db.ds.query(
      `SELECT h.nickname, h.email, h.email_consent_at FROM help_seeker h JOIN cases c ON c.help_seeker_id = h.id WHERE c.id = $1`,
      [caseId],
    );
    const [n] = await t.db.ds.query(`SELECT count(*)::int AS n FROM message WHERE case_id = $1`, [caseId]);
    return { c, events, h, messages: n.n as number };
  }

  async function inboxIds(auth: { Authorization: string }, view: string): Promise<string[]> {
    const res = await http().get(`/api/v1/cases?view=${view}&limit=100`).set(auth).expect(200);
    return res.body.items.map((i: { id: string }) => i.id);
  }

  it('DELETE /api/v1/case erases text, nickname, address, attachments, raw mail and notes at once and keeps the facts', async () => {
    const mk = markers();
    const { caseId, token } = await caseWithContent(t, mk);
    const worker = await apiLogin(t, 'worker@luister.example');
    expect(await inboxIds(worker, 'open')).toContain(caseId);
    for (const marker of Object.values(mk)) expect((await tablesHolding(t.db.ds, marker)).length).toBeGreaterThan(0);
    const before = await facts(caseId);
    // A browser session on the case (its token sealed in the row) goes with it.
    await openCase(request.agent(t.app.getHttpServer()), token);

    await http().delete('/api/v1/case').set('Authorization', `Bearer ${token}`).expect(204);

    // No marker is left anywhere in the database: not in a text column, not in raw bytes.
    for (const marker of Object.values(mk))
      expect({ marker, tables: await tablesHolding(t.db.ds, marker) }).toEqual({ marker, tables: [] });
    const after = await facts(caseId);
    expect(after.c).toMatchObject({
      region_id: before.c.region_id,
      topic_code: 'money',
      channel: 'web',
      created_at: before.c.created_at,
      status: 'closed',
      erased_by: 'help-seeker',
      postcode_area: null,
    });
    expect(after.h).toEqual({ nickname: '-', email: null, email_consent_at: null });
    // Message rows stay as facts (direction, channel, time) with no text.
    expect(after.messages).toBe(before.messages);
    expect(
      (
        await t.db.ds.query(`SELECT count(*)::int AS n FROM message WHERE case_id = $1 AND body_text <> ''`, [caseId])
      )[0].n,
    ).toBe(0);
    expect(after.events.slice(0, before.events.length)).toEqual(before.events);
    expect(after.events[after.events.length - 1]).toEqual({ type: 'case.erased', data: { by: 'help-seeker' } });
    for (const table of [
      'mail_attachment',
      'mail_message',
      'raw_mail',
      'outbox',
      'case_note',
      'reply_token',
      'help_seeker_session',
    ]) {
      const column =
        table === 'mail_attachment' || table === 'mail_message'
          ? `message_id IN (SELECT id FROM message WHERE case_id = $1)`
          : `case_id = $1`;
      expect((await t.db.ds.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column}`, [caseId]))[0].n).toBe(0);
    }
    const [audit] = await t.db.ds.query(
      `SELECT actor_id, data FROM audit_log WHERE case_id = $1 AND action = 'case.erase'`,
      [caseId],
    );
    expect(audit).toMatchObject({
      actor_id: null,
      // Two mails: the link mail the help-seeker asked for, and the worker's reply.
      data: { by: 'help-seeker', cases: 1, attachments: 1, rawMails: 1, notes: 1, outboxMails: 2 },
    });

    // The token opens nothing any more, on every surface.
    await http().get('/api/v1/case').set('Authorization', `Bearer ${token}`).expect(404);
    await http().get(`/c/${token}`).expect(404);
    await http().get(`/c/${token}/erase`).expect(404);
    await http().delete('/api/v1/case').set('Authorization', `Bearer ${token}`).expect(404);
    await http()
      .post('/api/v1/case/messages')
      .set('Authorization', `Bearer ${token}`)
      .send({ text: 'nog een bericht hierover' })
      .expect(404);

    // Off every inbox view; a worker who opens it sees it was erased by the help-seeker.
    for (const view of ['unassigned', 'open', 'closed', 'mine', 'waiting'])
      expect(await inboxIds(worker, view)).not.toContain(caseId);
    const opened = await http().get(`/api/v1/cases/${caseId}`).set(worker).expect(200);
    expect(opened.body.erasedBy).toBe('help-seeker');
    const agent = await pageLogin(t, 'worker@luister.example');
    const page = await agent.get(`/cases/${caseId}`).expect(200);
    expect(page.text).toContain('id="erased-notice"');
    expect(page.text).toContain('Gewist door de hulpvrager');
    for (const marker of Object.values(mk)) expect(page.text).not.toContain(marker);
    // Nothing identifying was logged along the way.
    for (const marker of [...Object.values(mk), token])
      expect(t.logLines.filter((l) => l.includes(marker))).toEqual([]);
  });

  it('the case page has a button to a confirmation page; the CSRF-protected form erases the case without JavaScript', async () => {
    const mk = markers();
    const { caseId, token } = await caseWithContent(t, mk);
    const agent = request.agent(t.app.getHttpServer());
    const casePage = await openCase(agent, token);
    expect(casePage.text).toContain(`href="/c/erase"`);
    const confirm = await agent.get(`/c/erase`).expect(200);
    expect(confirm.headers['referrer-policy']).toBe('no-referrer');
    expect(confirm.text).toContain('Je gesprek wissen?');
    expect(confirm.text).toContain(`action="/c/erase"`);
    // The older link to the confirmation is exchanged like the case link.
    const older = request.agent(t.app.getHttpServer());
    expect((await older.get(`/c/${token}/erase`).expect(303)).headers.location).toBe('/c/erase');
    expect((await older.get('/c/erase').expect(200)).text).toContain('Je gesprek wissen?');
    expect(confirm.text).not.toMatch(/<script(?![^>]*src=)/);

    // Without a valid CSRF token nothing is erased.
    await agent.post(`/c/erase`).type('form').send({ _csrf: 'forged' }).expect(403);
    expect((await facts(caseId)).c.erased_at).toBeNull();
    // Without the session: nothing to erase, only the closed page.
    await request(t.app.getHttpServer()).post(`/c/erase`).type('form').send({}).expect(401);
    expect((await facts(caseId)).c.erased_at).toBeNull();

    const done = await agent
      .post(`/c/erase`)
      .type('form')
      .send({ _csrf: csrfFrom(confirm.text) })
      .expect(200);
    expect(done.text).toContain('Je gesprek is gewist');
    expect((await facts(caseId)).c.erased_by).toBe('help-seeker');
    for (const marker of Object.values(mk)) expect(await tablesHolding(t.db.ds, marker)).toEqual([]);
    await agent.get(`/c/${token}`).expect(404);
    // Every session of the case has ended: the other browser sees the closed page.
    expect((await older.get('/c').expect(200)).text).toContain('Deze pagina is gesloten');
  });

  it('an admin erases a case on request with a reason, audited; others may not', async () => {
    const mk = markers();
    const { caseId, token } = await caseWithContent(t, mk);
    const worker = await apiLogin(t, 'worker@luister.example');
    await http().post(`/api/v1/admin/cases/${caseId}/erase`).set(worker).send({ reason: 'asked by phone' }).expect(403);
    const admin = await apiLogin(t, 'admin@luister.example');
    const noReason = await http()
      .post(`/api/v1/admin/cases/${caseId}/erase`)
      .set(admin)
      .send({ reason: '' })
      .expect(400);
    expect(noReason.body.fields.reason).toBeDefined();
    expect((await facts(caseId)).c.erased_at).toBeNull();

    const res = await http()
      .post(`/api/v1/admin/cases/${caseId}/erase`)
      .set(admin)
      .send({ reason: 'Asked by phone, ticket 42' })
      .expect(200);
    expect(res.body).toMatchObject({ cases: 1, attachments: 1, rawMails: 1 });
    for (const marker of Object.values(mk)) expect(await tablesHolding(t.db.ds, marker)).toEqual([]);
    const [adminRow] = await t.db.ds.query(`SELECT id FROM staff_user WHERE email = 'admin@luister.example'`);
    const [audit] = await t.db.ds.query(
      `SELECT actor_id, data FROM audit_log WHERE case_id = $1 AND action = 'case.erase'`,
      [caseId],
    );
    expect(audit).toMatchObject({ actor_id: adminRow.id, data: { by: 'admin', reason: 'Asked by phone, ticket 42' } });
    expect((await facts(caseId)).c.erased_by).toBe('admin');
    await http().get('/api/v1/case').set('Authorization', `Bearer ${token}`).expect(404);
    // A second erasure and an unknown case are 404.
    await http().post(`/api/v1/admin/cases/${caseId}/erase`).set(admin).send({ reason: 'again' }).expect(404);
    await http()
      .post(`/api/v1/admin/cases/00000000-0000-4000-8000-000000000000/erase`)
      .set(admin)
      .send({ reason: 'x' })
      .expect(404);
  });

  it('an admin erases from the browser: link on the case page, a form asking for the reason, then the erased case', async () => {
    const mk = markers();
    const { caseId, caseRef } = await caseWithContent(t, mk);
    const worker = await pageLogin(t, 'worker@luister.example');
    expect((await worker.get(`/cases/${caseId}`).expect(200)).text).not.toContain('admin-erase-link');
    expect((await worker.get(`/admin/cases/${caseId}/erase`)).status).toBe(403);
    const admin = await pageLogin(t, 'admin@luister.example');
    const casePage = await admin.get(`/cases/${caseId}`).expect(200);
    expect(casePage.text).toContain(`href="/admin/cases/${caseId}/erase"`);
    const form = await admin.get(`/admin/cases/${caseId}/erase`).expect(200);
    expect(form.text).toContain(caseRef);
    const noReason = await admin
      .post(`/admin/cases/${caseId}/erase`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), reason: '  ' })
      .expect(400);
    expect(noReason.text).toContain('id="reason-error"');
    await admin
      .post(`/admin/cases/${caseId}/erase`)
      .type('form')
      .send({ _csrf: 'forged', reason: 'Phone call' })
      .expect(403);
    expect((await facts(caseId)).c.erased_at).toBeNull();
    await admin
      .post(`/admin/cases/${caseId}/erase`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), reason: 'Phone call 24 Nov' })
      .expect(303)
      .expect('Location', `/cases/${caseId}`);
    const after = await admin.get(`/cases/${caseId}`).expect(200);
    expect(after.text).toContain('Gewist door een beheerder');
    expect(after.text).not.toContain('admin-erase-link');
    expect((await admin.get(`/admin/cases/${caseId}/erase`).expect(200)).text).toContain('id="already-erased"');
    for (const marker of Object.values(mk)) expect(await tablesHolding(t.db.ds, marker)).toEqual([]);
    const [audit] = await t.db.ds.query(`SELECT data FROM audit_log WHERE case_id = $1 AND action = 'case.erase'`, [
      caseId,
    ]);
    expect(audit.data).toMatchObject({ by: 'admin', reason: 'Phone call 24 Nov' });
  });

  it('DELETE /api/v1/case without a token is 401 and with an unknown token 404', async () => {
    await http().delete('/api/v1/case').expect(401);
    await http().delete('/api/v1/case').set('Authorization', 'Bearer AAAAAAAAAAAAAAAAAAAAAA').expect(404);
  });
});
