import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { makeCase, staffId } from '../inbox/factories';
import { apiLogin, pageLogin } from '../staff/staff-login';

describe('audit trail', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  let caseId: string;
  let caseRef: string;
  let workerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ id: caseId, caseRef } = await makeCase(t.db.ds, { region: 'amsterdam', text: 'Geheime vraag over schulden' }));
    workerId = await staffId(t.db.ds, 'worker@luister.example');
    const worker = await apiLogin(t, 'worker@luister.example');
    await http().get(`/api/v1/cases/${caseId}`).set(worker).expect(200);
    await http().post(`/api/v1/cases/${caseId}/claim`).set(worker).expect(204);
    await http().post(`/api/v1/cases/${caseId}/notes`).set(worker).send({ text: 'Notitie met inhoud' }).expect(201);
    await http().post(`/api/v1/cases/${caseId}/status`).set(worker).send({ status: 'waiting' }).expect(204);
  });
  afterAll(() => t.close());

  it('writes a row for every open and change, with facts only', async () => {
    const rows = await t.db.ds.query(`SELECT action, actor_id, data FROM audit_log WHERE case_id = $1 ORDER BY id`, [
      caseId,
    ]);
    expect(rows.map((r: { action: string }) => r.action)).toEqual([
      'case.open',
      'case.claim',
      'case.note',
      'case.status',
    ]);
    expect(rows.every((r: { actor_id: string }) => r.actor_id === workerId)).toBe(true);
    expect(JSON.stringify(rows)).not.toMatch(/Geheime|Notitie met inhoud/);
  });

  it('cannot be changed or removed: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(t.db.ds.query(`UPDATE audit_log SET action = 'x' WHERE case_id = $1`, [caseId])).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.ds.query(`DELETE FROM audit_log WHERE case_id = $1`, [caseId])).rejects.toThrow(/append-only/);
    await expect(t.db.ds.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    const [n] = await t.db.ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE case_id = $1`, [caseId]);
    expect(n.n).toBe(4);
  });

  it('does not stand in the way of a help-seeker erasing their case', async () => {
    const other = await makeCase(t.db.ds, { region: 'amsterdam' });
    const admin = await apiLogin(t, 'admin@luister.example');
    await http().get(`/api/v1/cases/${other.id}`).set(admin).expect(200);
    await t.db.ds.query(`DELETE FROM cases WHERE id = $1`, [other.id]);
    const [n] = await t.db.ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE case_id = $1`, [other.id]);
    expect(n.n).toBe(1);
  });

  it('lets admins read it per case (id or reference) and per user, and records that reading', async () => {
    const admin = await apiLogin(t, 'admin@luister.example');
    const byCase = await http().get(`/api/v1/admin/audit?caseId=${caseRef}`).set(admin);
    expect(byCase.status).toBe(200);
    expect(byCase.body.items.map((i: { action: string }) => i.action)).toEqual([
      'case.status',
      'case.note',
      'case.claim',
      'case.open',
    ]);
    expect(byCase.body.items[0]).toMatchObject({ actorName: 'Wim Werker', caseRef });
    const byUser = await http().get(`/api/v1/admin/audit?userId=${workerId}&limit=2`).set(admin);
    expect(byUser.body.items).toHaveLength(2);
    expect(byUser.body.next).toEqual(expect.any(String));
    const rest = await http().get(`/api/v1/admin/audit?userId=${workerId}&after=${byUser.body.next}`).set(admin);
    expect(rest.body.items.map((i: { action: string }) => i.action)).toEqual(
      expect.arrayContaining(['case.open', 'auth.login']),
    );
    const [read] = await t.db.ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'audit.read'`);
    expect(read.n).toBe(3);
    expect((await http().get('/api/v1/admin/audit').set(admin)).status).toBe(400);
  });

  it('is for admins only', async () => {
    for (const email of ['worker@luister.example', 'supervisor@luister.example', 'manager@luister.example']) {
      const auth = await apiLogin(t, email);
      expect((await http().get(`/api/v1/admin/audit?caseId=${caseId}`).set(auth)).status).toBe(403);
    }
    const agent = await pageLogin(t, 'manager@luister.example');
    expect((await agent.get(`/admin/audit?case=${caseRef}`)).status).toBe(403);
  });

  it('shows the trail on /admin/audit', async () => {
    const agent = await pageLogin(t, 'admin@luister.example');
    const page = await agent.get(`/admin/audit?case=${caseRef}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Casus geopend');
    expect(page.text).toContain('Wim Werker');
  });
});
