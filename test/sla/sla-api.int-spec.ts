import { DateTime } from 'luxon';
import { dutchRegionsInOneOrganisation } from '../support/one-organisation';
import request from 'supertest';
import { CasesService } from '../../src/cases/cases.service';
import { parsePostcode, Postcode } from '../../src/routing/postcode';
import { SlaWarningService } from '../../src/cases/sla-warning.service';
import { apiLogin } from '../staff/staff-login';
import { startTestApp, TestApp } from '../support/app';
import { workSlaRecompute } from '../support/jobs';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Amsterdam' }).toJSDate();
const pc = (s: string): Postcode => {
  const p = parsePostcode(s, 'NL');
  if (!p.ok) throw new Error('postcode');
  return p.postcode;
};

describe('SLA settings, crisis flag and notifications over the API', () => {
  let t: TestApp;
  let manager: { Authorization: string };
  let worker: { Authorization: string };

  beforeAll(async () => {
    t = await startTestApp();
    await dutchRegionsInOneOrganisation(t.db.ds);
    manager = await apiLogin(t, 'manager@luister.example');
    worker = await apiLogin(t, 'worker@luister.example');
  });
  afterAll(() => t.close());

  const http = () => request(t.app.getHttpServer());
  const newCase = (postcode: string, receivedAt: Date) =>
    t.db.ds.transaction((m) =>
      t.app.get(CasesService).createCase(m, {
        channel: 'web',
        helpSeeker: { nickname: 'Api', language: 'nl' },
        postcode: pc(postcode),
        firstMessage: { text: 'Een vraag.' },
        receivedAt,
      }),
    );
  const due = async (id: string) =>
    (await t.db.ds.query(`SELECT first_reply_due_at FROM cases WHERE id = $1`, [id]))[0].first_reply_due_at as Date;

  it('lets managers read and change their regions’ calendars and policies; open cases follow', async () => {
    const settings = await http().get('/api/v1/sla/regions/utrecht').set(manager).expect(200);
    expect(settings.body).toMatchObject({
      region: 'utrecht',
      timeZone: 'Europe/Amsterdam',
      calendar: { isDefault: false, holidayCountry: 'NL' },
    });
    expect(settings.body.policies).toContainEqual({
      topicCode: null,
      crisis: false,
      firstReplyMinutes: 840,
      nextReplyMinutes: 840,
      wallClock: false,
      warnPercent: 75,
    });
    await http().get('/api/v1/sla/regions/gent').set(manager).expect(404);
    await http().get('/api/v1/sla/regions/utrecht').set(worker).expect(403);
    await http().get('/api/v1/sla/regions/utrecht').expect(401);

    const c = await newCase('3512', at('2026-11-23T09:00'));
    expect(await due(c.caseId)).toEqual(at('2026-11-24T17:00'));
    await http()
      .put('/api/v1/sla/regions/utrecht/policies')
      .set(manager)
      .send({ crisis: false, firstReplyMinutes: 60, nextReplyMinutes: 120 })
      .expect(204);
    // The save queued the region's recompute with it (in its transaction); the job moves the due time.
    expect(await due(c.caseId)).toEqual(at('2026-11-24T17:00'));
    expect(await workSlaRecompute(t.app)).toBe(1);
    expect(await due(c.caseId)).toEqual(at('2026-11-23T10:00'));
    const bad = await http()
      .put('/api/v1/sla/regions/utrecht/policies')
      .set(manager)
      .send({ crisis: false, firstReplyMinutes: 0, nextReplyMinutes: 60 })
      .expect(400);
    expect(Object.keys(bad.body.fields)).toEqual(['firstReplyMinutes']);

    await http()
      .post('/api/v1/sla/regions/utrecht/closed-days')
      .set(manager)
      .send({ day: '2026-11-23', reason: 'Teamdag' })
      .expect(204);
    await workSlaRecompute(t.app);
    expect(await due(c.caseId)).toEqual(at('2026-11-24T10:00'));

    const overlap = await http()
      .put('/api/v1/sla/regions/utrecht/calendar')
      .set(manager)
      .send({
        weeklyHours: {
          mon: [
            { start: '09:00', end: '13:00' },
            { start: '12:00', end: '17:00' },
          ],
        },
      })
      .expect(400);
    expect(overlap.body.fields).toEqual({ weeklyHours: [expect.stringContaining('openingstijden')] });
    // Tuesday mornings only: the remaining hour runs Tuesday 08:00–09:00.
    await http()
      .put('/api/v1/sla/regions/utrecht/calendar')
      .set(manager)
      .send({ weeklyHours: { tue: [{ start: '08:00', end: '12:00' }] }, holidayCountry: 'NL' })
      .expect(204);
    await workSlaRecompute(t.app);
    expect(await due(c.caseId)).toEqual(at('2026-11-24T09:00'));
    const after = await http().get('/api/v1/sla/regions/utrecht').set(manager).expect(200);
    expect(after.body.calendar.weeklyHours).toEqual({ tue: [{ start: '08:00', end: '12:00' }] });
    expect(after.body.closedDays).toEqual([{ day: '2026-11-23', reason: 'Teamdag' }]);

    const [{ n }] = await t.db.ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'sla.change'`);
    expect(n).toBe(3);
  });

  it('writes a settings change and its audit row together: when the audit row fails, nothing changed', async () => {
    const policy = async () =>
      (
        await t.db.ds.query(
          `SELECT first_reply_minutes AS n FROM sla_policy p JOIN region r ON r.id = p.region_id
            WHERE r.code = 'utrecht' AND p.topic_code IS NULL AND NOT p.crisis`,
        )
      )[0]?.n;
    const before = await policy();
    await t.db.ds.query(
      `CREATE FUNCTION no_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit down'; END $$`,
    );
    await t.db.ds.query(`CREATE TRIGGER no_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION no_audit()`);
    try {
      await http()
        .put('/api/v1/sla/regions/utrecht/policies')
        .set(manager)
        .send({ crisis: false, firstReplyMinutes: 777, nextReplyMinutes: 120 })
        .expect(500);
      await http()
        .post('/api/v1/sla/regions/utrecht/closed-days')
        .set(manager)
        .send({ day: '2027-03-03', reason: 'Teamdag' })
        .expect(500);
    } finally {
      await t.db.ds.query(`DROP TRIGGER no_audit ON audit_log`);
      await t.db.ds.query(`DROP FUNCTION no_audit()`);
    }
    expect(await policy()).toBe(before);
    expect(await t.db.ds.query(`SELECT 1 FROM sla_closed_day WHERE day = '2027-03-03'`)).toEqual([]);
    // Nor was a recompute queued for a change that never happened.
    expect(await workSlaRecompute(t.app)).toBe(0);
  });

  it('lets staff of the case’s region set and clear the crisis flag with a reason (audited)', async () => {
    const c = await newCase('1012', at('2026-11-23T09:00'));
    await http().post(`/api/v1/cases/${c.caseId}/crisis`).set(worker).send({ crisis: true }).expect(400);
    await http()
      .post(`/api/v1/cases/${c.caseId}/crisis`)
      .set(worker)
      .send({ crisis: true, reason: 'Belde in paniek' })
      .expect(204);
    // Amsterdam's demo crisis policy: four wall-clock hours from the clock start.
    const [r] = await t.db.ds.query(`SELECT crisis, first_reply_due_at FROM cases WHERE id = $1`, [c.caseId]);
    expect(r).toEqual({ crisis: true, first_reply_due_at: at('2026-11-23T13:00') });
    const [e] = await t.db.ds.query(
      `SELECT data, actor_id FROM case_event WHERE case_id = $1 AND type = 'case.crisis_set'`,
      [c.caseId],
    );
    expect(e.data).toEqual({ source: 'staff', reason: 'Belde in paniek' });
    const [a] = await t.db.ds.query(`SELECT data FROM audit_log WHERE action = 'case.crisis' AND case_id = $1`, [
      c.caseId,
    ]);
    expect(a.data).toEqual({ crisis: true });
    await http()
      .post(`/api/v1/cases/${c.caseId}/crisis`)
      .set(worker)
      .send({ crisis: false, reason: 'Toch geen crisis' })
      .expect(204);
    expect((await t.db.ds.query(`SELECT crisis FROM cases WHERE id = $1`, [c.caseId]))[0].crisis).toBe(false);

    const elsewhere = await newCase('3512', at('2026-11-23T09:00'));
    await http()
      .post(`/api/v1/cases/${elsewhere.caseId}/crisis`)
      .set(worker)
      .send({ crisis: true, reason: 'Niet mijn regio' })
      .expect(404);
    await http()
      .post(`/api/v1/cases/not-a-uuid/crisis`)
      .set(worker)
      .send({ crisis: true, reason: 'Onzin' })
      .expect(404);
  });

  it('shows a worker their SLA notifications without case content and marks them read', async () => {
    await newCase('1012', at('2026-11-30T09:00'));
    await t.app.get(SlaWarningService).scan(at('2026-12-01T13:00'));
    const list = await http().get('/api/v1/notifications').set(worker).expect(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({
        kind: 'sla.warning',
        data: expect.objectContaining({ target: 'first', crisis: false }),
      }),
    );
    expect(JSON.stringify(list.body)).not.toContain('Een vraag');
    await http()
      .post('/api/v1/notifications/read')
      .set(worker)
      .send({ ids: list.body.items.map((i: { id: string }) => i.id) })
      .expect(204);
    const after = (await http().get('/api/v1/notifications').set(worker).expect(200)).body;
    expect(after.unread).toBe(0);
    expect(after.items.every((i: { readAt: string | null }) => i.readAt !== null)).toBe(true);
  });
});

describe('a policy change with the job queue running', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ jobs: { enabled: true } });
    await dutchRegionsInOneOrganisation(t.db.ds);
  });
  afterAll(() => t.close());

  it('moves the region’s open due times without anyone working the queue by hand', async () => {
    const manager = await apiLogin(t, 'manager@luister.example');
    const c = await t.db.ds.transaction((m) =>
      t.app.get(CasesService).createCase(m, {
        channel: 'web',
        helpSeeker: { nickname: 'Api', language: 'nl' },
        postcode: pc('3512'),
        firstMessage: { text: 'Een vraag.' },
        receivedAt: at('2026-11-23T09:00'),
      }),
    );
    const due = async () =>
      (await t.db.ds.query(`SELECT first_reply_due_at FROM cases WHERE id = $1`, [c.caseId]))[0].first_reply_due_at;
    expect(await due()).toEqual(at('2026-11-24T17:00'));
    await request(t.app.getHttpServer())
      .put('/api/v1/sla/regions/utrecht/policies')
      .set(manager)
      .send({ crisis: false, firstReplyMinutes: 60, nextReplyMinutes: 120 })
      .expect(204);
    const deadline = Date.now() + 20_000;
    while ((await due()).getTime() !== at('2026-11-23T10:00').getTime() && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect(await due()).toEqual(at('2026-11-23T10:00'));
  });
});
