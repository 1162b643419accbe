import request from 'supertest';
import { DataSource } from 'typeorm';
import { CaseAutoCloseService } from '../../src/cases/case-auto-close.service';
import { CasesService } from '../../src/cases/cases.service';
import { makeCase } from '../inbox/factories';
import { apiLogin } from '../staff/staff-login';
import { startTestApp, TestApp } from '../support/app';

const DAY = 24 * 3600_000;

describe('auto-close: cases silent on the help-seeker for N days close by themselves', () => {
  let t: TestApp;
  let ds: DataSource;
  // The controlled clock: every run is given its "now" (a minute ago, so later real events come after it).
  const now = new Date(Date.now() - 60_000);
  const daysBefore = (d: number) => new Date(now.getTime() - d * DAY).toISOString();

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.db.ds;
  });
  afterAll(async () => {
    await t?.close();
  });

  const statusOf = async (id: string) => (await ds.query(`SELECT status FROM cases WHERE id = $1`, [id]))[0].status;
  const typesOf = async (id: string) =>
    (await ds.query(`SELECT type FROM case_event WHERE case_id = $1 ORDER BY occurred_at, id`, [id])).map(
      (e: { type: string }) => e.type,
    );

  it('closes a case waiting longer than the region allows (default 14 days), with an event and a note; a new message reopens it', async () => {
    const silent = await makeCase(ds, { region: 'amsterdam', status: 'waiting', createdAt: daysBefore(15) });
    const recent = await makeCase(ds, { region: 'amsterdam', status: 'waiting', createdAt: daysBefore(13) });
    const open = await makeCase(ds, { region: 'amsterdam', status: 'open', createdAt: daysBefore(40) });
    const svc = t.app.get(CaseAutoCloseService);

    // Not yet at 13.9 days... then at the controlled "now".
    await svc.run(new Date(now.getTime() - 1.1 * DAY));
    expect(await statusOf(silent.id)).toBe('waiting');
    await svc.run(now);
    expect(await statusOf(silent.id)).toBe('closed');
    expect(await statusOf(recent.id)).toBe('waiting');
    expect(await statusOf(open.id)).toBe('open');
    expect(await typesOf(silent.id)).toEqual(['case.status_changed', 'case.auto_closed']);
    const [ev] = await ds.query(
      `SELECT data, occurred_at FROM case_event WHERE case_id = $1 AND type = 'case.auto_closed'`,
      [silent.id],
    );
    expect(ev).toEqual({ data: { days: 14 }, occurred_at: now });
    const notes = await ds.query(`SELECT author_id, body_text FROM case_note WHERE case_id = $1`, [silent.id]);
    expect(notes).toEqual([{ author_id: null, body_text: expect.stringContaining('14 dagen') }]);

    // The staff case page shows the note and the event on the timeline.
    const worker = await apiLogin(t, 'worker@luister.example');
    const api = await request(t.app.getHttpServer()).get(`/api/v1/cases/${silent.id}`).set(worker).expect(200);
    expect(api.body.status).toBe('closed');

    // A new message opens it again, as any closed case.
    await ds.transaction((m) =>
      t.app.get(CasesService).addInboundMessage(m, silent.id, { channel: 'web', text: 'Ik ben er weer.' }),
    );
    expect(await statusOf(silent.id)).toBe('open');
    expect((await typesOf(silent.id)).slice(-2)).toEqual(['message.received', 'case.reopened']);
    // And a run later does not close it (it is open, not waiting).
    await svc.run(new Date(now.getTime() + 30 * DAY));
    expect(await statusOf(silent.id)).toBe('open');
  });

  it('counts from the later of the last message and the last status change', async () => {
    const c = await makeCase(ds, { region: 'amsterdam', status: 'waiting', createdAt: daysBefore(30) });
    await ds.query(
      `INSERT INTO case_event (case_id, type, region_id, data, occurred_at)
       SELECT id, 'case.status_changed', region_id, '{"from":"open","to":"waiting"}', $2 FROM cases WHERE id = $1`,
      [c.id, daysBefore(3)],
    );
    await t.app.get(CaseAutoCloseService).run(now);
    expect(await statusOf(c.id)).toBe('waiting');
  });

  it('follows the region setting: longer, or never', async () => {
    const admin = await apiLogin(t, 'admin@luister.example');
    const http = () => request(t.app.getHttpServer());
    await http().patch('/api/v1/admin/regions/rotterdam').set(admin).send({ autoCloseDays: 30 }).expect(204);
    await http().patch('/api/v1/admin/regions/utrecht').set(admin).send({ autoCloseDays: null }).expect(204);
    const bad = await http().patch('/api/v1/admin/regions/utrecht').set(admin).send({ autoCloseDays: 0 }).expect(400);
    expect(bad.body.fields).toHaveProperty('autoCloseDays');
    const listed = await http().get('/api/v1/admin/regions').set(admin).expect(200);
    expect(listed.body.items.find((r: { code: string }) => r.code === 'rotterdam').autoCloseDays).toBe(30);

    const r20 = await makeCase(ds, { region: 'rotterdam', status: 'waiting', createdAt: daysBefore(20) });
    const r31 = await makeCase(ds, { region: 'rotterdam', status: 'waiting', createdAt: daysBefore(31) });
    const u99 = await makeCase(ds, { region: 'utrecht', status: 'waiting', createdAt: daysBefore(99) });
    await t.app.get(CaseAutoCloseService).run(now);
    expect(await statusOf(r20.id)).toBe('waiting');
    expect(await statusOf(r31.id)).toBe('closed');
    expect(await statusOf(u99.id)).toBe('waiting');
  });

  it('is safe with several instances at once: each case closes once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 25; i++)
      ids.push((await makeCase(ds, { region: 'amsterdam', status: 'waiting', createdAt: daysBefore(20) })).id);
    const svc = t.app.get(CaseAutoCloseService);
    const runs = await Promise.all([svc.run(now, 4), svc.run(now, 7), svc.run(now, 3)]);
    expect(runs.reduce((s, r) => s + r.closed, 0)).toBe(25);
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM case_event WHERE type = 'case.auto_closed' AND case_id = ANY($1::uuid[])`,
      [ids],
    );
    expect(n).toBe(25);
    const [{ notes }] = await ds.query(
      `SELECT count(*)::int AS notes FROM case_note WHERE author_id IS NULL AND case_id = ANY($1::uuid[])`,
      [ids],
    );
    expect(notes).toBe(25);
    expect((await svc.run(now)).closed).toBe(0);
  });

  it('runs as a daily pg-boss job: one schedule for all instances', async () => {
    const j = await startTestApp({ jobs: { enabled: true } });
    try {
      const [s] = await j.db.ds.query(`SELECT cron FROM pgboss.schedule WHERE name = 'case-auto-close'`);
      expect(s).toEqual({ cron: '30 2 * * *' });
    } finally {
      await j.close();
    }
  });
});
