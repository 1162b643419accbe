import request from 'supertest';
import { DataSource } from 'typeorm';
import { CasesService } from '../../src/cases/cases.service';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { SlaWarningService } from '../../src/cases/sla-warning.service';
import { makeCase, staffId } from '../inbox/factories';
import { apiLogin, pageLogin } from '../staff/staff-login';
import { csrfFrom, startTestApp, TestApp } from '../support/app';

type Auth = { Authorization: string };
const SECRET_TEXT = 'Mijn buurman GEHEIM-HULPVRAGER-5521 slaat de kinderen.';

describe('notifications: in-app list, unread count, kinds, tasks, SLA mail choice', () => {
  let t: TestApp;
  let ds: DataSource;
  const http = () => request(t.app.getHttpServer());
  let worker: Auth;
  let supervisor: Auth;
  let gent: Auth;
  let workerId: string;
  let gentId: string;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.db.ds;
    [worker, supervisor, gent] = await Promise.all(
      ['worker', 'supervisor', 'gent'].map((u) => apiLogin(t, `${u}@luister.example`)),
    );
    workerId = await staffId(ds, 'worker@luister.example');
    gentId = await staffId(ds, 'gent@luister.example');
  });
  afterAll(async () => {
    await t?.close();
  });

  const list = async (who: Auth, q = '') => (await http().get(`/api/v1/notifications${q}`).set(who).expect(200)).body;
  const inbound = (caseId: string, text = SECRET_TEXT) =>
    ds.transaction((m) => t.app.get(CasesService).addInboundMessage(m, caseId, { channel: 'web', text }));

  it('tells the assigned worker of a new message, an assignment and a transfer to their team; never the content', async () => {
    const c = await makeCase(ds, { region: 'amsterdam', nickname: 'Kikker', text: SECRET_TEXT });
    // Assigned by the supervisor: the worker is told; claiming for oneself tells nobody.
    await http().post(`/api/v1/cases/${c.id}/assign`).set(supervisor).send({ workerId }).expect(204);
    await inbound(c.id);
    const mine = await list(worker);
    expect(
      mine.items.filter((n: { caseId: string }) => n.caseId === c.id).map((n: { kind: string }) => n.kind),
    ).toEqual(['message.received', 'case.assigned']);
    expect(mine.unread).toBeGreaterThanOrEqual(2);
    expect(mine.items[0]).toEqual({
      id: expect.stringMatching(/^\d+$/),
      kind: 'message.received',
      caseId: c.id,
      caseRef: c.caseRef,
      data: expect.any(Object),
      createdAt: expect.any(String),
      readAt: null,
      task: false,
      doneAt: null,
    });
    const own = await makeCase(ds, { region: 'amsterdam' });
    await http().post(`/api/v1/cases/${own.id}/claim`).set(worker).expect(204);
    expect((await list(worker)).items.some((n: { caseId: string }) => n.caseId === own.id)).toBe(false);

    // Transferred to Gent: Gent's team is told; the Amsterdam notifications of it leave the list
    // with the case (another region's case is nothing to them now).
    await http()
      .post(`/api/v1/cases/${c.id}/transfer`)
      .set(supervisor)
      .send({ region: 'gent', reason: 'moved' })
      .expect(200);
    const g = await list(gent);
    expect(g.items).toContainEqual(expect.objectContaining({ kind: 'case.transferred', caseId: c.id }));
    expect((await list(worker)).items.some((n: { caseId: string }) => n.caseId === c.id)).toBe(false);

    // No help-seeker content anywhere in a notification.
    const all = JSON.stringify([await list(worker), g, await ds.query(`SELECT * FROM notification`)]);
    expect(all).not.toContain('GEHEIM');
    expect(all).not.toContain('Kikker');
  });

  it('pages newest first with a keyset cursor, and marks read one by one or all', async () => {
    const c = await makeCase(ds, { region: 'amsterdam', assignedTo: workerId, status: 'open' });
    for (let i = 0; i < 5; i++) await inbound(c.id, `bericht ${i}`);
    const seen: string[] = [];
    let after: string | null = '';
    let pages = 0;
    while (after !== null && pages < 50) {
      const page: { items: { id: string; createdAt: string }[]; next: string | null } = await list(
        worker,
        `?limit=2${after ? `&after=${after}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((n) => n.id));
      after = page.next;
      pages++;
    }
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM notification WHERE staff_user_id = $1`, [workerId]);
    // Every visible notification once, newest first (ids only grow here).
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeLessThanOrEqual(n);
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect([...seen].sort((a, b) => Number(b) - Number(a))).toEqual(seen);

    await http().get('/api/v1/notifications?limit=0').set(worker).expect(400);
    const bad = await http().get('/api/v1/notifications?after=xyz').set(worker).expect(400);
    expect(bad.body).toMatchObject({ code: expect.any(String), fields: { after: [expect.any(String)] } });

    // One read; someone else's ids change nothing; then all.
    const before = await list(worker);
    const one = before.items.find((x: { readAt: string | null }) => !x.readAt);
    await http()
      .post('/api/v1/notifications/read')
      .set(gent)
      .send({ ids: [one.id] })
      .expect(204);
    expect((await list(worker)).unread).toBe(before.unread);
    await http()
      .post('/api/v1/notifications/read')
      .set(worker)
      .send({ ids: [one.id] })
      .expect(204);
    expect((await list(worker)).unread).toBe(before.unread - 1);
    await http()
      .post('/api/v1/notifications/read')
      .set(worker)
      .send({ ids: ['x'] })
      .expect(400);
    await http().post('/api/v1/notifications/read').set(worker).send({}).expect(400);
    await http().post('/api/v1/notifications/read').set(worker).send({ all: true }).expect(204);
    expect((await list(worker)).unread).toBe(0);
    expect((await list(worker, '?unread=true')).items).toEqual([]);
  });

  it('shows the unread count in the staff header and lists them on /notifications', async () => {
    const c = await makeCase(ds, { region: 'amsterdam', assignedTo: workerId, status: 'open' });
    await inbound(c.id);
    const agent = await pageLogin(t, 'worker@luister.example');
    const inbox = await agent.get('/inbox').expect(200);
    expect(inbox.text).toMatch(/id="notifications-unread">1</);
    const page = await agent.get('/notifications').expect(200);
    expect(page.text).toContain('Nieuw bericht op je casus');
    expect(page.text).not.toContain('GEHEIM');
    const id = /id="read-(\d+)"/.exec(page.text)![1];
    // Opening it marks it read and goes to the case.
    const open = await agent
      .post('/notifications/read')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), id, open: c.id });
    expect(open.status).toBe(303);
    expect(open.headers.location).toBe(`/cases/${c.id}`);
    expect((await agent.get('/inbox')).text).not.toContain('id="notifications-unread"');
    // Without a CSRF token nothing changes.
    expect((await agent.post('/notifications/read').type('form').send({ all: '1' })).status).toBe(403);
  });

  it('turns a request for personal contact into a task the worker marks done; others get 404', async () => {
    const c = await makeCase(ds, { region: 'amsterdam', assignedTo: workerId, status: 'waiting' });
    await ds.transaction((m) =>
      t.app.get(NotificationsService).notify(m, [
        {
          to: { staffUserId: workerId },
          caseId: c.id,
          kind: 'evaluation.contact_requested',
          data: { evaluationId: 1 },
        },
      ]),
    );
    const task = (await list(worker)).items.find((n: { kind: string }) => n.kind === 'evaluation.contact_requested');
    expect(task).toMatchObject({ task: true, doneAt: null });
    await http().post(`/api/v1/notifications/${task.id}/done`).set(gent).expect(404);
    await http().post(`/api/v1/notifications/${task.id}/done`).set(supervisor).expect(404);
    await http().post(`/api/v1/notifications/abc/done`).set(worker).expect(404);
    const agent = await pageLogin(t, 'worker@luister.example');
    const page = await agent.get('/notifications').expect(200);
    expect(page.text).toContain(`id="task-${task.id}"`);
    await agent
      .post(`/notifications/${task.id}/done`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);
    const after = (await list(worker)).items.find((n: { id: string }) => n.id === task.id);
    expect(after).toMatchObject({ doneAt: expect.any(String), readAt: expect.any(String) });
    expect((await agent.get('/notifications')).text).not.toContain(`id="task-${task.id}"`);
    // A plain notification is no task.
    const plain = (await list(worker)).items.find((n: { task: boolean }) => !n.task);
    await http().post(`/api/v1/notifications/${plain.id}/done`).set(worker).expect(404);
  });

  it('sends the SLA e-mail as each person chose: off, immediately, or one daily digest (once, with two runs)', async () => {
    const staffMails = async (id: string) =>
      (await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE kind = 'staff-sla' AND staff_user_id = $1`, [id]))[0]
        .n as number;
    expect((await http().get('/api/v1/me/notification-settings').set(worker).expect(200)).body).toEqual({
      slaMail: 'immediately',
    });
    const bad = await http()
      .put('/api/v1/me/notification-settings')
      .set(worker)
      .send({ slaMail: 'hourly' })
      .expect(400);
    expect(bad.body.fields).toHaveProperty('slaMail');
    await http().put('/api/v1/me/notification-settings').set(worker).send({ slaMail: 'off' }).expect(200);
    await http().put('/api/v1/me/notification-settings').set(gent).send({ slaMail: 'daily' }).expect(200);

    // Overdue cases in both regions, assigned: the scan tells each worker in the app.
    const long = new Date(Date.now() - 40 * 24 * 3600_000).toISOString();
    await makeCase(ds, { region: 'amsterdam', assignedTo: workerId, status: 'open', firstDue: long, createdAt: long });
    await makeCase(ds, { region: 'gent', assignedTo: gentId, status: 'open', firstDue: long, createdAt: long });
    await ds.query(
      `UPDATE cases SET sla_check_at = first_reply_due_at, sla_target = 'first', sla_started_at = created_at WHERE first_reply_due_at IS NOT NULL AND sla_check_at IS NULL`,
    );
    const [wBefore, gBefore, sBefore] = await Promise.all([
      staffMails(workerId),
      staffMails(gentId),
      staffMails(await staffId(ds, 'supervisor@luister.example')),
    ]);
    await t.app.get(SlaWarningService).scan(new Date());
    expect((await list(worker)).items).toContainEqual(expect.objectContaining({ kind: 'sla.breach' }));
    expect((await list(gent)).items).toContainEqual(expect.objectContaining({ kind: 'sla.breach' }));
    // off: none; daily: not now; immediately (the supervisor's escalation, default): one.
    expect(await staffMails(workerId)).toBe(wBefore);
    expect(await staffMails(gentId)).toBe(gBefore);
    expect(await staffMails(await staffId(ds, 'supervisor@luister.example'))).toBe(sBefore + 1);

    // The daily digest: two instances at once send it once; the next day's run has nothing new.
    const n = t.app.get(NotificationsService);
    const tomorrow = new Date(Date.now() + 24 * 3600_000);
    const [a, b] = await Promise.all([n.sendDigests(tomorrow), n.sendDigests(tomorrow)]);
    expect(a + b).toBe(1);
    expect(await staffMails(gentId)).toBe(gBefore + 1);
    const [mail] = await ds.query(
      `SELECT subject, text_body FROM outbox WHERE kind = 'staff-sla' AND staff_user_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [gentId],
    );
    expect(mail.text_body).toContain('dagelijkse overzicht');
    expect(mail.text_body).not.toMatch(/T-[0-9A-F]{8}/);
    expect(await n.sendDigests(new Date(tomorrow.getTime() + 24 * 3600_000))).toBe(0);
    expect(await staffMails(workerId)).toBe(wBefore);

    // The page form sets the choice too.
    const agent = await pageLogin(t, 'worker@luister.example');
    const page = await agent.get('/notifications').expect(200);
    await agent
      .post('/notifications/settings')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), slaMail: 'daily' })
      .expect(303);
    expect((await http().get('/api/v1/me/notification-settings').set(worker)).body.slaMail).toBe('daily');
  });

  it('describes the new routes in the OpenAPI document', async () => {
    const doc = (await http().get('/api/docs-json').expect(200)).body;
    for (const p of [
      '/api/v1/notifications',
      '/api/v1/notifications/read',
      '/api/v1/notifications/{id}/done',
      '/api/v1/me/notification-settings',
      '/api/v1/replies/{id}/review',
    ])
      expect(Object.keys(doc.paths)).toContain(p);
    const view = doc.paths['/api/v1/cases'].get.parameters.find((x: { name: string }) => x.name === 'view');
    expect(view.schema.enum).toContain('review');
  });

  it('answers 401 without a login', async () => {
    await http().get('/api/v1/notifications').expect(401);
    await http().post('/api/v1/notifications/read').send({ all: true }).expect(401);
  });
});
