import request from 'supertest';
import { DateTime } from 'luxon';
import { CasesService, NewCase } from '../../src/cases/cases.service';
import { parsePostcode } from '../../src/routing/postcode';
import { SlaWarningService } from '../../src/cases/sla-warning.service';
import { csrfFrom, startTestApp, TestApp } from '../support/app';
import { makeCase, staffId } from '../inbox/factories';
import { apiLogin, pageLogin } from './staff-login';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Absence and hand-over: the routes, continuity, the "Collega afwezig" view, SLA warnings. */
describe('absence', () => {
  let t: TestApp;
  let worker: { Authorization: string };
  let supervisor: { Authorization: string };
  let gent: { Authorization: string };
  let ids: Record<string, string>;
  const http = () => request(t.app.getHttpServer());
  const me = async (auth: { Authorization: string }) => (await http().get('/api/v1/auth/me').set(auth)).body;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await apiLogin(t, 'worker@luister.example');
    supervisor = await apiLogin(t, 'supervisor@luister.example');
    gent = await apiLogin(t, 'gent@luister.example');
    ids = {};
    for (const e of ['worker', 'supervisor', 'gent', 'trainee'])
      ids[e] = await staffId(t.db.ds, `${e}@luister.example`);
  });
  afterAll(() => t.close());
  afterEach(() => t.db.ds.query(`DELETE FROM staff_absence`));

  it('a worker sets, sees and ends their own absence', async () => {
    expect((await me(worker)).absence).toBeNull();
    const res = await http()
      .put('/api/v1/me/absence')
      .set(worker)
      .send({ from: day(0), to: day(7), substituteId: ids.supervisor });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ substituteId: ids.supervisor, substituteName: 'Sam Supervisor' });
    expect((await me(worker)).absence).toMatchObject({
      from: `${day(0)}T00:00:00.000Z`,
      to: `${day(8)}T00:00:00.000Z`,
      substituteId: ids.supervisor,
    });
    const [audit] = await t.db.ds.query(
      `SELECT actor_id, target_user_id FROM audit_log WHERE action = 'absence.set' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit).toEqual({ actor_id: ids.worker, target_user_id: ids.worker });
    await http().delete('/api/v1/me/absence').set(worker).expect(204);
    expect((await me(worker)).absence).toBeNull();
  });

  it('refuses bad periods and a substitute from another region (400 with fields)', async () => {
    const bad = await http()
      .put('/api/v1/me/absence')
      .set(worker)
      .send({ from: 'gisteren', to: day(-3) });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['from', 'to']);
    const backwards = await http()
      .put('/api/v1/me/absence')
      .set(worker)
      .send({ from: day(5), to: day(2) });
    expect(Object.keys(backwards.body.fields)).toEqual(['to']);
    const far = await http()
      .put('/api/v1/me/absence')
      .set(worker)
      .send({ from: day(0), to: day(3), substituteId: ids.gent });
    expect(far.status).toBe(400);
    expect(Object.keys(far.body.fields)).toEqual(['substituteId']);
    const self = await http()
      .put('/api/v1/me/absence')
      .set(worker)
      .send({ from: day(0), to: day(3), substituteId: ids.worker });
    expect(Object.keys(self.body.fields)).toEqual(['substituteId']);
    expect(await t.db.ds.query(`SELECT 1 FROM staff_absence`)).toEqual([]);
  });

  it('a supervisor sets it for a worker of their region; nobody else can (404)', async () => {
    const ok = await http()
      .put(`/api/v1/staff/${ids.worker}/absence`)
      .set(supervisor)
      .send({ from: day(0), to: day(2) });
    expect(ok.status).toBe(200);
    expect((await me(worker)).absence).toMatchObject({ substituteId: null });
    // A worker may not set a colleague's; a supervisor not another region's worker.
    expect(
      (
        await http()
          .put(`/api/v1/staff/${ids.supervisor}/absence`)
          .set(worker)
          .send({ from: day(0), to: day(2) })
      ).status,
    ).toBe(404);
    expect(
      (
        await http()
          .put(`/api/v1/staff/${ids.gent}/absence`)
          .set(supervisor)
          .send({ from: day(0), to: day(2) })
      ).status,
    ).toBe(404);
    expect((await http().delete(`/api/v1/staff/${ids.worker}/absence`).set(gent)).status).toBe(404);
    expect((await me(worker)).absence).not.toBeNull();
    await http().delete(`/api/v1/staff/${ids.worker}/absence`).set(supervisor).expect(204);
    expect((await me(worker)).absence).toBeNull();
  });

  describe('while away', () => {
    const region = async (code: string) =>
      (await t.db.ds.query(`SELECT id, code, name, is_fallback AS fallback FROM region WHERE code = $1`, [code]))[0];
    const returning = async (email: string) => {
      const cases = t.app.get(CasesService);
      const spec: NewCase = {
        channel: 'email',
        helpSeeker: { nickname: 'Merel', language: 'nl', email },
        region: await region('amsterdam'),
        firstMessage: { text: 'Ik schrijf opnieuw.' },
      };
      return t.db.ds.transaction((m) => cases.createCase(m, spec));
    };
    const answeredBefore = async (email: string) => {
      const first = await returning(email);
      await t.db.ds.query(`UPDATE cases SET assigned_to = $2, status = 'closed' WHERE id = $1`, [
        first.caseId,
        ids.worker,
      ]);
    };
    const assignee = async (id: string) =>
      (await t.db.ds.query(`SELECT assigned_to FROM cases WHERE id = $1`, [id]))[0].assigned_to;

    it('continuity sends a returning help-seeker to the substitute, or to the team; back to the worker after', async () => {
      await answeredBefore('terug@example.org');
      await http()
        .put('/api/v1/me/absence')
        .set(worker)
        .send({ from: day(-1), to: day(3), substituteId: ids.supervisor })
        .expect(200);
      const toSub = await returning('terug@example.org');
      expect(await assignee(toSub.caseId)).toBe(ids.supervisor);
      const [e] = await t.db.ds.query(`SELECT data FROM case_event WHERE case_id = $1 AND type = 'case.assigned'`, [
        toSub.caseId,
      ]);
      expect(e.data).toEqual({ how: 'continuity-substitute', to: ids.supervisor });
      // The help-seeker sees nothing of it: no names, no absence.
      const link = await http().post('/api/v1/questions').send({
        nickname: 'Merel',
        text: 'Ik wil nog iets vragen over mijn situatie.',
        postcode: '1012',
        email: 'terug@example.org',
        emailConsent: true,
      });
      const seen = await http()
        .get('/api/v1/case')
        .set({ Authorization: `Bearer ${link.body.token}` });
      expect([link.status, link.body.fields]).toEqual([201, undefined]);
      expect(seen.status).toBe(200);
      expect(JSON.stringify(seen.body)).not.toMatch(/Sam|Supervisor|Wim|afwezig|absen/i);

      await http()
        .put('/api/v1/me/absence')
        .set(worker)
        .send({ from: day(-1), to: day(3) })
        .expect(200);
      await answeredBefore('b@example.org');
      expect(await assignee((await returning('b@example.org')).caseId)).toBeNull();
      // A planned absence (starting later) changes nothing yet.
      await http()
        .put('/api/v1/me/absence')
        .set(worker)
        .send({ from: day(2), to: day(3) })
        .expect(200);
      await answeredBefore('c@example.org');
      expect(await assignee((await returning('c@example.org')).caseId)).toBe(ids.worker);
      // It ends by itself: an absence whose end has passed counts no more.
      await t.db.ds.query(
        `UPDATE staff_absence SET starts_at = now() - interval '3 days', ends_at = now() - interval '1 minute'`,
      );
      await answeredBefore('d@example.org');
      expect(await assignee((await returning('d@example.org')).caseId)).toBe(ids.worker);
      expect((await me(worker)).absence).toBeNull();
    });

    it('the absent worker’s open cases show in "Collega afwezig" for the team, not for another region', async () => {
      const open = await makeCase(t.db.ds, { region: 'amsterdam', status: 'open', assignedTo: ids.worker });
      const closed = await makeCase(t.db.ds, { region: 'amsterdam', status: 'closed', assignedTo: ids.worker });
      const list = async (auth: { Authorization: string }) =>
        (await http().get('/api/v1/cases?view=absent').set(auth)).body;
      expect((await list(supervisor)).items).toEqual([]);
      await http()
        .put('/api/v1/me/absence')
        .set(worker)
        .send({ from: day(0), to: day(1) })
        .expect(200);
      const seen = await list(supervisor);
      expect(seen.items.map((i: { id: string }) => i.id)).toContain(open.id);
      expect(seen.items.map((i: { id: string }) => i.id)).not.toContain(closed.id);
      expect(seen.counts.absent).toBeGreaterThanOrEqual(1);
      expect((await list(gent)).items).toEqual([]);
      // The inbox says who is away, with the tab.
      const agent = await pageLogin(t, 'supervisor@luister.example');
      const page = await agent.get('/inbox?view=absent');
      expect(page.text).toMatch(/id="inbox-away">[^<]*Wim Werker/);
      expect(page.text).toContain('Collega afwezig');
      expect(page.text).toContain(open.caseRef);
    });

    it('SLA warnings go to the substitute (or the team when there is none), chosen in the scan query', async () => {
      const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Amsterdam' }).toJSDate();
      const p = parsePostcode('1012', 'NL');
      if (!p.ok) throw new Error('postcode');
      const make = async () => {
        const c = await t.db.ds.transaction((m) =>
          t.app.get(CasesService).createCase(m, {
            channel: 'web',
            helpSeeker: { nickname: 'S', language: 'nl' },
            postcode: p.postcode,
            firstMessage: { text: 'Een vraag.' },
            receivedAt: at('2026-11-23T09:00'),
          }),
        );
        await t.db.ds.query(`UPDATE cases SET assigned_to = $2 WHERE id = $1`, [c.caseId, ids.worker]);
        return c.caseId;
      };
      const withSub = await make();
      await t.db.ds.query(
        `INSERT INTO staff_absence (staff_user_id, starts_at, ends_at, substitute_id) VALUES ($1, $2, $3, $4)`,
        [ids.worker, at('2026-11-24T00:00'), at('2026-11-25T00:00'), ids.supervisor],
      );
      await t.app.get(SlaWarningService).scan(at('2026-11-24T13:00'));
      const to = async (caseId: string) =>
        (
          await t.db.ds.query(
            `SELECT staff_user_id FROM notification WHERE case_id = $1 AND kind IN ('sla.warning', 'sla.breach') ORDER BY staff_user_id`,
            [caseId],
          )
        ).map((r: { staff_user_id: string }) => r.staff_user_id);
      expect(await to(withSub)).toEqual([ids.supervisor]);
      // No substitute: the region's team (the absent worker left out), once each.
      const noSub = await make();
      await t.db.ds.query(`UPDATE staff_absence SET substitute_id = NULL`);
      await t.app.get(SlaWarningService).scan(at('2026-11-24T13:00'));
      const team = await to(noSub);
      expect(team).not.toContain(ids.worker);
      expect(team.sort()).toEqual([ids.supervisor, ids.trainee].sort());
      // After the absence: the worker again.
      const after = await make();
      await t.app.get(SlaWarningService).scan(at('2026-11-25T13:00'));
      expect(await to(after)).toEqual(expect.arrayContaining([ids.worker]));
    });
  });

  it('the /absence page sets an absence with a date picker form', async () => {
    const agent = await pageLogin(t, 'worker@luister.example');
    const page = await agent.get('/absence');
    expect(page.status).toBe(200);
    const res = await agent
      .post('/absence')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), from: day(0), to: day(4), substituteId: ids.supervisor });
    expect(res.status).toBe(303);
    const after = await agent.get(res.headers.location);
    expect(after.text).toContain('Afwezigheid opgeslagen.');
    expect(after.text).toContain(`Afwezig van ${day(0)} tot ${day(4)}, vervanger: Sam Supervisor`);
    const bad = await agent
      .post('/absence')
      .type('form')
      .send({ _csrf: csrfFrom(after.text), from: day(3), to: day(1) });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('to-error');
  });
});
