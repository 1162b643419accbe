import { DataSource } from 'typeorm';
import { DashboardRollup } from '../../src/dashboard/dashboard-rollup';
import { DashboardRollupService } from '../../src/dashboard/dashboard-rollup.service';
import { FIGURES, FigureName } from '../../src/dashboard/dashboard-figures';
import { DashboardFilter } from '../../src/dashboard/dashboard-filter';
import { DashboardService } from '../../src/dashboard/dashboard.service';
import { DashboardRegionRollups1734400000000 } from '../../migrations/1734400000000-dashboard-region-rollups';
import { startTestApp, TestApp } from '../support/app';
import { caseWithFact, recordFact, replyFacts } from './facts';

type Channel = 'web' | 'email';
/** One case of the scenario: where, what, when, and the replies it got (worker, SLA target, met). */
interface Spec {
  region: string;
  topic: string | null;
  channel: Channel;
  day: string;
  replies: { by: string; target: 'first' | 'next'; met: boolean }[];
}

// Sat 29 March, the whole ISO week of Mon 31 March to Sun 6 April (three days of it), Tue 8 April.
const DAYS = ['2025-03-29', '2025-03-31', '2025-04-02', '2025-04-06', '2025-04-08'];
/** Periods with whole weeks and days around them, exactly one week, across a week's end without a whole week, one day. */
const PERIODS: [string, string][] = [
  ['2025-03-29', '2025-04-08'],
  ['2025-03-31', '2025-04-06'],
  ['2025-04-02', '2025-04-08'],
  ['2025-04-02', '2025-04-02'],
];
const TOPICS = [null, 'money', 'housing'];
const CHANNELS: Channel[] = ['web', 'email'];
type Row = Record<string, unknown>;

/**
 * The per-region and per-worker roll-ups (dashboard_region_daily, dashboard_worker_region_daily):
 * the regions, organisations and workload figures read them when no topic or channel is asked
 * for, and the rows split per topic and channel otherwise. Either way the numbers must be the
 * ones the facts give.
 */
describe('dashboard roll-ups per region and per worker', () => {
  let t: TestApp;
  let ds: DataSource;
  let rollup: DashboardRollup;
  let dashboard: DashboardService;
  const specs: Spec[] = [];
  const staff: Record<string, string> = {};
  const orgOf: Record<string, string> = {};

  const regionIds: Record<string, number> = {};
  const filter = (
    topic: string | null = null,
    channel: Channel | null = null,
    regions: string[] | null = null,
    [from, to]: [string, string] = PERIODS[0],
  ): DashboardFilter => ({
    from,
    to,
    regionIds: regions && regions.map((r) => regionIds[r]),
    region: null,
    topic,
    channel,
  });
  const rows = async (name: FigureName, f: DashboardFilter) =>
    (await dashboard.figure(name, f, { suppress: false })).rows as Row[];
  const byKey = (rs: Row[], key: string) => Object.fromEntries(rs.map((r) => [r[key] as string, r]));

  /** The expected figures straight from the scenario's facts, for the cases a filter keeps. */
  function expected(topic: string | null, channel: Channel | null, regions: string[] | null, [from, to]: string[]) {
    const kept = specs.filter(
      (s) =>
        s.day >= from &&
        s.day <= to &&
        (topic === null || (s.topic ?? 'none') === topic) &&
        (channel === null || s.channel === channel) &&
        (regions === null || regions.includes(s.region)),
    );
    const perRegion: Record<string, { cases_new: number; messages_out: number; answered: number; met: number }> = {};
    const workers: Record<string, number> = {};
    for (const s of kept) {
      const r = (perRegion[s.region] ??= { cases_new: 0, messages_out: 0, answered: 0, met: 0 });
      r.cases_new++;
      for (const reply of s.replies) {
        r.messages_out++;
        r.answered++;
        if (reply.met) r.met++;
        workers[reply.by] = (workers[reply.by] ?? 0) + 1;
      }
    }
    return { regions: perRegion, workers };
  }

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.db.ds;
    rollup = t.app.get(DashboardRollupService).rollup;
    dashboard = t.app.get(DashboardService);
    const people = ['worker', 'trainee', 'supervisor', 'worker.rotterdam', 'gent'];
    for (const who of people) {
      const [{ id }] = await ds.query(`SELECT id FROM staff_user WHERE email = $1`, [`${who}@luister.example`]);
      staff[who] = id;
    }
    for (const r of await ds.query(
      `SELECT r.id, r.code AS region, o.code AS organisation FROM region r JOIN organisation o ON o.id = r.organisation_id`,
    )) {
      orgOf[r.region] = r.organisation;
      regionIds[r.region] = r.id;
    }

    // Cases in four regions of three organisations, every topic (and none) and both channels,
    // over three days; replies by five workers, one of them (worker) in two regions.
    const regions = ['amsterdam', 'rotterdam', 'utrecht', 'gent'];
    let n = 0;
    for (const day of DAYS)
      for (const region of regions)
        for (const topic of TOPICS)
          for (const channel of CHANNELS) {
            n++;
            if (n % 5 === 0) continue; // some combinations without cases
            const who = [people[n % people.length], people[(n + 1) % people.length]];
            const replies = Array.from({ length: n % 4 }, (_, i) => ({
              by: who[i % 2],
              target: (i === 0 ? 'first' : 'next') as 'first' | 'next',
              met: (n + i) % 3 !== 0,
            }));
            specs.push({ region, topic, channel, day, replies });
          }
    for (const s of specs) {
      const id = await caseWithFact(ds, s.region, s.topic, s.channel, `${s.day}T08:00:00Z`);
      await recordFact(ds, id, 'message.received', `${s.day}T08:30:00Z`);
      for (const [i, r] of s.replies.entries())
        await replyFacts(ds, id, `${s.day}T${10 + i}:00:00Z`, {
          by: staff[r.by],
          target: r.target,
          met: r.met,
          businessHours: 1 + i,
          wallHours: 2 + i,
          checks: ['summary'],
        });
    }
    await rollup.rebuild(DAYS[0], DAYS[DAYS.length - 1]);
  }, 120_000);
  afterAll(() => t?.close());

  const regionSums = () =>
    ds.query(`
      SELECT to_char(day, 'YYYY-MM-DD') AS day, region_id, sum(cases_new)::int AS cases_new, sum(messages_out)::int AS messages_out,
             sum(first_replies + next_replies)::int AS answered, sum(first_met + next_met)::int AS met
        FROM dashboard_daily GROUP BY day, region_id ORDER BY day, region_id`);
  const regionRows = () =>
    ds.query(`
      SELECT to_char(day, 'YYYY-MM-DD') AS day, region_id, cases_new, messages_out, answered, met
        FROM dashboard_region_daily ORDER BY day, region_id`);
  const workerSums = () =>
    ds.query(`
      SELECT to_char(date_trunc('week', day), 'YYYY-MM-DD') AS week, region_id, staff_user_id, sum(replies_sent)::int AS replies_sent
        FROM dashboard_worker_daily GROUP BY 1, region_id, staff_user_id ORDER BY 1, region_id, staff_user_id`);
  const workerRows = () =>
    ds.query(`
      SELECT to_char(week, 'YYYY-MM-DD') AS week, region_id, staff_user_id, replies_sent
        FROM dashboard_worker_weekly ORDER BY week, region_id, staff_user_id`);

  it('holds per day and region (per week, region and worker) exactly the sums of the rows split per topic and channel', async () => {
    const sums = await regionSums();
    expect(sums.length).toBe(DAYS.length * 4);
    expect(await regionRows()).toEqual(sums);
    const workers = await workerSums();
    // A worker who replied in several regions has a row for each of them.
    const regionsOf = (who: string) =>
      new Set(workers.filter((w: Row) => w.staff_user_id === staff[who]).map((w: Row) => w.region_id)).size;
    expect(regionsOf('worker')).toBeGreaterThan(1);
    expect(new Set(workers.map((w: Row) => w.week))).toEqual(new Set(['2025-03-24', '2025-03-31', '2025-04-07']));
    expect(await workerRows()).toEqual(workers);
  });

  it('rebuilding a day, twice or by two runners at once, leaves the same rows; a new fact counts once', async () => {
    const before = { regions: await regionRows(), workers: await workerRows() };
    await rollup.rebuild(DAYS[2], DAYS[2]);
    // Three days of one week at once: each rebuilds the week's rows, one after the other.
    await Promise.all([DAYS[1], DAYS[2], DAYS[3], DAYS[2]].map((d) => rollup.rollUpDay(d)));
    expect({ regions: await regionRows(), workers: await workerRows() }).toEqual(before);

    // A late case and reply on the middle day, then two rebuilds: one more, not two.
    const s: Spec = {
      region: 'gent',
      topic: 'money',
      channel: 'email',
      day: DAYS[2],
      replies: [{ by: 'gent', target: 'first', met: true }],
    };
    const id = await caseWithFact(ds, s.region, s.topic, s.channel, `${s.day}T09:00:00Z`);
    await replyFacts(ds, id, `${s.day}T15:00:00Z`, {
      by: staff.gent,
      met: true,
      businessHours: 1,
      wallHours: 1,
      checks: [],
    });
    specs.push(s);
    await rollup.rebuild(DAYS[2], DAYS[2]);
    await rollup.rebuild(DAYS[2], DAYS[2]);
    const [{ id: gent }] = await ds.query(`SELECT id FROM region WHERE code = 'gent'`);
    const was = before.regions.find((r: Row) => r.day === DAYS[2] && r.region_id === gent);
    const now = (await regionRows()).find((r: Row) => r.day === DAYS[2] && r.region_id === gent);
    expect(now).toEqual({
      ...was,
      cases_new: was.cases_new + 1,
      messages_out: was.messages_out + 1,
      answered: was.answered + 1,
      met: was.met + 1,
    });
    expect(await regionRows()).toEqual(await regionSums());
    expect(await workerRows()).toEqual(await workerSums());
  });

  it('the migration fills both tables from the days rolled up before it', async () => {
    const before = { regions: await regionRows(), workers: await workerRows() };
    const migration = new DashboardRegionRollups1734400000000();
    const q = ds.createQueryRunner();
    try {
      await migration.down(q);
      await migration.up(q);
    } finally {
      await q.release();
    }
    expect({ regions: await regionRows(), workers: await workerRows() }).toEqual(before);
  });

  // Every region (the platform admin), or one organisation's two regions (its manager).
  const ZHU = ['rotterdam', 'utrecht'];
  const FILTERS: [string | null, Channel | null, string[] | null][] = [
    [null, null, null],
    ['money', null, null],
    ['none', null, null],
    [null, 'email', null],
    ['housing', 'web', null],
    ['none', 'email', null],
    [null, null, ZHU],
    ['money', 'web', ZHU],
  ];

  it.each(FILTERS)(
    'regions, organisations and workload give the numbers of the facts (topic %s, channel %s, regions %j)',
    async (topic, channel, regions) => {
      for (const period of PERIODS) await sameNumbers(topic, channel, regions, period);
    },
  );

  async function sameNumbers(
    topic: string | null,
    channel: Channel | null,
    regions: string[] | null,
    period: [string, string],
  ): Promise<void> {
    const f = filter(topic, channel, regions, period);
    const want = expected(topic, channel, regions, period);
    const zero = { cases_new: 0, messages_out: 0, answered: 0, met: 0 };

    for (const [code, row] of Object.entries(byKey(await rows('regions', f), 'region'))) {
      const e = want.regions[code] ?? zero;
      expect({ period, code, ...row }).toMatchObject({
        period,
        code,
        organisation: orgOf[code],
        cases_new: e.cases_new,
        messages_out: e.messages_out,
        answered: e.answered,
        within_sla: e.answered ? Math.round((e.met / e.answered) * 10_000) / 10_000 : null,
      });
    }
    expect(Object.keys(byKey(await rows('regions', f), 'region')).sort()).toEqual(
      regions ? [...regions].sort() : Object.keys(orgOf).sort(),
    );

    const orgs = byKey(await rows('organisations', f), 'organisation');
    for (const [code, row] of Object.entries(orgs)) {
      const mine = Object.entries(want.regions).filter(([r]) => orgOf[r] === code);
      const sum = (k: keyof typeof zero) => mine.reduce((a, [, e]) => a + e[k], 0);
      expect({ period, code, ...row }).toMatchObject({
        period,
        code,
        cases_new: sum('cases_new'),
        messages_out: sum('messages_out'),
        answered: sum('answered'),
        within_sla: sum('answered') ? Math.round((sum('met') / sum('answered')) * 10_000) / 10_000 : null,
      });
    }

    const workload = await rows('workload', f);
    const names: Record<string, string> = {};
    for (const [who, id] of Object.entries(staff))
      names[(await ds.query(`SELECT display_name FROM staff_user WHERE id = $1`, [id]))[0].display_name] = who;
    const sent = Object.fromEntries(
      workload.filter((w) => (w.replies_sent as number) > 0).map((w) => [names[w.worker as string], w.replies_sent]),
    );
    expect({ period, sent }).toEqual({ period, sent: want.workers });
  }

  it('without a filter the figures add up to the same numbers as every topic and channel filter together', async () => {
    for (const period of PERIODS) {
      const whole = {
        regions: await rows('regions', filter(null, null, null, period)),
        workload: await rows('workload', filter(null, null, null, period)),
      };
      const parts: Record<string, Record<string, number>> = { regions: {}, workload: {} };
      for (const topic of ['none', 'money', 'housing'])
        for (const channel of CHANNELS) {
          for (const r of await rows('regions', filter(topic, channel, null, period)))
            parts.regions[r.region as string] = (parts.regions[r.region as string] ?? 0) + (r.answered as number);
          for (const w of await rows('workload', filter(topic, channel, null, period)))
            parts.workload[w.worker as string] = (parts.workload[w.worker as string] ?? 0) + (w.replies_sent as number);
        }
      expect(Object.fromEntries(whole.regions.map((r) => [r.region, r.answered]))).toEqual(parts.regions);
      expect(Object.fromEntries(whole.workload.map((w) => [w.worker, w.replies_sent]))).toEqual(parts.workload);
    }
  });

  it('reads the narrow tables only when no topic and no channel is asked for', async () => {
    const plan = async (name: FigureName, topic: string | null, channel: string | null) => {
      const sql = FIGURES[name].sql;
      const used = Math.max(...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
      const params = [null, topic, channel, ...PERIODS[0], 'UTC'].slice(0, used);
      return (await ds.query(`EXPLAIN (COSTS OFF) ${sql}`, params))
        .map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN'])
        .join('\n');
    };
    const tables = ['dashboard_daily', 'dashboard_region_daily', 'dashboard_worker_daily', 'dashboard_worker_weekly'];
    const scans = (p: string) => tables.filter((t) => new RegExp(`\\b${t}\\b`).test(p));
    for (const name of ['regions', 'organisations'] as const) {
      expect(scans(await plan(name, null, null))).toEqual(['dashboard_region_daily']);
      expect(scans(await plan(name, 'money', null))).toEqual(['dashboard_daily']);
      expect(scans(await plan(name, null, 'web'))).toEqual(['dashboard_daily']);
    }
    // The period's whole week from the weekly rows, its days around it from the daily ones; the
    // week's bounds are constants when planned (an index range, not a function per row).
    const workload = await plan('workload', null, null);
    expect(scans(workload)).toEqual(['dashboard_worker_daily', 'dashboard_worker_weekly']);
    expect(workload).toContain("(week >= '2025-03-31'::date) AND (week <= '2025-03-31'::date)");
    expect(workload).not.toContain('isodow');
    expect(scans(await plan('workload', '', 'email'))).toEqual(['dashboard_worker_daily']);
  });
});
