import request from 'supertest';
import { dutchRegionsInOneOrganisation } from '../support/one-organisation';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/config';
import { DashboardRollupService } from '../../src/dashboard/dashboard-rollup.service';
import { makeCase, staffId } from '../inbox/factories';
import { caseWithFact, evaluationRow, recordFact, replyFacts } from './facts';
import { apiLogin } from '../staff/staff-login';
import { startTestApp, TestApp } from '../support/app';

type Auth = { Authorization: string };
const H = 3600;

/**
 * A small world whose figures are worked out by hand in the comments below, asserted against
 * the JSON API and the CSV. The period is 2025-03-03 (Monday) to 2025-03-16 (Sunday), two
 * weeks on the Amsterdam clock (UTC+1 in March 2025).
 */
describe('dashboard figures: hand-computed from a small data set', () => {
  let t: TestApp;
  let ds: DataSource;
  let manager: Auth;
  let admin: Auth;
  let worker: Auth;
  const http = () => request(t.app.getHttpServer());
  const period = 'from=2025-03-03&to=2025-03-16';
  const staff: Record<string, string> = {};

  const fact = (caseId: string, type: string, at: string) => recordFact(ds, caseId, type, at);
  const newCase = (region: string, topic: string | null, channel: 'web' | 'email', at: string) =>
    caseWithFact(ds, region, topic, channel, at);
  const reply = (
    caseId: string,
    at: string,
    by: string,
    target: 'first' | 'next',
    businessHours: number,
    wallHours: number,
    met: boolean,
    checks: string[],
    r = { sw: 0, ff: 0, online: 0 },
  ) =>
    replyFacts(ds, caseId, at, {
      by,
      target,
      businessHours,
      wallHours,
      met,
      checks,
      referrals: { socialWork: r.sw, faceToFace: r.ff, online: r.online },
    });
  const evaluation = (
    caseId: string,
    at: string,
    pleasant: boolean,
    helped: boolean,
    personalContact: boolean,
    meaningful: number,
    helpedScore: number,
  ) => evaluationRow(ds, caseId, at, { pleasant, helped, personalContact, meaningful, helpedScore });

  /** A case waiting for a reply right now, for the backlog. */
  async function waiting(
    region: string,
    status: 'new' | 'open' | 'waiting' | 'closed',
    ageHours: number,
    dueInHours: number,
    assignedTo: string | null = null,
  ) {
    const c = await makeCase(ds, { region, status, channel: 'web', assignedTo });
    await ds.query(
      `UPDATE cases SET sla_target = 'first', sla_started_at = now() - make_interval(secs => $2), first_reply_due_at = now() + make_interval(secs => $3) WHERE id = $1`,
      [c.id, ageHours * H, dueInHours * H],
    );
  }

  beforeAll(async () => {
    t = await startTestApp();
    await dutchRegionsInOneOrganisation(t.db.ds);
    t.config.dashboard.minCount = 1;
    ds = t.db.ds;
    for (const who of ['worker', 'trainee', 'supervisor', 'gent'])
      staff[who] = await staffId(ds, `${who}@luister.example`);
    manager = await apiLogin(t, 'manager@luister.example');
    admin = await apiLogin(t, 'admin@luister.example');
    worker = await apiLogin(t, 'worker@luister.example');

    // Amsterdam, money, e-mail: five cases on 4 March, one just after midnight on 3 March
    // local time (still 2 March in UTC: inside the period) and one just after midnight on
    // 17 March local time (outside).
    const a: string[] = [];
    for (let i = 0; i < 5; i++) a.push(await newCase('amsterdam', 'money', 'email', '2025-03-04T10:00:00Z'));
    await newCase('amsterdam', 'money', 'email', '2025-03-02T23:30:00Z');
    await newCase('amsterdam', 'money', 'email', '2025-03-16T23:30:00Z');
    const r1 = await newCase('rotterdam', 'housing', 'web', '2025-03-11T09:00:00Z');
    await newCase('amsterdam', null, 'web', '2025-03-12T09:00:00Z');
    await newCase('amsterdam', null, 'web', '2025-03-12T09:00:00Z');
    const g1 = await newCase('gent', 'money', 'web', '2025-03-05T09:00:00Z');
    for (let i = 0; i < 3; i++) await fact(a[0], 'message.received', '2025-03-05T09:00:00Z');

    // First replies on 6 March: business hours 1, 2, 3, 4, 10; wall-clock hours 2, 4, 30, 50, 100; the last two too late.
    await reply(
      a[0],
      '2025-03-06T12:00:00Z',
      staff.worker,
      'first',
      1,
      2,
      true,
      ['summary', 'verification', 'feedback', 'referral', 'onlineReferral'],
      { sw: 1, ff: 0, online: 1 },
    );
    await reply(
      a[1],
      '2025-03-06T12:00:00Z',
      staff.worker,
      'first',
      2,
      4,
      true,
      ['summary', 'verification', 'referral'],
      { sw: 1, ff: 1, online: 0 },
    );
    await reply(a[2], '2025-03-06T12:00:00Z', staff.worker, 'first', 3, 30, true, ['summary', 'verification']);
    await reply(
      a[3],
      '2025-03-06T12:00:00Z',
      staff.worker,
      'first',
      4,
      50,
      false,
      ['summary', 'feedback', 'referral'],
      { sw: 0, ff: 2, online: 0 },
    );
    await reply(a[4], '2025-03-06T12:00:00Z', staff.worker, 'first', 10, 100, false, ['summary']);
    // Follow-up replies on 13 March (6 and 8 hours), a Rotterdam web first reply on 12 March (5 hours).
    await reply(a[0], '2025-03-13T12:00:00Z', staff.trainee, 'next', 6, 6, true, ['summary', 'referral'], {
      sw: 1,
      ff: 1,
      online: 0,
    });
    await reply(a[1], '2025-03-13T12:00:00Z', staff.trainee, 'next', 8, 8, true, ['summary']);
    await reply(r1, '2025-03-12T12:00:00Z', staff.supervisor, 'first', 5, 5, true, ['summary']);
    // Gent: not one of the manager's regions.
    await reply(g1, '2025-03-06T12:00:00Z', staff.gent, 'first', 1, 1, true, ['summary', 'verification']);

    // Four evaluations on 7 March.
    await evaluation(a[0], '2025-03-07T10:00:00Z', true, true, false, 5, 5);
    await evaluation(a[1], '2025-03-07T10:00:00Z', true, false, false, 4, 3);
    await evaluation(a[2], '2025-03-07T10:00:00Z', true, true, true, 3, 4);
    await evaluation(a[3], '2025-03-07T10:00:00Z', false, true, false, 4, 4);

    // Waiting right now: Amsterdam 2 h, 2 days, 5 days (overdue), 10 days (overdue, Wim's);
    // not counted: one waiting on the help-seeker, one closed; Rotterdam 4 days overdue; Gent.
    await waiting('amsterdam', 'new', 2, 5);
    await waiting('amsterdam', 'open', 48, 1);
    await waiting('amsterdam', 'new', 120, -24);
    await waiting('amsterdam', 'open', 240, -72, staff.worker);
    await waiting('amsterdam', 'waiting', 300, -100);
    await waiting('amsterdam', 'closed', 300, -100);
    await waiting('rotterdam', 'new', 96, -2);
    await waiting('gent', 'new', 96, -2);

    await t.app.get(DashboardRollupService).rollup.rebuild('2025-03-01', '2025-03-20');
  });
  afterAll(() => t?.close());

  const figure = async (name: string, auth: Auth = manager, query = period) =>
    (await http().get(`/api/v1/dashboard/${name}?${query}`).set(auth).expect(200)).body;
  const rows = async (name: string, auth: Auth = manager, query = period) =>
    (await figure(name, auth, query)).rows.map(({ suppressed, ...r }: { suppressed: string[] }) => r);

  it('volume per channel: new cases, messages in and out, local day boundaries', async () => {
    // e-mail: 6 new (5 + the 3 March one), 6 + 3 follow-ups in, 7 replies out; web: Rotterdam + 2 without topic.
    expect(await rows('volume')).toEqual([
      { channel: 'email', cases_new: 6, messages_in: 9, messages_out: 7 },
      { channel: 'web', cases_new: 3, messages_in: 3, messages_out: 1 },
      { channel: 'all', cases_new: 9, messages_in: 12, messages_out: 8 },
    ]);
    // The admin also sees Gent.
    expect((await rows('volume', admin)).at(-1)).toEqual({
      channel: 'all',
      cases_new: 10,
      messages_in: 13,
      messages_out: 9,
    });
    // One region, one topic, one channel.
    expect(await rows('volume', manager, `${period}&region=rotterdam`)).toEqual([
      { channel: 'web', cases_new: 1, messages_in: 1, messages_out: 1 },
      { channel: 'all', cases_new: 1, messages_in: 1, messages_out: 1 },
    ]);
    expect((await rows('volume', manager, `${period}&topic=none&channel=web`)).at(-1)).toEqual({
      channel: 'all',
      cases_new: 2,
      messages_in: 2,
      messages_out: 0,
    });
  });

  it('volume per topic', async () => {
    expect(await rows('topics')).toEqual([
      { topic: 'money', cases_new: 6, messages_in: 9, messages_out: 7 },
      { topic: 'none', cases_new: 2, messages_in: 2, messages_out: 0 },
      { topic: 'housing', cases_new: 1, messages_in: 1, messages_out: 1 },
    ]);
  });

  it('response times: exact median, p90 and mean in business and wall-clock hours, share within the SLA', async () => {
    const body = await figure('response');
    expect(body.rows.map(({ suppressed, ...r }: { suppressed: string[] }) => r)).toEqual([
      // business 1,2,3,4,5,10: median 3.5, p90 = 5 + 0.5·(10 − 5) = 7.5, mean 25/6; wall 2,4,5,30,50,100: median 17.5, p90 = 50 + 0.5·50 = 75, mean 191/6.
      {
        target: 'first',
        channel: 'all',
        replies: 6,
        within_sla: 0.6667,
        business_median: 3.5,
        business_p90: 7.5,
        business_mean: 4.17,
        wall_median: 17.5,
        wall_p90: 75,
        wall_mean: 31.83,
      },
      // business 1,2,3,4,10: p90 = 4 + 0.6·6 = 7.6; wall 2,4,30,50,100: p90 = 50 + 0.6·50 = 80, mean 37.2.
      {
        target: 'first',
        channel: 'email',
        replies: 5,
        within_sla: 0.6,
        business_median: 3,
        business_p90: 7.6,
        business_mean: 4,
        wall_median: 30,
        wall_p90: 80,
        wall_mean: 37.2,
      },
      {
        target: 'first',
        channel: 'web',
        replies: 1,
        within_sla: 1,
        business_median: 5,
        business_p90: 5,
        business_mean: 5,
        wall_median: 5,
        wall_p90: 5,
        wall_mean: 5,
      },
      {
        target: 'next',
        channel: 'all',
        replies: 2,
        within_sla: 1,
        business_median: 7,
        business_p90: 7.8,
        business_mean: 7,
        wall_median: 7,
        wall_p90: 7.8,
        wall_mean: 7,
      },
      {
        target: 'next',
        channel: 'email',
        replies: 2,
        within_sla: 1,
        business_median: 7,
        business_p90: 7.8,
        business_mean: 7,
        wall_median: 7,
        wall_p90: 7.8,
        wall_mean: 7,
      },
    ]);
    // The research's three-day mean e-mail response, beside the wall-clock mean.
    expect(body.baselines).toEqual([
      { key: 'emailResponse', column: 'wall_mean', value: 72, where: { channel: 'email' } },
    ]);
  });

  it('weekly trend', async () => {
    expect(await rows('trend')).toEqual([
      {
        week: '2025-03-03',
        cases_new: 6,
        messages_in: 9,
        messages_out: 5,
        first_replies: 5,
        first_business_median: 3,
        first_wall_median: 30,
        answered: 5,
        within_sla: 0.6,
        verification: 0.6,
        online_referral: 0.2,
        evaluations: 4,
        helped_mean: 4,
      },
      {
        week: '2025-03-10',
        cases_new: 3,
        messages_in: 3,
        messages_out: 3,
        first_replies: 1,
        first_business_median: 5,
        first_wall_median: 5,
        answered: 3,
        within_sla: 1,
        verification: 0,
        online_referral: 0,
        evaluations: 0,
        helped_mean: null,
      },
    ]);
  });

  it('checklist rates and referral mix beside the research baselines', async () => {
    const checklist = await figure('checklist');
    const rate = Object.fromEntries(checklist.rows.map((r: { item: string; rate: number }) => [r.item, r.rate]));
    expect(rate).toEqual({
      summary: 1,
      verification: 0.375,
      openQuestion: 0,
      strengths: 0,
      advice: 0,
      recap: 0,
      feedback: 0.25,
      referral: 0.5,
      onlineReferral: 0.125,
    });
    expect(checklist.rows.every((r: { replies: number }) => r.replies === 8)).toBe(true);
    expect(checklist.baselines).toEqual([
      { key: 'verification', column: 'rate', value: 0.4, where: { item: 'verification' } },
      { key: 'onlineReferral', column: 'rate', value: 0.1, where: { item: 'onlineReferral' } },
    ]);
    expect(await rows('referrals')).toEqual([
      { kind: 'social-work', referrals: 3, total: 8, share: 0.375 },
      { kind: 'face-to-face', referrals: 4, total: 8, share: 0.5 },
      { kind: 'online', referrals: 1, total: 8, share: 0.125 },
    ]);
  });

  it('evaluations: response rate, yes shares and 1–5 averages', async () => {
    const body = await figure('evaluations');
    expect(body.rows.map(({ suppressed, ...r }: { suppressed: string[] }) => r)).toEqual([
      {
        evaluations: 4,
        replies: 8,
        response_rate: 0.5,
        pleasant: 0.75,
        helped: 0.75,
        personal_contact: 0.25,
        meaningful_mean: 4,
        helped_mean: 4,
      },
    ]);
    expect(body.baselines.map((b: { key: string; value: number }) => [b.key, b.value])).toEqual([
      ['meaningfulScore', 4.4],
      ['helpedScore', 4.2],
    ]);
  });

  it('backlog now: cases awaiting a reply by age, and breaches', async () => {
    const body = await figure('backlog');
    expect(body.now).toBe(true);
    expect(body.rows.map(({ suppressed, ...r }: { suppressed: string[] }) => r)).toEqual([
      { region: 'amsterdam', awaiting: 4, under_1_day: 1, days_1_to_3: 1, days_3_to_7: 1, over_7_days: 1, overdue: 2 },
      { region: 'landelijk', awaiting: 0, under_1_day: 0, days_1_to_3: 0, days_3_to_7: 0, over_7_days: 0, overdue: 0 },
      { region: 'rotterdam', awaiting: 1, under_1_day: 0, days_1_to_3: 0, days_3_to_7: 1, over_7_days: 0, overdue: 1 },
      { region: 'utrecht', awaiting: 0, under_1_day: 0, days_1_to_3: 0, days_3_to_7: 0, over_7_days: 0, overdue: 0 },
      { region: 'all', awaiting: 5, under_1_day: 1, days_1_to_3: 1, days_3_to_7: 2, over_7_days: 1, overdue: 3 },
    ]);
  });

  it('workload per worker and per region', async () => {
    expect(await rows('workload')).toEqual([
      { worker: 'Wim Werker', role: 'worker', replies_sent: 5, awaiting: 1, overdue: 1 },
      { worker: 'Tess Trainee', role: 'trainee', replies_sent: 2, awaiting: 0, overdue: 0 },
      { worker: 'Sam Supervisor', role: 'supervisor', replies_sent: 1, awaiting: 0, overdue: 0 },
      // The demo's other regions' teams (issue 19: every region has a worker, supervisor and trainee), idle here.
      { worker: 'Lars Landelijk', role: 'worker', replies_sent: 0, awaiting: 0, overdue: 0 },
      { worker: 'Lieke Landelijk', role: 'supervisor', replies_sent: 0, awaiting: 0, overdue: 0 },
      { worker: 'Lot Landelijk', role: 'trainee', replies_sent: 0, awaiting: 0, overdue: 0 },
      { worker: 'Renske Rotterdam', role: 'supervisor', replies_sent: 0, awaiting: 0, overdue: 0 },
      { worker: 'Rik Rotterdam', role: 'trainee', replies_sent: 0, awaiting: 0, overdue: 0 },
      { worker: 'Ruud Rotterdam', role: 'worker', replies_sent: 0, awaiting: 0, overdue: 0 },
      { worker: 'Ugo Utrecht', role: 'supervisor', replies_sent: 0, awaiting: 0, overdue: 0 },
      { worker: 'Ulla Utrecht', role: 'worker', replies_sent: 0, awaiting: 0, overdue: 0 },
      { worker: 'Uma Utrecht', role: 'trainee', replies_sent: 0, awaiting: 0, overdue: 0 },
    ]);
    expect(await rows('regions')).toEqual([
      // Amsterdam: trainee, worker and supervisor; 7 replies (5 first, 2 next) of which 5 in time.
      {
        region: 'amsterdam',
        workers: 3,
        cases_new: 8,
        messages_out: 7,
        replies_per_worker: 2.33,
        awaiting: 4,
        overdue: 2,
        answered: 7,
        within_sla: 0.7143,
        organisation: 'welzijn-amsterdam',
      },
      {
        // The national team's own worker, supervisor and trainee, and the Amsterdam worker and supervisor.
        region: 'landelijk',
        workers: 5,
        cases_new: 0,
        messages_out: 0,
        replies_per_worker: 0,
        awaiting: 0,
        overdue: 0,
        answered: 0,
        within_sla: null,
        organisation: 'welzijn-amsterdam',
      },
      {
        region: 'rotterdam',
        workers: 3,
        cases_new: 1,
        messages_out: 1,
        replies_per_worker: 0.33,
        awaiting: 1,
        overdue: 1,
        answered: 1,
        within_sla: 1,
        organisation: 'welzijn-amsterdam',
      },
      {
        region: 'utrecht',
        workers: 3,
        cases_new: 0,
        messages_out: 0,
        replies_per_worker: 0,
        awaiting: 0,
        overdue: 0,
        answered: 0,
        within_sla: null,
        organisation: 'welzijn-amsterdam',
      },
    ]);
  });

  it('exports every figure as CSV with the same numbers', async () => {
    const res = await http().get(`/api/v1/dashboard/volume?${period}&format=csv`).set(manager).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="luister-volume-2025-03-03-2025-03-16.csv"');
    expect(res.text).toBe('channel,cases_new,messages_in,messages_out\r\nemail,6,9,7\r\nweb,3,3,1\r\nall,9,12,8\r\n');
    const response = await http().get(`/api/v1/dashboard/response?${period}&format=csv`).set(manager).expect(200);
    expect(response.text.split('\r\n')[2]).toBe('first,email,5,0.6,3,7.6,4,30,80,37.2');
    for (const name of (await http().get('/api/v1/dashboard').set(manager).expect(200)).body.items) {
      const csv = await http().get(`/api/v1/dashboard/${name}?${period}&format=csv`).set(manager).expect(200);
      const json = await figure(name);
      expect(csv.text.split('\r\n').filter(Boolean)).toHaveLength(json.rows.length + 1);
    }
  });

  it('hides small counts below the threshold, in JSON and CSV', async () => {
    t.config.dashboard.minCount = 5;
    try {
      const body = await figure('volume');
      expect(body.minCount).toBe(5);
      // web 3, 3, 1 are hidden; so is e-mail (6, 9, 7), or the totals would give web away.
      expect(body.rows[1]).toEqual({
        channel: 'web',
        cases_new: null,
        messages_in: null,
        messages_out: null,
        suppressed: ['cases_new', 'messages_in', 'messages_out'],
      });
      expect(body.rows[0]).toEqual({
        channel: 'email',
        cases_new: null,
        messages_in: null,
        messages_out: null,
        suppressed: ['cases_new', 'messages_in', 'messages_out'],
      });
      const csv = await http().get(`/api/v1/dashboard/volume?${period}&format=csv`).set(manager).expect(200);
      expect(csv.text).toBe(
        'channel,cases_new,messages_in,messages_out\r\nemail,<5,<5,<5\r\nweb,<5,<5,<5\r\nall,9,12,8\r\n',
      );
      // Topics: housing (1) and the no-topic cases (2) are two hidden parts; money (6) stays.
      expect(
        (await figure('topics')).rows.map((r: { topic: string; cases_new: number | null }) => [r.topic, r.cases_new]),
      ).toEqual([
        ['money', 6],
        ['none', null],
        ['housing', null],
      ]);
      // Percentiles of fewer than five replies are hidden with their count.
      const response = await figure('response');
      const next = response.rows.find(
        (r: { target: string; channel: string }) => r.target === 'next' && r.channel === 'all',
      );
      expect(next).toMatchObject({ replies: null, business_median: null, within_sla: null });
      expect(next.suppressed).toEqual(
        expect.arrayContaining(['replies', 'business_median', 'business_p90', 'wall_mean', 'within_sla']),
      );
      // Four evaluations: the averages are hidden too.
      expect((await figure('evaluations')).rows[0]).toMatchObject({
        evaluations: null,
        meaningful_mean: null,
        replies: 8,
      });
      // Staff workload is not help-seeker data: shown as is.
      expect((await rows('workload'))[1]).toMatchObject({ replies_sent: 2 });
    } finally {
      t.config.dashboard.minCount = 1;
    }
  });

  it("scopes every figure to the manager's regions and refuses bad filters with per-field messages", async () => {
    const gent = await http().get(`/api/v1/dashboard/volume?${period}&region=gent`).set(manager).expect(400);
    expect(gent.body).toMatchObject({
      statusCode: 400,
      code: 'validation_failed',
      fields: { region: [expect.any(String)] },
    });
    expect(
      (await http().get(`/api/v1/dashboard/volume?${period}&region=gent`).set(admin).expect(200)).body.rows.at(-1),
    ).toMatchObject({ cases_new: 1 });
    const bad = await http()
      .get('/api/v1/dashboard/volume?from=2025-03-10&to=2025-03-01&topic=nope&channel=fax&format=xml')
      .set(manager)
      .expect(400);
    expect(Object.keys(bad.body.fields)).toEqual(['format']);
    const bad2 = await http()
      .get('/api/v1/dashboard/volume?from=2025-03-10&to=2025-03-01&topic=nope&channel=fax')
      .set(manager)
      .set('Accept-Language', 'en')
      .expect(400);
    expect(bad2.body.fields).toEqual({
      to: ['The end date is before the start date.'],
      topic: ['Unknown topic.'],
      channel: ['Choose web or e-mail.'],
    });
    expect(
      (await http().get('/api/v1/dashboard/volume?from=2020-01-01&to=2025-01-01').set(manager).expect(400)).body.fields,
    ).toHaveProperty('from');
    expect(
      (await http().get('/api/v1/dashboard/volume?from=2025-02-30').set(manager).expect(400)).body.fields,
    ).toHaveProperty('from');
    await http().get('/api/v1/dashboard/nothing').set(manager).expect(404);
    await http().get('/api/v1/dashboard/volume').set(worker).expect(403);
    await http().get('/api/v1/dashboard/volume').expect(401);
  });

  it('defaults to the last four weeks up to today', async () => {
    const body = await figure('volume', manager, '');
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
    expect(body.filter.to).toBe(today);
    expect((Date.parse(body.filter.to) - Date.parse(body.filter.from)) / 86400000).toBe(27);
  });

  // Last: it adds facts to the period.
  it('estimates percentiles from a fixed 1-in-16 sample above the threshold; counts, SLA shares and means stay exact', async () => {
    // 96 more first replies in Amsterdam on 8 March, 1..96 business hours, so the sample is not empty.
    const c = await newCase('amsterdam', 'money', 'email', '2025-03-08T08:00:00Z');
    for (let i = 1; i <= 96; i++)
      await reply(c, '2025-03-08T12:00:00Z', staff.worker, 'first', i, 2 * i, i % 3 !== 0, ['summary']);
    await t.app.get(DashboardRollupService).rollup.rebuild('2025-03-08', '2025-03-08');
    const exact = await figure('response');
    const exactTrend = await figure('trend');
    expect(exact.percentilesSampledEvery).toBeNull();
    t.config.dashboard.exactPercentilesUpTo = 50;
    try {
      const sampled = await figure('response');
      expect(sampled.percentilesSampledEvery).toBe(16);
      const facts = (r: Record<string, unknown>) => [
        r.target,
        r.channel,
        r.replies,
        r.within_sla,
        r.business_mean,
        r.wall_mean,
      ];
      expect(sampled.rows.map(facts)).toEqual(exact.rows.map(facts));

      // The estimate is percentile_cont over the responses whose event id is a multiple of 16.
      const rows: { target: string; channel: string; business_seconds: number; wall_seconds: number }[] =
        await ds.query(
          `SELECT target, channel, business_seconds, wall_seconds FROM dashboard_response
          WHERE event_id % 16 = 0 AND day BETWEEN '2025-03-03' AND '2025-03-16' AND region_id IN (SELECT id FROM region WHERE code <> 'gent')`,
        );
      const pct = (values: number[], p: number) => {
        const v = [...values].sort((a, b) => a - b);
        const r = p * (v.length - 1);
        return (
          Math.round(((v[Math.floor(r)] + (r - Math.floor(r)) * (v[Math.ceil(r)] - v[Math.floor(r)])) / 3600) * 100) /
          100
        );
      };
      const firstAll = rows.filter((r) => r.target === 'first');
      expect(firstAll.length).toBeGreaterThanOrEqual(4);
      const row = sampled.rows.find(
        (r: { target: string; channel: string }) => r.target === 'first' && r.channel === 'all',
      );
      expect(row.business_median).toBe(
        pct(
          firstAll.map((r) => r.business_seconds),
          0.5,
        ),
      );
      expect(row.business_p90).toBe(
        pct(
          firstAll.map((r) => r.business_seconds),
          0.9,
        ),
      );
      expect(row.wall_median).toBe(
        pct(
          firstAll.map((r) => r.wall_seconds),
          0.5,
        ),
      );
      expect(row.business_median).not.toBe(exact.rows[0].business_median);

      // The trend keeps its exact weekly counts and takes its medians from the same sample.
      const trend = await figure('trend');
      expect(trend.percentilesSampledEvery).toBe(16);
      expect(trend.rows.map((r: { first_replies: number }) => r.first_replies)).toEqual(
        exactTrend.rows.map((r: { first_replies: number }) => r.first_replies),
      );
      // Figures without percentiles are never sampled.
      expect((await figure('volume')).percentilesSampledEvery).toBeNull();
    } finally {
      t.config.dashboard.exactPercentilesUpTo = loadConfig({}).dashboard.exactPercentilesUpTo;
    }
  });
});
