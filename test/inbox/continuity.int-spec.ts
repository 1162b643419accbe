import request from 'supertest';
import { CasesService, NewCase } from '../../src/cases/cases.service';
import { startTestApp, TestApp } from '../support/app';
import { apiLogin } from '../staff/staff-login';
import { staffId } from './factories';

describe('continuity: a returning help-seeker is offered to the worker who answered before', () => {
  let t: TestApp;
  let cases: CasesService;
  let workerId: string;
  let supervisorId: string;
  const region = async (code: string) => {
    const [r] = await t.db.ds.query(`SELECT id, code, name, is_fallback AS fallback FROM region WHERE code = $1`, [
      code,
    ]);
    return r;
  };
  const create = async (email: string | null, regionCode: string) => {
    const r = await region(regionCode);
    const spec: NewCase = {
      channel: 'email',
      helpSeeker: { nickname: 'Merel', language: 'nl', email },
      region: r,
      firstMessage: { text: 'Ik schrijf opnieuw over mijn schulden.' },
    };
    return t.db.ds.transaction((m) => cases.createCase(m, spec));
  };
  const assignee = async (id: string) =>
    (await t.db.ds.query(`SELECT assigned_to, status FROM cases WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    t = await startTestApp();
    cases = t.app.get(CasesService);
    workerId = await staffId(t.db.ds, 'worker@luister.example');
    supervisorId = await staffId(t.db.ds, 'supervisor@luister.example');
  });
  afterAll(() => t.close());

  it('assigns the new e-mail case to the author of the last reply, and leaves it new', async () => {
    const first = await create('merel@example.org', 'amsterdam');
    await t.db.ds.query(`UPDATE cases SET assigned_to = $2, status = 'closed' WHERE id = $1`, [
      first.caseId,
      supervisorId,
    ]);
    await t.db.ds.query(
      `INSERT INTO message (case_id, direction, channel, body_text, author_id) VALUES ($1, 'out', 'email', 'Antwoord', $2)`,
      [first.caseId, workerId],
    );
    const second = await create('Merel@Example.org', 'amsterdam');
    expect(await assignee(second.caseId)).toEqual({ assigned_to: workerId, status: 'new' });
    const [e] = await t.db.ds.query(`SELECT data FROM case_event WHERE case_id = $1 AND type = 'case.assigned'`, [
      second.caseId,
    ]);
    expect(e.data).toEqual({ how: 'continuity', to: workerId });
    // It is in the worker's "mine" view.
    const auth = await apiLogin(t, 'worker@luister.example');
    const mine = await request(t.app.getHttpServer()).get('/api/v1/cases?view=mine').set(auth);
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(second.caseId);
  });

  it('falls back to the worker the earlier case was assigned to when nobody replied yet', async () => {
    const first = await create('vlinder@example.org', 'amsterdam');
    await t.db.ds.query(`UPDATE cases SET assigned_to = $2 WHERE id = $1`, [first.caseId, supervisorId]);
    const second = await create('vlinder@example.org', 'amsterdam');
    expect((await assignee(second.caseId)).assigned_to).toBe(supervisorId);
  });

  it("offers nothing when the worker does not work in the new case's region, is inactive, or there is no address", async () => {
    const first = await create('kikker@example.org', 'amsterdam');
    await t.db.ds.query(
      `INSERT INTO message (case_id, direction, channel, body_text, author_id) VALUES ($1, 'out', 'email', 'Antwoord', $2)`,
      [first.caseId, workerId],
    );
    const inGent = await create('kikker@example.org', 'gent');
    expect((await assignee(inGent.caseId)).assigned_to).toBeNull();
    await t.db.ds.query(`UPDATE staff_user SET active = false WHERE id = $1`, [workerId]);
    const inactive = await create('kikker@example.org', 'amsterdam');
    expect((await assignee(inactive.caseId)).assigned_to).toBeNull();
    await t.db.ds.query(`UPDATE staff_user SET active = true WHERE id = $1`, [workerId]);
    const anonymous = await create(null, 'amsterdam');
    expect((await assignee(anonymous.caseId)).assigned_to).toBeNull();
    const stranger = await create('iemand-anders@example.org', 'amsterdam');
    expect((await assignee(stranger.caseId)).assigned_to).toBeNull();
  });

  describe('never across organisations', () => {
    const reply = (caseId: string, authorId: string) =>
      t.db.ds.query(
        `INSERT INTO message (case_id, direction, channel, body_text, author_id) VALUES ($1, 'out', 'email', 'Antwoord', $2)`,
        [caseId, authorId],
      );

    it('after a transfer: each organisation offers the returning help-seeker to its own worker only', async () => {
      const gentId = await staffId(t.db.ds, 'gent@luister.example');
      const first = await create('reiger@example.org', 'amsterdam');
      await reply(first.caseId, workerId);
      const worker = await apiLogin(t, 'worker@luister.example');
      await request(t.app.getHttpServer())
        .post(`/api/v1/cases/${first.caseId}/transfer`)
        .set(worker)
        .send({ region: 'gent', reason: 'moved' })
        .expect(200);
      await reply(first.caseId, gentId);
      // The latest answer is Gent's; a new mail to Gent goes to the Gent worker…
      const inGent = await create('reiger@example.org', 'gent');
      expect((await assignee(inGent.caseId)).assigned_to).toBe(gentId);
      // …and one to Amsterdam to the Amsterdam worker who answered earlier, never to Gent's.
      const inAmsterdam = await create('reiger@example.org', 'amsterdam');
      expect((await assignee(inAmsterdam.caseId)).assigned_to).toBe(workerId);
    });

    it('skips a worker now of another organisation who kept an old region, and the platform admin', async () => {
      const moverId = await staffId(t.db.ds, 'trainee@luister.example');
      const adminId = await staffId(t.db.ds, 'admin@luister.example');
      const first = await create('ooievaar@example.org', 'amsterdam');
      await reply(first.caseId, moverId);
      // Moved to CAW Oost-Vlaanderen; the database keeps the Amsterdam region row (only staff_region
      // inserts are checked against the organisation).
      await t.db.ds.query(
        `UPDATE staff_user SET organisation_id = (SELECT id FROM organisation WHERE code = 'caw-oost-vlaanderen'), role = 'worker' WHERE id = $1`,
        [moverId],
      );
      expect(
        await t.db.ds.query(
          `SELECT r.code FROM staff_region sr JOIN region r ON r.id = sr.region_id WHERE sr.staff_user_id = $1`,
          [moverId],
        ),
      ).toEqual([{ code: 'amsterdam' }]);
      const again = await create('ooievaar@example.org', 'amsterdam');
      expect((await assignee(again.caseId)).assigned_to).toBeNull();

      // The platform admin belongs to no organisation: never offered a case, whatever region rows it has.
      await t.db.ds.query(
        `INSERT INTO staff_region (staff_user_id, region_id) SELECT $1, id FROM region WHERE code = 'amsterdam'`,
        [adminId],
      );
      const byAdmin = await create('zwaluw@example.org', 'amsterdam');
      await reply(byAdmin.caseId, adminId);
      const back = await create('zwaluw@example.org', 'amsterdam');
      expect((await assignee(back.caseId)).assigned_to).toBeNull();
    });
  });
});
