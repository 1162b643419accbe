import request from 'supertest';
import { dutchRegionsInOneOrganisation } from '../support/one-organisation';
import { startTestApp, TestApp } from '../support/app';
import { apiLogin, pageLogin } from '../staff/staff-login';
import { makeCase, staffId } from './factories';

describe('case inbox', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  let worker: { Authorization: string };
  let gent: { Authorization: string };
  let admin: { Authorization: string };
  let workerId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    await dutchRegionsInOneOrganisation(t.db.ds);
    const ds = t.db.ds;
    workerId = await staffId(ds, 'worker@luister.example');
    // Amsterdam: a spread of states; the order below is the expected "open" order.
    ids.crisisLate = (await makeCase(ds, { region: 'amsterdam', crisis: true, createdAt: '2026-11-20T10:00:00Z' })).id;
    ids.dueSoon = (
      await makeCase(ds, {
        region: 'amsterdam',
        createdAt: '2026-11-23T10:00:00Z',
        firstDue: '2026-11-24T09:00:00Z',
        topic: 'money',
      })
    ).id;
    ids.dueLater = (
      await makeCase(ds, {
        region: 'amsterdam',
        createdAt: '2026-11-19T10:00:00Z',
        firstDue: '2026-11-25T09:00:00Z',
        channel: 'email',
      })
    ).id;
    ids.oldNoDue = (
      await makeCase(ds, {
        region: 'landelijk',
        createdAt: '2026-11-18T10:00:00Z',
        text: '<script>alert(1)</script> geheim bericht',
      })
    ).id;
    ids.mine = (
      await makeCase(ds, {
        region: 'amsterdam',
        status: 'open',
        assignedTo: workerId,
        createdAt: '2026-11-21T10:00:00Z',
      })
    ).id;
    ids.waiting = (
      await makeCase(ds, {
        region: 'amsterdam',
        status: 'waiting',
        assignedTo: workerId,
        createdAt: '2026-11-22T10:00:00Z',
      })
    ).id;
    ids.closed = (await makeCase(ds, { region: 'amsterdam', status: 'closed', createdAt: '2026-11-10T10:00:00Z' })).id;
    ids.gent = (await makeCase(ds, { region: 'gent', crisis: true, createdAt: '2026-11-01T10:00:00Z' })).id;
    ids.gentClosed = (await makeCase(ds, { region: 'gent', status: 'closed' })).id;
    worker = await apiLogin(t, 'worker@luister.example');
    gent = await apiLogin(t, 'gent@luister.example');
    admin = await apiLogin(t, 'admin@luister.example');
  });
  afterAll(() => t.close());

  const list = async (auth: { Authorization: string }, query: string) => {
    const res = await http().get(`/api/v1/cases?${query}`).set(auth);
    expect(res.status).toBe(200);
    return res.body as { items: { id: string }[]; next: string | null; counts: Record<string, number> };
  };

  it("lists the open view crisis first, then by due time, then oldest first, only in the worker's regions", async () => {
    const body = await list(worker, 'view=open');
    expect(body.items.map((i) => i.id)).toEqual([
      ids.crisisLate,
      ids.dueSoon,
      ids.dueLater,
      ids.oldNoDue,
      ids.mine,
      ids.waiting,
    ]);
    expect(body.next).toBeNull();
  });

  it('has the views unassigned, mine, waiting and closed, with counts, and scope for every role', async () => {
    expect((await list(worker, 'view=unassigned')).items.map((i) => i.id)).toEqual([
      ids.crisisLate,
      ids.dueSoon,
      ids.dueLater,
      ids.oldNoDue,
    ]);
    expect((await list(worker, 'view=mine')).items.map((i) => i.id)).toEqual([ids.mine, ids.waiting]);
    expect((await list(worker, 'view=waiting')).items.map((i) => i.id)).toEqual([ids.waiting]);
    const closed = await list(worker, 'view=closed');
    expect(closed.items.map((i) => i.id)).toEqual([ids.closed]);
    expect(closed.counts).toEqual({ unassigned: 4, mine: 2, waiting: 1, open: 6, closed: 1, absent: 0 });
    expect((await list(gent, 'view=open')).items.map((i) => i.id)).toEqual([ids.gent]);
    expect((await list(gent, 'view=closed')).items.map((i) => i.id)).toEqual([ids.gentClosed]);
    const all = await list(admin, 'view=open');
    expect(all.items.map((i) => i.id)).toEqual(expect.arrayContaining([ids.gent, ids.crisisLate]));
    expect(all.items[0].id).toBe(ids.gent); // oldest crisis case across every region
    // The trainee works in Amsterdam only: the landelijk case is not theirs.
    const trainee = await apiLogin(t, 'trainee@luister.example');
    expect((await list(trainee, 'view=unassigned')).items.map((i) => i.id)).toEqual([
      ids.crisisLate,
      ids.dueSoon,
      ids.dueLater,
    ]);
  });

  it('filters by region, topic, channel and worker, never past the scope', async () => {
    expect((await list(worker, 'view=open&region=landelijk')).items.map((i) => i.id)).toEqual([ids.oldNoDue]);
    expect((await list(worker, 'view=open&region=gent')).items).toEqual([]);
    expect((await list(worker, 'view=open&topic=money')).items.map((i) => i.id)).toEqual([ids.dueSoon]);
    expect((await list(worker, 'view=open&channel=email')).items.map((i) => i.id)).toEqual([ids.dueLater]);
    expect((await list(worker, `view=open&worker=${workerId}`)).items.map((i) => i.id)).toEqual([
      ids.mine,
      ids.waiting,
    ]);
    const gentWorker = await staffId(t.db.ds, 'gent@luister.example');
    expect((await list(worker, `view=open&worker=${gentWorker}`)).items).toEqual([]);
  });

  it('pages with a keyset cursor without losing or repeating a case', async () => {
    const seen: string[] = [];
    let after = '';
    for (let i = 0; i < 10; i++) {
      const page = await list(worker, `view=open&limit=2${after ? `&after=${after}` : ''}`);
      seen.push(...page.items.map((x) => x.id));
      if (!page.next) break;
      after = page.next;
    }
    expect(seen).toEqual([ids.crisisLate, ids.dueSoon, ids.dueLater, ids.oldNoDue, ids.mine, ids.waiting]);
    // Equal sort keys (same created_at, no due time) are split by id.
    for (let i = 0; i < 5; i++) await makeCase(t.db.ds, { region: 'rotterdam', createdAt: '2026-11-01T00:00:00Z' });
    const manager = await apiLogin(t, 'manager@luister.example');
    const rotterdam: string[] = [];
    after = '';
    for (let i = 0; i < 10; i++) {
      const page = await list(manager, `view=unassigned&region=rotterdam&limit=2${after ? `&after=${after}` : ''}`);
      rotterdam.push(...page.items.map((x) => x.id));
      if (!page.next) break;
      after = page.next;
    }
    expect(new Set(rotterdam).size).toBe(5);
    const closedPage = await list(worker, 'view=closed&limit=1');
    expect(closedPage.next).toBeNull();
  });

  it('answers bad parameters with 400 and the field', async () => {
    const res = await http().get('/api/v1/cases?view=everything&channel=fax&limit=1000&after=abc').set(worker);
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.fields).sort()).toEqual(['channel', 'limit', 'view']);
    const cursor = await http().get('/api/v1/cases?view=open&after=bm9wZQ').set(worker);
    expect(cursor.body.fields.after).toBeDefined();
  });

  it('marks cases unread until the worker opened them after their last message', async () => {
    await t.db.ds.query(`INSERT INTO case_read (staff_user_id, case_id, read_at) VALUES ($1, $2, now())`, [
      workerId,
      ids.dueSoon,
    ]);
    const rows = (await list(worker, 'view=open')).items as { id: string; unread: boolean }[];
    expect(rows.find((r) => r.id === ids.dueSoon)!.unread).toBe(false);
    expect(rows.find((r) => r.id === ids.dueLater)!.unread).toBe(true);
    await t.db.ds.query(`UPDATE cases SET last_message_at = now() + interval '1 minute' WHERE id = $1`, [ids.dueSoon]);
    const again = (await list(worker, 'view=open')).items as { id: string; unread: boolean }[];
    expect(again.find((r) => r.id === ids.dueSoon)!.unread).toBe(true);
    // Read state is per user.
    const sup = await apiLogin(t, 'supervisor@luister.example');
    expect(
      ((await list(sup, 'view=open')).items as { id: string; unread: boolean }[]).find((r) => r.id === ids.dueLater)!
        .unread,
    ).toBe(true);
  });

  it('carries the API fields and never message text', async () => {
    const res = await http().get('/api/v1/cases?view=open').set(worker);
    expect(Object.keys(res.body.items[0])).toEqual(
      expect.arrayContaining([
        'id',
        'caseRef',
        'status',
        'channel',
        'topic',
        'regionCode',
        'assignedTo',
        'crisis',
        'firstReplyDueAt',
        'nextReplyDueAt',
        'createdAt',
      ]),
    );
    expect(res.text).not.toContain('geheim bericht');
    expect(res.text).not.toContain('Een vraag');
  });

  it('shows in the list who is writing a reply, to everyone but the writer', async () => {
    const supId = await staffId(t.db.ds, 'supervisor@luister.example');
    await t.db.ds.query(
      `INSERT INTO case_lock (case_id, staff_user_id, expires_at) VALUES ($1, $2, now() + interval '5 minutes')`,
      [ids.dueLater, supId],
    );
    const rows = (await list(worker, 'view=open')).items as { id: string; writingName: string | null }[];
    expect(rows.find((r) => r.id === ids.dueLater)!.writingName).toBe('Sam Supervisor');
    expect(rows.find((r) => r.id === ids.dueSoon)!.writingName).toBeNull();
    const sup = await apiLogin(t, 'supervisor@luister.example');
    const own = (await list(sup, 'view=open')).items as { id: string; writingName: string | null }[];
    expect(own.find((r) => r.id === ids.dueLater)!.writingName).toBeNull();
    await t.db.ds.query(`DELETE FROM case_lock WHERE case_id = $1`, [ids.dueLater]);
  });

  it('refuses anonymous API calls with 401', async () => {
    const res = await http().get('/api/v1/cases');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthorized');
  });

  it('renders /inbox with tabs, counts and rows, no message text, keyboard script external', async () => {
    expect((await http().get('/inbox').set('Accept', 'text/html')).headers.location).toBe('/login?next=%2Finbox');
    const agent = await pageLogin(t, 'worker@luister.example');
    const page = await agent.get('/inbox?view=open');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/id="tab-open" aria-current="page">Alle open <span class="count">6<\/span>/);
    expect((page.text.match(/class="case-row/g) ?? []).length).toBe(6);
    expect(page.text).toContain('<script src="/static/staff.js" defer></script>');
    expect(page.text).not.toContain('geheim bericht');
    expect(page.text).not.toMatch(/<script>(?!<\/script>)/);
    const next = await agent.get('/inbox?view=open&limit=2');
    expect(next.text).toContain('id="next-page"');
    const bad = await agent.get('/inbox?view=nope');
    expect(bad.status).toBe(200);
    expect(bad.text).toContain('Een filter was ongeldig');
  });
});
