import { DateTime } from 'luxon';
import request from 'supertest';
import { CasesService } from '../../src/cases/cases.service';
import { parsePostcode } from '../../src/routing/postcode';
import { triage } from '../../src/triage/crisis-triage';
import { startTestApp, TestApp } from '../support/app';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Amsterdam' }).toJSDate();
const utrecht = (() => {
  const p = parsePostcode('3512', 'NL');
  if (!p.ok) throw new Error('postcode');
  return p.postcode;
})();

describe('crisis triage on incoming messages', () => {
  let t: TestApp;
  let cases: CasesService;

  beforeAll(async () => {
    t = await startTestApp();
    cases = t.app.get(CasesService);
  });
  afterAll(() => t.close());

  const create = (text: string, receivedAt: Date) =>
    t.db.ds.transaction((m) =>
      cases.createCase(m, {
        channel: 'web',
        helpSeeker: { nickname: 'T', language: 'nl' },
        postcode: utrecht,
        firstMessage: { text },
        receivedAt,
      }),
    );
  const row = async (id: string) =>
    (await t.db.ds.query(`SELECT crisis, first_reply_due_at, next_reply_due_at FROM cases WHERE id = $1`, [id]))[0];

  it('flags a new case with a crisis phrase and gives it the crisis target', async () => {
    // Utrecht (demo): 14 business hours normally, 2 for a crisis.
    const normal = await create('Ik heb een vraag over mijn huur.', at('2026-11-23T09:00'));
    const crisis = await create('Ik wil er niet meer zijn.', at('2026-11-23T09:00'));
    expect((await row(normal.caseId)).crisis).toBe(false);
    expect((await row(normal.caseId)).first_reply_due_at).toEqual(at('2026-11-24T17:00'));
    const r = await row(crisis.caseId);
    expect(r.crisis).toBe(true);
    expect(r.first_reply_due_at).toEqual(at('2026-11-23T11:00'));
    expect(crisis.expectedReplyBy?.at).toEqual(at('2026-11-23T11:00'));
    const [e] = await t.db.ds.query(`SELECT data FROM case_event WHERE case_id = $1 AND type = 'case.crisis_set'`, [
      crisis.caseId,
    ]);
    // The reason names the rules that hit (facts, never the text).
    expect(e.data).toEqual({ source: 'triage', reason: triage('Ik wil er niet meer zijn.').phraseIds.join(' ') });
    expect(e.data.reason).toMatch(/^[a-z.-]+( [a-z.-]+)*$/);
  });

  it('does not flag a negated mention', async () => {
    const c = await create('Ik heb geen zelfmoordgedachten, wel veel schulden.', at('2026-11-23T09:00'));
    expect((await row(c.caseId)).crisis).toBe(false);
  });

  it('flags a case when a follow-up holds a crisis phrase, tightening the running target', async () => {
    const c = await create('Ik heb een vraag over mijn huur.', at('2026-11-23T09:00'));
    await t.db.ds.transaction((m) =>
      cases.addInboundMessage(m, c.caseId, {
        channel: 'web',
        text: 'I want to kill myself.',
        receivedAt: at('2026-11-23T10:00'),
      }),
    );
    const r = await row(c.caseId);
    expect(r.crisis).toBe(true);
    // The running first-reply target now counts two business hours from its start.
    expect(r.first_reply_due_at).toEqual(at('2026-11-23T11:00'));
  });

  it('flags questions from the web API and keeps the text out of the event log', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/api/v1/questions')
      .send({ nickname: 'Api', text: 'Ik denk de hele tijd aan zelfmoord.', postcode: '3512', country: 'NL' })
      .expect(201);
    const [c] = await t.db.ds.query(`SELECT id, crisis FROM cases WHERE case_ref = $1`, [res.body.caseRef]);
    expect(c.crisis).toBe(true);
    const events = await t.db.ds.query(`SELECT data FROM case_event WHERE case_id = $1`, [c.id]);
    expect(JSON.stringify(events)).not.toContain('denk de hele tijd');
    expect(t.logLines.join('\n')).not.toContain('zelfmoord');
  });

  it('makes a case a crisis case when the help-seeker answers yes to the crisis question, whatever the words', async () => {
    const http = request(t.app.getHttpServer());
    const yes = await http
      .post('/api/v1/questions')
      .send({
        nickname: 'Ja',
        text: 'Ik heb een vraag over mijn huur.',
        postcodeWithheld: true,
        crisisSelfReport: 'yes',
      })
      .expect(201);
    expect(yes.body.crisis).toBe(true);
    const [c] = await t.db.ds.query(`SELECT id, crisis, crisis_self_report FROM cases WHERE case_ref = $1`, [
      yes.body.caseRef,
    ]);
    expect(c).toMatchObject({ crisis: true, crisis_self_report: 'yes' });
    const [e] = await t.db.ds.query(`SELECT data FROM case_event WHERE case_id = $1 AND type = 'case.crisis_set'`, [
      c.id,
    ]);
    expect(e.data).toEqual({ source: 'self-report', reason: 'self-report' });

    for (const answer of ['no', 'rather-not-say']) {
      const r = await http
        .post('/api/v1/questions')
        .send({ nickname: 'Nee', text: 'Ik heb een vraag over mijn huur.', crisisSelfReport: answer })
        .expect(201);
      expect(r.body.crisis).toBe(false);
    }
    const bad = await http
      .post('/api/v1/questions')
      .send({ nickname: 'X', text: 'Ik heb een vraag over mijn huur.', crisisSelfReport: 'misschien' })
      .expect(400);
    expect(Object.keys(bad.body.fields)).toEqual(['crisisSelfReport']);
  });
});
