import request from 'supertest';
import { DataSource } from 'typeorm';
import { DashboardRollup } from '../../src/dashboard/dashboard-rollup';
import { DASHBOARD_ROLLUP_QUEUE, DashboardRollupService } from '../../src/dashboard/dashboard-rollup.service';
import { JobsService } from '../../src/jobs/jobs.service';
import { makeCase } from '../inbox/factories';
import { apiLogin } from '../staff/staff-login';
import { startTestApp, TestApp } from '../support/app';

const TZ = 'Europe/Amsterdam';
const SECTIONS = {
  summarise:
    'Uit je mail begrijp ik dat:\n- je schulden hebt bij drie bedrijven\n- je de post niet meer durft open te maken\n\nKlopt dat?',
  explore: 'Wat heb je zelf al geprobeerd? Wie in je omgeving steunt je?',
  advise:
    'Je kunt beginnen met alle post open te maken en op een rij te zetten.\n\nKort samengevat: post openen, overzicht maken, hulp vragen.\n\n{{referrals}}\n\nHeeft dit antwoord je geholpen?',
};

async function dailyTotals(ds: DataSource, day: string) {
  const [r] = await ds.query(
    `SELECT COALESCE(sum(cases_new), 0)::int AS cases_new, COALESCE(sum(messages_in), 0)::int AS messages_in, COALESCE(sum(messages_out), 0)::int AS messages_out,
            COALESCE(sum(check_verification), 0)::int AS verification, COALESCE(sum(referrals_online), 0)::int AS online, COALESCE(sum(referrals_face_to_face), 0)::int AS face_to_face,
            COALESCE(sum(first_replies), 0)::int AS first_replies, count(*)::int AS rows
       FROM dashboard_daily WHERE day = $1`,
    [day],
  );
  return r;
}

describe('dashboard roll-ups', () => {
  let t: TestApp;
  let ds: DataSource;
  let rollup: DashboardRollup;
  const http = () => request(t.app.getHttpServer());
  const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: TZ });

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.db.ds;
    rollup = t.app.get(DashboardRollupService).rollup;
  });
  afterAll(() => t?.close());

  it('a reply sent through the API becomes a reply.sent fact with its checklist and referral kinds, and is rolled up', async () => {
    const worker = await apiLogin(t, 'worker@luister.example');
    await http()
      .post('/api/v1/questions')
      .send({
        nickname: 'Zonnebloem',
        text: 'Ik heb schulden bij drie bedrijven en weet niet waar ik moet beginnen.',
        postcode: '1012 AB',
        topic: 'money',
      })
      .expect(201);
    const [{ id: caseId }] = await ds.query(`SELECT id FROM cases ORDER BY created_at DESC LIMIT 1`);
    const refs = (await http().get('/api/v1/referrals?region=amsterdam&topic=money').set(worker).expect(200)).body
      .items as { id: string; kind: string; name: string }[];
    const local = refs.find((r) => r.kind === 'face-to-face' || r.kind === 'social-work')!;
    const online = refs.find((r) => r.kind === 'online')!;
    const tpl = (await http().get('/api/v1/reply-templates?language=nl&topic=money').set(worker).expect(200)).body
      .items[0];
    await http()
      .post(`/api/v1/cases/${caseId}/replies`)
      .set(worker)
      .send({
        templateId: tpl.id,
        sections: { ...tpl.sections, ...SECTIONS },
        referralIds: [local.id, online.id],
        send: true,
      })
      .expect(201);

    const [fact] = await ds.query(
      `SELECT actor_id, channel, data FROM case_event WHERE case_id = $1 AND type = 'reply.sent'`,
      [caseId],
    );
    const [{ id: workerId }] = await ds.query(`SELECT id FROM staff_user WHERE email = 'worker@luister.example'`);
    expect(fact.actor_id).toBe(workerId);
    expect(fact.channel).toBe('web');
    expect(fact.data.checks).toEqual(
      expect.arrayContaining(['summary', 'verification', 'feedback', 'referral', 'onlineReferral']),
    );
    expect(fact.data.referrals).toEqual({
      'social-work': local.kind === 'social-work' ? 1 : 0,
      'face-to-face': local.kind === 'face-to-face' ? 1 : 0,
      online: 1,
    });
    // Facts only: the reply's words are nowhere in the event.
    expect(JSON.stringify(fact.data)).not.toMatch(/schulden|post/);

    const result = await rollup.run();
    expect(result.days).toContain(today());
    expect(await dailyTotals(ds, today())).toMatchObject({
      cases_new: 1,
      messages_in: 1,
      messages_out: 1,
      verification: 1,
      online: 1,
      first_replies: 1,
    });
    const [resp] = await ds.query(`SELECT target, met, topic_code, channel FROM dashboard_response`);
    expect(resp).toEqual({ target: 'first', met: true, topic_code: 'money', channel: 'web' });
  });

  it('rebuilds a day idempotently: twice, or by two runners at once, gives the same rows', async () => {
    const c = await makeCase(ds, {
      region: 'utrecht',
      topic: 'housing',
      channel: 'email',
      status: 'closed',
      createdAt: '2025-06-10T08:00:00Z',
    });
    for (const type of ['case.created', 'message.received', 'sla.met', 'reply.sent']) {
      await ds.query(
        `INSERT INTO case_event (case_id, type, region_id, channel, data, wall_seconds, business_seconds, occurred_at) SELECT id, $2, region_id, channel, $3, 3600, 1800, '2025-06-10T12:00:00Z' FROM cases WHERE id = $1`,
        [
          c.id,
          type,
          JSON.stringify(
            type === 'sla.met'
              ? { target: 'first' }
              : type === 'reply.sent'
                ? { checks: ['verification'], referrals: { online: 2, 'face-to-face': 1, 'social-work': 0 } }
                : {},
          ),
        ],
      );
    }
    await rollup.rebuild('2025-06-10', '2025-06-10');
    const once = await dailyTotals(ds, '2025-06-10');
    expect(once).toEqual({
      cases_new: 1,
      messages_in: 2,
      messages_out: 1,
      verification: 1,
      online: 2,
      face_to_face: 1,
      first_replies: 1,
      rows: 1,
    });
    await Promise.all([
      rollup.rebuild('2025-06-10', '2025-06-10'),
      rollup.rebuild('2025-06-10', '2025-06-10'),
      rollup.rollUpDay('2025-06-10'),
    ]);
    expect(await dailyTotals(ds, '2025-06-10')).toEqual(once);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM dashboard_response WHERE day = '2025-06-10'`);
    expect(n).toBe(1);
  });

  it('leaves settled days alone and rebuilds days that were rolled up before they settled', async () => {
    // Rolled up long after the day ended: final.
    await rollup.rebuild('2025-06-11', '2025-06-11');
    // Rolled up during the day itself: still open.
    await ds.query(
      `INSERT INTO dashboard_rollup_day (day, rolled_at) VALUES ('2025-06-12', '2025-06-12T15:00:00Z') ON CONFLICT (day) DO UPDATE SET rolled_at = EXCLUDED.rolled_at`,
    );
    const open = await rollup.openDays(new Date());
    expect(open).not.toContain('2025-06-10');
    expect(open).not.toContain('2025-06-11');
    expect(open).toContain('2025-06-12');
    expect(open).toContain(today());
    // A day's rows carry the roll-up of that day only: a fact added to a settled day waits for an explicit rebuild.
    const c = await makeCase(ds, { region: 'utrecht', status: 'closed' });
    await ds.query(
      `INSERT INTO case_event (case_id, type, region_id, channel, occurred_at) SELECT id, 'case.created', region_id, channel, '2025-06-11T12:00:00Z' FROM cases WHERE id = $1`,
      [c.id],
    );
    await rollup.run();
    expect((await dailyTotals(ds, '2025-06-11')).cases_new).toBe(0);
    await rollup.rebuild('2025-06-11', '2025-06-11');
    expect((await dailyTotals(ds, '2025-06-11')).cases_new).toBe(1);
  });

  it('runs as a job: started once at boot, it fills the roll-ups without anyone asking', async () => {
    const jobs = await startTestApp({ jobs: { enabled: true } });
    try {
      await jobs.db.ds.query(
        `INSERT INTO case_event (case_id, type, region_id, channel, occurred_at) SELECT id, 'case.created', region_id, channel, now() FROM cases WHERE id = $1`,
        [(await makeCase(jobs.db.ds, { region: 'amsterdam' })).id],
      );
      // The boot run may have started before the fact existed: keep asking (a singleton queue drops duplicates).
      const deadline = Date.now() + 20_000;
      let n = 0;
      while (Date.now() < deadline) {
        [{ n }] = await jobs.db.ds.query(
          `SELECT COALESCE(sum(cases_new), 0)::int AS n FROM dashboard_daily WHERE day = $1`,
          [today()],
        );
        if (n === 1) break;
        await new Promise((r) => setTimeout(r, 250));
        await jobs.app.get(JobsService).send(DASHBOARD_ROLLUP_QUEUE, {});
      }
      expect(n).toBe(1);
      const [{ scheduled }] = await jobs.db.ds.query(
        `SELECT count(*)::int AS scheduled FROM pgboss.schedule WHERE name = 'dashboard-rollup'`,
      );
      expect(scheduled).toBe(1);
    } finally {
      await jobs.close();
    }
  });
});
