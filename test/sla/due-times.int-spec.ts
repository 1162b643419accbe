import { DateTime } from 'luxon';
import request from 'supertest';
import { CaseSlaService } from '../../src/cases/case-sla.service';
import { CasesService } from '../../src/cases/cases.service';
import { parsePostcode, Postcode } from '../../src/routing/postcode';
import { SlaService } from '../../src/sla/sla.service';
import { startTestApp, TestApp } from '../support/app';
import { workSlaRecompute } from '../support/jobs';
import { askByForm, openCase } from '../support/help-seeker';

const AMS = 'Europe/Amsterdam';
/** Local Amsterdam wall time → Date; the tests' clock. */
const at = (iso: string) => DateTime.fromISO(iso, { zone: AMS }).toJSDate();
const show = (d: Date | null) => (d ? DateTime.fromJSDate(d, { zone: AMS }).toFormat("yyyy-MM-dd'T'HH:mm") : null);

describe('SLA due times through a case’s life', () => {
  let t: TestApp;
  let cases: CasesService;
  let sla: SlaService;
  let caseSla: CaseSlaService;
  let region: Record<string, number>;

  beforeAll(async () => {
    t = await startTestApp();
    cases = t.app.get(CasesService);
    sla = t.app.get(SlaService);
    caseSla = t.app.get(CaseSlaService);
    region = Object.fromEntries(
      (await t.db.ds.query(`SELECT code, id FROM region`)).map((r: { code: string; id: number }) => [r.code, r.id]),
    );
    // Short, round targets make the expectations readable.
    await sla.savePolicy(
      region.utrecht,
      { topic: null, crisis: false },
      { firstReplyMinutes: 120, nextReplyMinutes: 60, wallClock: false, warnPercent: 50 },
      { actorId: null, action: 'sla.change', data: { what: 'policy' } },
    );
    await workSlaRecompute(t.app);
  });
  afterAll(() => t.close());

  const pc = (s: string): Postcode => {
    const p = parsePostcode(s, 'NL');
    if (!p.ok) throw new Error('bad postcode');
    return p.postcode;
  };
  const newCase = (
    receivedAt: Date,
    postcode = '3512',
    text = 'Ik heb een vraag over mijn huur.',
    topic: string | null = null,
  ) =>
    t.db.ds.transaction((m) =>
      cases.createCase(m, {
        channel: 'web',
        helpSeeker: { nickname: 'Test', language: 'nl' },
        postcode: pc(postcode),
        topic,
        firstMessage: { text },
        receivedAt,
      }),
    );
  const row = async (id: string) =>
    (
      await t.db.ds.query(
        `SELECT first_reply_due_at, next_reply_due_at, sla_check_at, sla_target, crisis, status FROM cases WHERE id = $1`,
        [id],
      )
    )[0];
  const setStatus = (id: string, from: string, to: string, now: Date) =>
    t.db.ds.transaction(async (m) => {
      await m.query(`UPDATE cases SET status = $2 WHERE id = $1`, [id, to]);
      await caseSla.onStatusChanged(m, id, from, to, now);
    });
  const events = async (id: string, type: string) =>
    t.db.ds.query(
      `SELECT wall_seconds, business_seconds, data, occurred_at FROM case_event WHERE case_id = $1 AND type = $2 ORDER BY id`,
      [id, type],
    );

  it('pauses while waiting, follows a transfer and a policy change, and records met and missed targets', async () => {
    // Friday 16:00: one hour left today, so two business hours run to Monday 10:00.
    const c = await newCase(at('2026-11-20T16:00'));
    expect(show(c.expectedReplyBy!.at)).toBe('2026-11-23T10:00');
    expect(c.expectedReplyBy!.timeZone).toBe(AMS);
    let r = await row(c.caseId);
    expect(r.sla_target).toBe('first');
    expect(show(r.first_reply_due_at)).toBe('2026-11-23T10:00');
    expect(r.next_reply_due_at).toBeNull();
    // Warning at 50%: after the Friday hour.
    expect(show(r.sla_check_at)).toBe('2026-11-20T17:00');

    // Monday 09:30 the worker waits on the help-seeker: 1.5 h used, nothing is due while waiting.
    await setStatus(c.caseId, 'new', 'waiting', at('2026-11-23T09:30'));
    r = await row(c.caseId);
    expect(r.first_reply_due_at).toBeNull();
    expect(r.sla_check_at).toBeNull();
    // Back to open at 14:00: the 30 minutes left run from there.
    await setStatus(c.caseId, 'waiting', 'open', at('2026-11-23T14:00'));
    expect(show((await row(c.caseId)).first_reply_due_at)).toBe('2026-11-23T14:30');

    // Transfer to Rotterdam (14 business hours): from the same clock start, pause excluded.
    await t.db.ds.transaction(async (m) => {
      await m.query(`UPDATE cases SET region_id = $2 WHERE id = $1`, [c.caseId, region.rotterdam]);
      await caseSla.onRegionChanged(m, c.caseId);
    });
    expect(show((await row(c.caseId)).first_reply_due_at)).toBe('2026-11-25T11:30');

    // Rotterdam tightens its target to 5 h: open cases follow from now on.
    await sla.savePolicy(
      region.rotterdam,
      { topic: null, crisis: false },
      { firstReplyMinutes: 300, nextReplyMinutes: 14 * 60, wallClock: false, warnPercent: 75 },
      { actorId: null, action: 'sla.change', data: { what: 'policy' } },
    );
    // The save only queues the region's recompute (the manager does not wait on every case).
    expect(show((await row(c.caseId)).first_reply_due_at)).toBe('2026-11-25T11:30');
    expect(await workSlaRecompute(t.app)).toBe(1);
    expect(show((await row(c.caseId)).first_reply_due_at)).toBe('2026-11-24T09:30');

    // Reply on Tuesday 09:00: met, 4.5 business hours (pause excluded), 89 wall-clock hours.
    await t.db.ds.transaction((m) => caseSla.onReplySent(m, c.caseId, at('2026-11-24T09:00')));
    const [met] = await events(c.caseId, 'sla.met');
    expect(met.business_seconds).toBe(4.5 * 3600);
    expect(met.wall_seconds).toBe(89 * 3600);
    expect(met.data).toMatchObject({ target: 'first', crisis: false });
    r = await row(c.caseId);
    expect([r.first_reply_due_at, r.next_reply_due_at, r.sla_target, r.sla_check_at]).toEqual([null, null, null, null]);

    // The help-seeker writes again on Tuesday 12:00: a 14 h next-reply target starts.
    await t.db.ds.transaction((m) =>
      cases.addInboundMessage(m, c.caseId, {
        channel: 'web',
        text: 'Nog een vraag.',
        receivedAt: at('2026-11-24T12:00'),
      }),
    );
    r = await row(c.caseId);
    expect(r.sla_target).toBe('next');
    expect(r.first_reply_due_at).toBeNull();
    expect(show(r.next_reply_due_at)).toBe('2026-11-26T12:00');

    // Answered on Friday: missed.
    await t.db.ds.transaction((m) => caseSla.onReplySent(m, c.caseId, at('2026-11-27T10:00')));
    const [missed] = await events(c.caseId, 'sla.missed');
    expect(missed.data).toMatchObject({ target: 'next' });
    expect(missed.business_seconds).toBe((4 + 7 + 7 + 1) * 3600);
    expect(await events(c.caseId, 'sla.paused')).toHaveLength(1);
    expect(await events(c.caseId, 'sla.resumed')).toHaveLength(1);
  });

  it('keeps the due time when the help-seeker writes again before the answer', async () => {
    const c = await newCase(at('2026-11-23T10:00'));
    await t.db.ds.transaction((m) =>
      cases.addInboundMessage(m, c.caseId, { channel: 'web', text: 'Hallo?', receivedAt: at('2026-11-23T11:00') }),
    );
    const r = await row(c.caseId);
    expect(r.sla_target).toBe('first');
    expect(show(r.first_reply_due_at)).toBe('2026-11-23T12:00');
  });

  it('reopens a waiting case when the help-seeker writes, ending the pause', async () => {
    const c = await newCase(at('2026-11-23T10:00'));
    await setStatus(c.caseId, 'new', 'waiting', at('2026-11-23T10:30'));
    await t.db.ds.transaction((m) =>
      cases.addInboundMessage(m, c.caseId, {
        channel: 'web',
        text: 'Hier is mijn antwoord.',
        receivedAt: at('2026-11-23T15:00'),
      }),
    );
    const r = await row(c.caseId);
    expect(r.status).toBe('open');
    expect(show(r.first_reply_due_at)).toBe('2026-11-23T16:30');
    const [pause] = await t.db.ds.query(`SELECT started_at, ended_at FROM sla_pause WHERE case_id = $1`, [c.caseId]);
    expect(show(pause.ended_at)).toBe('2026-11-23T15:00');
  });

  it('stops the clock when a case is closed; a new message before any answer owes a first reply again', async () => {
    const c = await newCase(at('2026-11-23T10:00'));
    await setStatus(c.caseId, 'new', 'closed', at('2026-11-23T10:30'));
    const r = await row(c.caseId);
    expect([r.first_reply_due_at, r.sla_target]).toEqual([null, null]);
    expect(await events(c.caseId, 'sla.stopped')).toHaveLength(1);
    await t.db.ds.transaction((m) =>
      cases.addInboundMessage(m, c.caseId, {
        channel: 'web',
        text: 'Ben je er nog?',
        receivedAt: at('2026-11-23T13:30'),
      }),
    );
    const again = await row(c.caseId);
    expect([again.status, again.sla_target, show(again.first_reply_due_at)]).toEqual([
      'open',
      'first',
      '2026-11-23T15:30',
    ]);
  });

  it('applies the crisis policy, in wall-clock time where the region says so', async () => {
    // Amsterdam's demo crisis policy: 4 hours of wall-clock time, so a Saturday counts;
    // its ordinary target (14 business hours) runs from Monday 09:00 to Tuesday 17:00.
    const c = await newCase(at('2026-11-21T10:00'), '1012');
    expect(show((await row(c.caseId)).first_reply_due_at)).toBe('2026-11-24T17:00');
    await t.db.ds.transaction((m) =>
      caseSla.setCrisis(m, c.caseId, true, at('2026-11-21T10:05'), { source: 'staff', reason: 'test' }),
    );
    let r = await row(c.caseId);
    expect(r.crisis).toBe(true);
    expect(show(r.first_reply_due_at)).toBe('2026-11-21T14:00');
    await t.db.ds.transaction((m) =>
      caseSla.setCrisis(m, c.caseId, false, at('2026-11-21T10:10'), { source: 'staff', reason: 'misread' }),
    );
    r = await row(c.caseId);
    expect(show(r.first_reply_due_at)).toBe('2026-11-24T17:00');
    expect(await events(c.caseId, 'case.crisis_set')).toHaveLength(1);
    expect(await events(c.caseId, 'case.crisis_cleared')).toHaveLength(1);
  });

  it('uses a topic policy over the region’s general one', async () => {
    // Rotterdam's demo policy for money questions: 21 business hours (three working days).
    const c = await newCase(at('2026-11-23T09:00'), '3011', 'Ik heb schulden.', 'money');
    expect(show((await row(c.caseId)).first_reply_due_at)).toBe('2026-11-25T17:00');
  });

  it('tells the help-seeker when to expect an answer: API and pages, nl and en', async () => {
    const http = t.app.getHttpServer();
    const created = await request(http)
      .post('/api/v1/questions')
      .send({ nickname: 'Api', text: 'Een vraag via de API.', postcode: '3512 AB', country: 'NL' })
      .expect(201);
    const [c] = await t.db.ds.query(`SELECT first_reply_due_at FROM cases WHERE case_ref = $1`, [created.body.caseRef]);
    expect(created.body.expectedReplyBy).toBe(c.first_reply_due_at.toISOString());
    expect(new Date(created.body.expectedReplyBy).getTime()).toBeGreaterThan(Date.now());
    const read = await request(http)
      .get('/api/v1/case')
      .set('Authorization', `Bearer ${created.body.token}`)
      .expect(200);
    expect(read.body.expectedReplyBy).toBe(created.body.expectedReplyBy);

    const due = DateTime.fromJSDate(c.first_reply_due_at, { zone: AMS });
    const page = await openCase(request.agent(http), created.body.token);
    expect(page.text).toContain('uiterlijk');
    expect(page.text).toContain(due.toFormat('HH:mm'));
    expect(page.text).toContain(due.setLocale('nl').toFormat('cccc'));
    const en = await openCase(request.agent(http), created.body.token, '?lang=en');
    expect(en.text).toContain(`by ${due.setLocale('en-GB').toFormat('cccc')}`);

    const agent = request.agent(http);
    const { received } = await askByForm(agent, {
      nickname: 'Form',
      postcode: '9000',
      country: 'BE',
      text: 'Een vraag via het formulier.',
      language: 'nl',
    });
    expect(received.text).toMatch(
      /id="expected-reply">Je krijgt uiterlijk (maandag|dinsdag|woensdag|donderdag|vrijdag)( \d{1,2} \w+)? \d\d:\d\d antwoord\./,
    );
  });
});
