import { DateTime } from 'luxon';
import request from 'supertest';
import { loadConfig } from '../../src/config/config';
import { csrfFrom, startTestApp, TestApp } from '../support/app';
import { apiLogin, pageLogin } from '../staff/staff-login';

/**
 * Workers judge the crisis flag with one click ("this is a crisis" / "not a crisis"); the verdict
 * is a case event, the flag follows it, and the dashboard shows the flag's precision and recall
 * in real use.
 */
describe('one-click verdict on the crisis flag', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  let worker: { Authorization: string };

  beforeAll(async () => {
    t = await startTestApp({ dashboard: { ...loadConfig({ NODE_ENV: 'test' }).dashboard, minCount: 1 } });
    worker = await apiLogin(t, 'worker@luister.example');
  });
  afterAll(() => t.close());

  const ask = async (text: string, extra: Record<string, unknown> = {}) => {
    const q = await http()
      .post('/api/v1/questions')
      .send({ nickname: 'Oordeel', text, postcode: '1012 AB', country: 'NL', ...extra })
      .expect(201);
    const [c] = await t.db.ds.query(`SELECT id FROM cases WHERE case_ref = $1`, [q.body.caseRef]);
    return c.id as string;
  };
  const crisisOf = async (id: string) =>
    (await t.db.ds.query(`SELECT crisis FROM cases WHERE id = $1`, [id]))[0].crisis;
  const review = (id: string, verdict: string) =>
    http().post(`/api/v1/cases/${id}/crisis-review`).set(worker).send({ verdict });

  it('records the verdict with what the flag knew, and the flag follows it', async () => {
    const flagged = await ask('Ik zie het niet meer zitten en wil er niet meer zijn.');
    expect(await crisisOf(flagged)).toBe(true);
    await review(flagged, 'not-crisis').expect(204);
    expect(await crisisOf(flagged)).toBe(false);
    const [e] = await t.db.ds.query(
      `SELECT data, actor_id IS NOT NULL AS by_staff FROM case_event WHERE case_id = $1 AND type = 'case.crisis_reviewed'`,
      [flagged],
    );
    expect(e).toEqual({
      data: { verdict: 'not-crisis', flagged: true, wording: true, selfReport: null },
      by_staff: true,
    });
    // The event holds facts only, never the text.
    expect(JSON.stringify(e)).not.toContain('zitten');

    const quiet = await ask('Ik heb een vraag over mijn huur en de verhuurder.');
    await review(quiet, 'crisis').expect(204);
    expect(await crisisOf(quiet)).toBe(true);
    await review(quiet, 'maybe').expect(400);
    // Another region's case: 404 like every case route.
    const gent = await apiLogin(t, 'gent@luister.example');
    await http().post(`/api/v1/cases/${quiet}/crisis-review`).set(gent).send({ verdict: 'crisis' }).expect(404);
  });

  it('has the two buttons on the staff case page, as a CSRF-protected form', async () => {
    const id = await ask('Soms snij ik mezelf als het te veel wordt.');
    const agent = await pageLogin(t, 'worker@luister.example');
    const page = await agent.get(`/cases/${id}`).expect(200);
    expect(page.text).toContain('id="verdict-crisis"');
    expect(page.text).toContain('id="verdict-not-crisis"');
    expect(page.text).toContain('id="crisis-signals"');
    expect(page.text).toContain('zelfbeschadiging');
    await agent.post(`/cases/${id}/crisis-review`).type('form').send({ verdict: 'crisis' }).expect(403);
    const done = await agent
      .post(`/cases/${id}/crisis-review`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), verdict: 'crisis' })
      .expect(303);
    const after = await agent.get(done.headers.location).expect(200);
    expect(after.text).toContain('id="crisis-verdict"');
    expect(after.text).toContain('Beoordeeld als crisis');
    expect(after.text).toContain('Crisisvlag beoordeeld');
  });

  it('shows the self-reported answer to the crisis question among the intake answers', async () => {
    const id = await ask('Een gewone vraag over mijn werk.', { crisisSelfReport: 'yes' });
    const agent = await pageLogin(t, 'worker@luister.example');
    const page = await agent.get(`/cases/${id}`).expect(200);
    expect(page.text).toContain('Denkt aan zelfdoding of zichzelf iets aandoen');
    expect(page.text).toContain('zelf aangegeven op het formulier');
  });

  it("shows the flag's precision and recall in real use on the dashboard", async () => {
    // A fresh set of verdicts: 3 flagged and right, 1 flagged and wrong, 1 crisis the flag missed.
    await t.db.ds.query(`DELETE FROM case_event WHERE type = 'case.crisis_reviewed'`);
    for (const text of ['Ik wil dood.', 'Ik heb een touw gekocht en het ligt klaar.', 'I want to kill myself.'])
      await review(await ask(text), 'crisis').expect(204);
    await review(await ask('Ik wil niet meer leven zo.'), 'not-crisis').expect(204);
    await review(await ask('Mijn vraag gaat over de huur van mijn kamer.'), 'crisis').expect(204);
    const admin = await apiLogin(t, 'admin@luister.example');
    const today = DateTime.now().setZone('Europe/Amsterdam').toISODate();
    const res = await http().get(`/api/v1/dashboard/crisisFlag?from=${today}&to=${today}`).set(admin).expect(200);
    expect(res.body.rows[0]).toMatchObject({
      reviewed: 5,
      judged_crisis: 4,
      flagged: 4,
      true_alarms: 3,
      false_alarms: 1,
      missed: 1,
      precision: 0.75,
      recall: 0.75,
    });
    const manager = await pageLogin(t, 'admin@luister.example');
    const page = await manager.get(`/dashboard?from=${today}&to=${today}`).expect(200);
    expect(page.text).toContain('De crisisvlag in de praktijk');
  });
});
