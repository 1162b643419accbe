import request from 'supertest';
import { apiLogin, csrfOf, pageLogin } from '../staff/staff-login';
import { csrfFrom, startTestApp, TestApp } from '../support/app';
import { workSlaRecompute } from '../support/jobs';

type Auth = { Authorization: string };

/**
 * SLA settings per organisation (issue 16): managers and org-admins keep the calendars, closed
 * days and reply targets of their own organisation's regions, the platform admin of every region;
 * another organisation's region is 404 on every route, API and page.
 */
describe("SLA settings: an organisation's regions only", () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  let admin: Auth;
  let amsterdam: Record<'orgAdmin' | 'manager', Auth>;
  let gent: Record<'orgAdmin' | 'manager', Auth>;

  const gentState = async () => {
    const [row] = await t.db.ds.query(
      `SELECT (SELECT count(*)::int FROM sla_closed_day d WHERE d.region_id = r.id) AS closed,
              (SELECT count(*)::int FROM sla_policy p WHERE p.region_id = r.id) AS policies,
              (SELECT weekly_hours FROM sla_calendar c WHERE c.region_id = r.id) AS hours
         FROM region r WHERE r.code = 'gent'`,
    );
    return row;
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await apiLogin(t, 'admin@luister.example');
    amsterdam = {
      orgAdmin: await apiLogin(t, 'orgadmin.amsterdam@luister.example'),
      manager: await apiLogin(t, 'manager@luister.example'),
    };
    gent = {
      orgAdmin: await apiLogin(t, 'orgadmin.gent@luister.example'),
      manager: await apiLogin(t, 'manager.gent@luister.example'),
    };
  });
  afterAll(() => t.close());

  it("answers 404 to another organisation's org-admin and manager on every API route, and changes nothing", async () => {
    const before = await gentState();
    await http().post('/api/v1/sla/regions/gent/closed-days').set(gent.manager).send({ day: '2027-01-02' }).expect(204);
    for (const who of [amsterdam.orgAdmin, amsterdam.manager]) {
      const regions = (await http().get('/api/v1/sla/regions').set(who).expect(200)).body;
      expect(regions.map((r: { code: string }) => r.code)).toEqual(['amsterdam']);
      for (const res of [
        await http().get('/api/v1/sla/regions/gent').set(who),
        await http()
          .put('/api/v1/sla/regions/gent/calendar')
          .set(who)
          .send({ weeklyHours: { mon: [{ start: '09:00', end: '10:00' }] } }),
        await http()
          .put('/api/v1/sla/regions/gent/policies')
          .set(who)
          .send({ crisis: false, firstReplyMinutes: 1, nextReplyMinutes: 1 }),
        await http().post('/api/v1/sla/regions/gent/closed-days').set(who).send({ day: '2027-01-04' }),
        await http().delete('/api/v1/sla/regions/gent/closed-days/2027-01-02').set(who),
        // Invalid input for another organisation's region is still 404, not a hint that it exists.
        await http().put('/api/v1/sla/regions/gent/policies').set(who).send({ nonsense: true }),
      ]) {
        expect([res.status, res.body.code]).toEqual([404, 'not_found']);
      }
      // Their own region: fine.
      await http().get('/api/v1/sla/regions/amsterdam').set(who).expect(200);
    }
    const after = await gentState();
    expect(after).toEqual({ ...before, closed: before.closed + 1 });
    // And the other way round.
    await http().get('/api/v1/sla/regions/amsterdam').set(gent.orgAdmin).expect(404);
    await http().get('/api/v1/sla/regions/amsterdam').set(gent.manager).expect(404);
    const worker = await apiLogin(t, 'worker@luister.example');
    await http().get('/api/v1/sla/regions').set(worker).expect(403);
  });

  it("lets an org-admin keep all of their organisation's regions, and the platform admin every region", async () => {
    const zhu = await apiLogin(t, 'orgadmin.zhu@luister.example');
    const regions = (await http().get('/api/v1/sla/regions').set(zhu).expect(200)).body;
    expect(regions.map((r: { code: string }) => r.code).sort()).toEqual(['rotterdam', 'utrecht']);
    await http()
      .put('/api/v1/sla/regions/rotterdam/policies')
      .set(zhu)
      .send({ crisis: true, firstReplyMinutes: 90, nextReplyMinutes: 90 })
      .expect(204);
    const all = (await http().get('/api/v1/sla/regions').set(admin).expect(200)).body;
    expect(all.map((r: { code: string }) => r.code).sort()).toEqual([
      'amsterdam',
      'gent',
      'landelijk',
      'rotterdam',
      'utrecht',
    ]);
    expect(all.find((r: { code: string }) => r.code === 'gent')).toMatchObject({ organisation: 'CAW Oost-Vlaanderen' });
    await http().get('/api/v1/sla/regions/gent').set(admin).expect(200);
    await http().post('/api/v1/sla/regions/gent/closed-days').set(admin).send({ day: '2027-01-05' }).expect(204);
    await http().delete('/api/v1/sla/regions/gent/closed-days/2027-01-05').set(admin).expect(204);
    // The platform admin's change shows in the region's organisation's audit trail.
    const rows = await t.db.ds.query(
      `SELECT a.data->>'what' AS what, o.code FROM audit_log a JOIN organisation o ON o.id = a.organisation_id
        JOIN staff_user u ON u.id = a.actor_id
        WHERE a.action = 'sla.change' AND u.email = 'admin@luister.example' ORDER BY a.occurred_at`,
    );
    expect(rows).toEqual([
      { what: 'closed-day', code: 'caw-oost-vlaanderen' },
      { what: 'closed-day-removed', code: 'caw-oost-vlaanderen' },
    ]);
  });

  it('removes a closed day over the API; open cases follow', async () => {
    await http()
      .post('/api/v1/sla/regions/gent/closed-days')
      .set(gent.orgAdmin)
      .send({ day: '2027-02-01' })
      .expect(204);
    expect(
      (await http().get('/api/v1/sla/regions/gent').set(gent.orgAdmin).expect(200)).body.closedDays,
    ).toContainEqual({ day: '2027-02-01', reason: null });
    await workSlaRecompute(t.app);
    await http().delete('/api/v1/sla/regions/gent/closed-days/2027-02-01').set(gent.orgAdmin).expect(204);
    expect(await workSlaRecompute(t.app)).toBe(1);
    const days = (await http().get('/api/v1/sla/regions/gent').set(gent.orgAdmin).expect(200)).body.closedDays;
    expect(days.map((d: { day: string }) => d.day)).not.toContain('2027-02-01');
    // Removing a day that is not closed changes (and audits) nothing.
    await http().delete('/api/v1/sla/regions/gent/closed-days/2027-02-01').set(gent.orgAdmin).expect(204);
    expect(await workSlaRecompute(t.app)).toBe(0);
    await http().delete('/api/v1/sla/regions/gent/closed-days/2027-02-30').set(gent.orgAdmin).expect(404);
    const bad = await http()
      .post('/api/v1/sla/regions/gent/closed-days')
      .set(gent.orgAdmin)
      .send({ day: '2027-02-30' })
      .expect(400);
    expect(Object.keys(bad.body.fields)).toEqual(['day']);
  });

  it('has a page per region, reached from the staff menu, to add and remove closed days, change opening hours and targets, without JavaScript', async () => {
    const agent = await pageLogin(t, 'orgadmin.amsterdam@luister.example');
    const home = await agent.get('/account');
    expect(home.text).toContain('href="/sla/regions"');
    const list = await agent.get('/sla/regions');
    expect(list.status).toBe(200);
    expect(list.text).toContain('href="/sla/regions/amsterdam"');
    expect(list.text).not.toContain('href="/sla/regions/gent"');
    const page = await agent.get('/sla/regions/amsterdam');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Openingstijden en termijnen: Amsterdam');
    expect(page.text).toContain('value="09:00-12:30, 13:30-17:00"');

    const added = await agent
      .post('/sla/regions/amsterdam/closed-days')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), day: '2027-03-15', reason: 'Teamdag <b>heisessie</b>' });
    expect(added.status).toBe(303);
    expect(added.headers.location).toBe('/sla/regions/amsterdam?done=closedDay#closed-days');
    const shown = await agent.get('/sla/regions/amsterdam?done=closedDay');
    expect(shown.text).toContain('De gesloten dag is toegevoegd.');
    expect(shown.text).toContain('<time datetime="2027-03-15">maandag 15 maart 2027</time>');
    expect(shown.text).toContain('Teamdag &lt;b&gt;heisessie&lt;/b&gt;');
    const [row] = await t.db.ds.query(
      `SELECT d.reason FROM sla_closed_day d JOIN region r ON r.id = d.region_id WHERE r.code = 'amsterdam' AND d.day = '2027-03-15'`,
    );
    expect(row.reason).toBe('Teamdag <b>heisessie</b>');

    const badDay = await agent
      .post('/sla/regions/amsterdam/closed-days')
      .type('form')
      .send({ _csrf: csrfFrom(shown.text), day: '15-03-2027', reason: 'x' });
    expect(badDay.status).toBe(400);
    expect(badDay.text).toContain('<a href="#closed-day">Datum</a>');
    expect(badDay.text).toContain('value="15-03-2027"');

    const removed = await agent
      .post('/sla/regions/amsterdam/closed-days/2027-03-15/delete')
      .type('form')
      .send({ _csrf: csrfFrom(shown.text) });
    expect(removed.status).toBe(303);
    expect((await agent.get(removed.headers.location)).text).toContain('De gesloten dag is verwijderd.');

    const hours = {
      _csrf: csrfFrom(shown.text),
      'hours-mon': '9-12, 13:00-17:00',
      'hours-tue': '09:00-12:30',
      'hours-wed': 'gesloten',
      'hours-thu': '',
      'hours-fri': '09.00–17.00',
      'hours-sat': '',
      'hours-sun': '',
      holidayCountry: 'NL',
      holidayState: '',
      optIn: '05-05',
    };
    const badHours = await agent.post('/sla/regions/amsterdam/calendar').type('form').send(hours);
    expect(badHours.status).toBe(400);
    expect(badHours.text).toContain('<a href="#hours-wed">Woensdag</a>');
    expect(badHours.text).toContain('value="9-12, 13:00-17:00"');
    const saved = await agent
      .post('/sla/regions/amsterdam/calendar')
      .type('form')
      .send({ ...hours, 'hours-wed': '' });
    expect(saved.status).toBe(303);
    const manager = await apiLogin(t, 'manager@luister.example');
    const settings = (await http().get('/api/v1/sla/regions/amsterdam').set(manager).expect(200)).body;
    expect(settings.calendar).toEqual({
      isDefault: false,
      weeklyHours: {
        mon: [
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '17:00' },
        ],
        tue: [{ start: '09:00', end: '12:30' }],
        fri: [{ start: '09:00', end: '17:00' }],
      },
      holidayCountry: 'NL',
      holidayState: null,
      optInHolidays: ['05-05'],
    });
    const overlap = await agent
      .post('/sla/regions/amsterdam/calendar')
      .type('form')
      .send({ ...hours, 'hours-wed': '', 'hours-mon': '09:00-13:00, 12:00-17:00' });
    expect(overlap.status).toBe(400);
    expect(overlap.text).toContain('Deze openingstijden kloppen niet');

    const policy = await agent
      .post('/sla/regions/amsterdam/policies')
      .type('form')
      .send({ _csrf: csrfFrom(shown.text), topic: 'money', first: '7', next: '10,5', warn: '80', wallClock: 'on' });
    expect(policy.status).toBe(303);
    const policies = (await http().get('/api/v1/sla/regions/amsterdam').set(manager).expect(200)).body.policies;
    expect(policies).toContainEqual({
      topicCode: 'money',
      crisis: false,
      firstReplyMinutes: 420,
      nextReplyMinutes: 630,
      wallClock: true,
      warnPercent: 80,
    });
    const afterPolicy = await agent.get('/sla/regions/amsterdam');
    expect(afterPolicy.text).toMatch(/Geld en schulden<\/td><td>nee<\/td><td>7<\/td><td>10,5<\/td><td>klokuren/);
    const badPolicy = await agent
      .post('/sla/regions/amsterdam/policies')
      .type('form')
      .send({ _csrf: csrfFrom(shown.text), topic: '', first: 'snel', next: '8', warn: '75' });
    expect(badPolicy.status).toBe(400);
    expect(badPolicy.text).toContain('<a href="#policy-first">Eerste antwoord</a>');
    expect(badPolicy.text).toContain('value="snel"');

    const expired = await agent
      .post('/sla/regions/amsterdam/closed-days')
      .type('form')
      .send({ _csrf: 'verlopen', day: '2027-03-16' });
    expect(expired.status).toBe(403);
    expect(expired.text).toContain('value="2027-03-16"');
  });

  it("answers 404 on another organisation's region page and its forms; workers get 403", async () => {
    for (const email of ['orgadmin.amsterdam@luister.example', 'manager@luister.example']) {
      const agent = await pageLogin(t, email);
      expect((await agent.get('/sla/regions/gent')).status).toBe(404);
      const _csrf = await csrfOf(agent, '/sla/regions');
      for (const [path, form] of [
        ['/sla/regions/gent/closed-days', { day: '2027-04-01', reason: 'x' }],
        ['/sla/regions/gent/closed-days/2027-01-02/delete', {}],
        ['/sla/regions/gent/calendar', { 'hours-mon': '09:00-10:00' }],
        ['/sla/regions/gent/policies', { first: '1', next: '1', warn: '50' }],
      ] as const)
        expect(
          (
            await agent
              .post(path)
              .type('form')
              .send({ _csrf, ...form })
          ).status,
        ).toBe(404);
    }
    const [{ n }] = await t.db.ds.query(
      `SELECT count(*)::int AS n FROM sla_closed_day d JOIN region r ON r.id = d.region_id WHERE r.code = 'gent' AND d.day = '2027-04-01'`,
    );
    expect(n).toBe(0);
    const worker = await pageLogin(t, 'worker@luister.example');
    expect((await worker.get('/sla/regions')).status).toBe(403);
    expect((await worker.get('/account')).text).not.toContain('href="/sla/regions"');
    const adminPage = await (await pageLogin(t, 'admin@luister.example')).get('/sla/regions');
    expect(adminPage.text).toContain('href="/sla/regions/gent"');
    expect(adminPage.text).toContain('CAW Oost-Vlaanderen');
  });
});
