import { DateTime } from 'luxon';
import { DashboardRollup } from '../../src/dashboard/dashboard-rollup';
import { FIGURES } from '../../src/dashboard/dashboard-figures';
import { DEMO_HISTORY_PREFIX, generateDemoHistory, HistoryResult } from '../../src/database/demo-history';
import { createTestDatabase, TestDatabase } from '../support/database';

const ZONE = 'Europe/Amsterdam';
const NOW = new Date('2026-03-18T10:30:00Z');
const day = (d: Date) => DateTime.fromJSDate(d, { zone: ZONE }).toISODate()!;

describe('demo history', () => {
  let db: TestDatabase;
  let made: HistoryResult;
  const from = day(new Date(NOW.getTime() - 90 * 86400_000));
  const to = day(NOW);

  beforeAll(async () => {
    db = await createTestDatabase();
    made = await generateDemoHistory(db.ds, NOW);
    await new DashboardRollup(db.ds, ZONE).rebuild(from, to);
  });
  afterAll(async () => {
    await db.drop();
  });

  // The figures' parameters: $1 regions, $2 topic, $3 channel, $4 from, $5 to, $6 zone, as many as the query uses.
  const figure = (name: keyof typeof FIGURES, regionIds: number[] | null = null) => {
    const sql = FIGURES[name].sql;
    const used = Math.max(...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
    return db.ds.query(sql, [regionIds, null, null, from, to, ZONE].slice(0, used)) as Promise<
      Record<string, string | number | null>[]
    >;
  };

  it('generates about 400 closed demo cases with their messages, replies, facts and some evaluations', async () => {
    expect(made.cases).toBeGreaterThan(350);
    expect(made.cases).toBeLessThanOrEqual(420);
    const [c] = await db.ds.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'closed')::int AS closed, count(DISTINCT region_id)::int AS regions,
              count(*) FILTER (WHERE case_ref NOT LIKE $1 || '%')::int AS unmarked
         FROM cases`,
      [DEMO_HISTORY_PREFIX],
    );
    expect(c).toEqual({ n: made.cases, closed: made.cases, regions: 5, unmarked: 0 });
    const [m] = await db.ds.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE direction = 'out')::int AS out,
              count(*) FILTER (WHERE body_text NOT LIKE 'Demobericht:%')::int AS unmarked,
              count(*) FILTER (WHERE direction = 'out' AND author_id IS NULL)::int AS out_without_author
         FROM message`,
    );
    expect(m).toEqual({ n: made.messages, out: made.messagesOut, unmarked: 0, out_without_author: 0 });
    // Every sent reply row points at its outgoing message; every evaluation at an outgoing message of its case.
    const [r] = await db.ds.query(
      `SELECT (SELECT count(*)::int FROM reply r JOIN message m ON m.id = r.message_id AND m.case_id = r.case_id AND m.direction = 'out' WHERE r.status = 'sent') AS replies,
              (SELECT count(*)::int FROM evaluation) AS evaluations,
              (SELECT count(*)::int FROM evaluation v JOIN message m ON m.id = v.reply_message_id AND m.case_id = v.case_id AND m.direction = 'out') AS evaluations_on_replies`,
    );
    expect(r.replies).toBe(made.messagesOut);
    expect(r.evaluations).toBe(made.evaluations);
    expect(r.evaluations_on_replies).toBe(made.evaluations);
    expect(made.evaluations).toBeGreaterThan(0.1 * made.messagesOut);
    expect(made.evaluations).toBeLessThan(0.3 * made.messagesOut);
  });

  it('writes replies only as the demo staff who answer cases', async () => {
    const [w] = await db.ds.query(
      `SELECT count(DISTINCT m.author_id)::int AS authors, bool_and(u.role IN ('trainee', 'worker', 'supervisor')) AS staff_roles,
              bool_and(u.email LIKE '%@luister.example') AS demo_staff
         FROM message m JOIN staff_user u ON u.id = m.author_id`,
    );
    // Every demo region's worker, supervisor and trainee answers (issue 19), plus Gent's worker.
    const [{ answering }] = await db.ds.query(
      `SELECT count(*)::int AS answering FROM staff_user WHERE role IN ('trainee', 'worker', 'supervisor')`,
    );
    expect(w).toEqual({ authors: answering, staff_roles: true, demo_staff: true });
    expect(answering).toBeGreaterThanOrEqual(13);
  });

  it('keeps the facts consistent: one fact per message, SLA verdicts of existing cases, nothing after now', async () => {
    const [e] = await db.ds.query(
      `SELECT count(*) FILTER (WHERE type = 'case.created')::int AS created,
              count(*) FILTER (WHERE type = 'message.received')::int AS received,
              count(*) FILTER (WHERE type = 'reply.sent')::int AS sent,
              count(*) FILTER (WHERE type IN ('sla.met', 'sla.missed'))::int AS sla,
              count(*) FILTER (WHERE type IN ('sla.met', 'sla.missed') AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = e.case_id))::int AS sla_orphans,
              count(*) FILTER (WHERE type IN ('sla.met', 'sla.missed') AND (wall_seconds IS NULL OR business_seconds > wall_seconds))::int AS sla_bad_times,
              count(*) FILTER (WHERE occurred_at > $1)::int AS in_future,
              max(occurred_at) AS last
         FROM case_event e`,
      [NOW],
    );
    expect(e.created).toBe(made.cases);
    expect(e.received + e.created).toBe(made.messages - made.messagesOut);
    expect(e.sent).toBe(made.messagesOut);
    expect(e.sla).toBe(made.messagesOut);
    expect(e.sla_orphans).toBe(0);
    expect(e.sla_bad_times).toBe(0);
    expect(e.in_future).toBe(0);
    const [late] = await db.ds.query(
      `SELECT (SELECT count(*)::int FROM message WHERE created_at > $1) AS messages, (SELECT count(*)::int FROM evaluation WHERE submitted_at > $1) AS evaluations,
              (SELECT count(*)::int FROM cases WHERE updated_at > $1 OR created_at < $1::timestamptz - interval '85 days') AS cases`,
      [NOW],
    );
    expect(late).toEqual({ messages: 0, evaluations: 0, cases: 0 });
  });

  it('rolls up into non-empty dashboard figures that add up to what was generated', async () => {
    const volume = await figure('volume');
    const all = volume.find((r) => r.channel === 'all')!;
    expect(Number(all.cases_new)).toBe(made.cases);
    expect(Number(all.messages_out)).toBe(made.messagesOut);
    expect(Number(all.messages_in)).toBe(made.messages - made.messagesOut);
    expect(volume.map((r) => r.channel).sort()).toEqual(['all', 'email', 'web']);

    const response = await figure('response');
    const first = response.find((r) => r.target === 'first' && r.channel === 'all')!;
    expect(Number(first.replies)).toBe(made.cases);
    const wallHours = Number(first.wall_mean) / 3600;
    expect(wallHours).toBeGreaterThan(24);
    expect(wallHours).toBeLessThan(140);
    expect(Number(first.within_sla)).toBeGreaterThan(0.2);
    expect(Number(first.within_sla)).toBeLessThan(0.95);
    expect(Number(first.business_p90)).toBeGreaterThan(Number(first.business_median));

    const checklist = await figure('checklist');
    const rate = (item: string) => Number(checklist.find((r) => r.item === item)!.rate);
    expect(rate('verification')).toBeGreaterThan(0.25);
    expect(rate('verification')).toBeLessThan(0.55);
    expect(rate('onlineReferral')).toBeGreaterThan(0.02);
    expect(rate('onlineReferral')).toBeLessThan(0.2);

    const referrals = await figure('referrals');
    expect(referrals.every((r) => Number(r.referrals) > 0)).toBe(true);
    const [{ online }] = await db.ds.query(
      `SELECT count(*)::int AS online FROM case_event WHERE type = 'reply.sent' AND data->'checks' ? 'onlineReferral'`,
    );
    expect(Number(referrals.find((r) => r.kind === 'online')!.referrals)).toBeGreaterThanOrEqual(online);

    const evaluations = await figure('evaluations');
    expect(Number(evaluations[0].evaluations)).toBe(made.evaluations);
    expect(Number(evaluations[0].helped_mean)).toBeGreaterThan(3);

    const trend = await figure('trend');
    expect(trend.length).toBeGreaterThanOrEqual(12);
    expect(trend.filter((w) => Number(w.cases_new) > 0).length).toBeGreaterThanOrEqual(11);

    const [{ id: amsterdam }] = await db.ds.query(`SELECT id FROM region WHERE code = 'amsterdam'`);
    const workload = await figure('workload', [amsterdam]);
    expect(workload.filter((w) => Number(w.replies_sent) > 0).length).toBeGreaterThanOrEqual(3);
    const regions = await figure('regions');
    expect(regions.filter((r) => Number(r.cases_new) > 0).length).toBe(5);
    // Closed history adds nothing to the backlog of today.
    const backlog = await figure('backlog');
    expect(Number(backlog.find((r) => r.region === 'all')!.awaiting)).toBe(0);
  });
});
