import request from 'supertest';
import { EvaluationService } from '../../src/evaluation/evaluation.service';
import { csrfFrom, startTestApp, TestApp } from '../support/app';
import { openCase } from '../support/help-seeker';
import { pageLogin } from '../staff/staff-login';

const question = {
  nickname: 'Zonnebloem',
  text: 'Ik heb schulden en weet niet waar ik moet beginnen.',
  postcode: '1012 AB',
};
const answers = { pleasant: true, helped: true, personalContact: false, meaningfulScore: 4, helpedScore: 3 };
const HOUR = 60 * 60 * 1000;

describe('help-seeker evaluation', () => {
  let t: TestApp;
  let workerId: string;
  const http = () => request(t.app.getHttpServer());
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const count = async (table: string) =>
    (await t.db.ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  beforeAll(async () => {
    t = await startTestApp();
    [{ id: workerId }] = await t.db.ds.query(`SELECT id FROM staff_user WHERE email = 'worker@luister.example'`);
  });
  afterAll(() => t.close());

  async function newCase(): Promise<{ token: string; caseId: string }> {
    const res = await http().post('/api/v1/questions').send(question).expect(201);
    const [c] = await t.db.ds.query(`SELECT id FROM cases WHERE access_token_hash = sha256(convert_to($1, 'UTF8'))`, [
      res.body.token,
    ]);
    return { token: res.body.token, caseId: c.id };
  }

  /** A worker's reply, written as the replies module stores a sent one. */
  async function reply(caseId: string, at = new Date()): Promise<string> {
    const [m] = await t.db.ds.query(
      `INSERT INTO message (case_id, direction, channel, body_text, author_id, created_at) VALUES ($1, 'out', 'web', 'Een antwoord.', $2, $3) RETURNING id`,
      [caseId, workerId, at],
    );
    return m.id;
  }

  const evaluations = (caseId: string) =>
    t.db.ds.query(
      `SELECT reply_message_id, pleasant, helped, personal_contact, meaningful_score, helped_score, comment FROM evaluation WHERE case_id = $1 ORDER BY id`,
      [caseId],
    );
  const events = (caseId: string) =>
    t.db.ds.query(`SELECT type, data FROM case_event WHERE case_id = $1 AND type LIKE 'evaluation.%' ORDER BY id`, [
      caseId,
    ]);

  it('invites no evaluation before a reply, and refuses one', async () => {
    const { token, caseId } = await newCase();
    const page = await openCase(request.agent(t.app.getHttpServer()), token);
    expect(page.text).not.toContain('id="evaluation"');
    const res = await http().post('/api/v1/case/evaluation').set(bearer(token)).send(answers).expect(409);
    expect(res.body.code).toBe('evaluation_not_open');
    expect(await evaluations(caseId)).toEqual([]);

    await reply(caseId);
    const after = await openCase(request.agent(t.app.getHttpServer()), token);
    expect(after.text).toContain('id="evaluation"');
    expect(after.text).toContain('Was het contact prettig?');
    expect(after.text).toContain('Wil je een maatschappelijk werker persoonlijk spreken?');
    const en = await openCase(request.agent(t.app.getHttpServer()), token, '?lang=en');
    expect(en.text).toContain('Were you helped?');
  });

  it('stores an evaluation through the API with a scores-only event', async () => {
    const { token, caseId } = await newCase();
    const replyId = await reply(caseId);
    const res = await http()
      .post('/api/v1/case/evaluation')
      .set(bearer(token))
      .send({ ...answers, comment: 'Fijn, dank je.' })
      .expect(201);
    expect(res.body).toEqual({ id: expect.any(String), editableUntil: expect.any(String) });
    expect(await evaluations(caseId)).toEqual([
      {
        reply_message_id: replyId,
        pleasant: true,
        helped: true,
        personal_contact: false,
        meaningful_score: 4,
        helped_score: 3,
        comment: 'Fijn, dank je.',
      },
    ]);
    expect(await events(caseId)).toEqual([
      {
        type: 'evaluation.submitted',
        data: {
          evaluationId: Number(res.body.id),
          pleasant: true,
          helped: true,
          personalContact: false,
          meaningfulScore: 4,
          helpedScore: 3,
          hasComment: true,
        },
      },
    ]);
    // No staff task without a "yes" to personal contact.
    expect(await t.db.ds.query(`SELECT 1 FROM notification WHERE case_id = $1`, [caseId])).toEqual([]);
  });

  it("changes the round's evaluation within 24 hours and refuses after; a new reply opens a new round", async () => {
    const { token, caseId } = await newCase();
    const first = await reply(caseId, new Date(Date.now() - 2 * HOUR));
    const service = t.app.get(EvaluationService);
    const t0 = new Date();
    const created = await service.submit(token, { ...answers }, t0);
    expect(created.created).toBe(true);

    const changed = await service.submit(
      token,
      { ...answers, helped: false, helpedScore: 1 },
      new Date(t0.getTime() + 23 * HOUR),
    );
    expect(changed).toMatchObject({ id: created.id, created: false });
    expect(changed.editableUntil.getTime()).toBe(t0.getTime() + 24 * HOUR);
    expect(await evaluations(caseId)).toEqual([
      expect.objectContaining({ reply_message_id: first, helped: false, helped_score: 1 }),
    ]);

    await expect(
      service.submit(token, { ...answers, pleasant: false }, new Date(t0.getTime() + 24 * HOUR + 1000)),
    ).rejects.toMatchObject({ status: 409 });
    expect(await evaluations(caseId)).toEqual([expect.objectContaining({ pleasant: true, helped: false })]);
    expect((await events(caseId)).map((e: { type: string }) => e.type)).toEqual([
      'evaluation.submitted',
      'evaluation.updated',
    ]);

    // Through the API too: the first submit was "now", so a second one is an update (200).
    const second = await reply(caseId);
    await http().post('/api/v1/case/evaluation').set(bearer(token)).send(answers).expect(201);
    await http()
      .post('/api/v1/case/evaluation')
      .set(bearer(token))
      .send({ ...answers, meaningfulScore: 5 })
      .expect(200);
    const rows = await evaluations(caseId);
    expect(rows.map((r: { reply_message_id: string }) => r.reply_message_id)).toEqual([first, second]);
    expect(rows[1].meaningful_score).toBe(5);
  });

  it('refuses a closed round through the API and on the page', async () => {
    const { token, caseId } = await newCase();
    await reply(caseId);
    await http().post('/api/v1/case/evaluation').set(bearer(token)).send(answers).expect(201);
    await t.db.ds.query(`UPDATE evaluation SET submitted_at = submitted_at - interval '25 hours' WHERE case_id = $1`, [
      caseId,
    ]);
    const res = await http()
      .post('/api/v1/case/evaluation')
      .set(bearer(token))
      .send({ ...answers, pleasant: false })
      .expect(409);
    expect(res.body).toMatchObject({
      code: 'evaluation_closed',
      message: 'Je beoordeling van dit antwoord kan niet meer worden aangepast.',
    });
    const page = await openCase(request.agent(t.app.getHttpServer()), token);
    expect(page.text).toContain('id="evaluation-closed"');
    expect(page.text).not.toContain('id="evaluation-form"');
  });

  it('submits through the CSRF-protected form on the case page, and shows the answers again', async () => {
    const { token, caseId } = await newCase();
    await reply(caseId);
    const agent = request.agent(t.app.getHttpServer());
    const page = await openCase(agent, token);
    const form = {
      pleasant: 'yes',
      helped: 'no',
      personalContact: 'no',
      meaningfulScore: '2',
      helpedScore: '5',
      comment: '  dank  ',
    };

    await agent.post('/c/evaluation').type('form').send(form).expect(403);
    expect(await evaluations(caseId)).toEqual([]);

    const posted = await agent
      .post('/c/evaluation')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), ...form })
      .expect(303);
    expect(posted.headers.location).toBe('/c?evaluated=1#evaluation');
    expect(await evaluations(caseId)).toEqual([
      expect.objectContaining({
        pleasant: true,
        helped: false,
        personal_contact: false,
        meaningful_score: 2,
        helped_score: 5,
        comment: 'dank',
      }),
    ]);
    const back = await agent.get(posted.headers.location).expect(200);
    expect(back.text).toContain('id="evaluated-notice"');
    expect(back.text).toMatch(/id="pleasant" name="pleasant" value="yes" checked/);
    expect(back.text).toMatch(/name="helpedScore" value="5" checked/);
  });

  it('answers bad input with 400 and per-field messages, and writes nothing', async () => {
    const { token, caseId } = await newCase();
    await reply(caseId);
    const before = [await count('evaluation'), await count('case_event'), await count('notification')];
    const res = await http()
      .post('/api/v1/case/evaluation')
      .set(bearer(token))
      .send({ pleasant: 'ja', helped: true, meaningfulScore: 6, helpedScore: 2.5, comment: 'x'.repeat(1001), extra: 1 })
      .expect(400);
    expect(Object.keys(res.body.fields).sort()).toEqual([
      'comment',
      'extra',
      'helpedScore',
      'meaningfulScore',
      'personalContact',
      'pleasant',
    ]);
    expect(res.body.fields.pleasant[0]).toBe('Kies ja of nee.');
    expect(res.body.fields.meaningfulScore[0]).toBe('Kies een cijfer van 1 tot en met 5.');

    const agent = request.agent(t.app.getHttpServer());
    const page = await openCase(agent, token);
    const form = await agent
      .post('/c/evaluation')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), pleasant: 'yes', meaningfulScore: '9', comment: 'houd dit vast' })
      .expect(400);
    expect(form.text).toContain('id="helped-error"');
    expect(form.text).toContain('id="meaningfulScore-error"');
    expect(form.text).toContain('houd dit vast');
    expect(form.text).toMatch(/id="pleasant" name="pleasant" value="yes" checked/);
    expect([await count('evaluation'), await count('case_event'), await count('notification')]).toEqual(before);
  });

  it('answers an unknown or missing token with 404/401', async () => {
    await http()
      .post('/api/v1/case/evaluation')
      .set(bearer('A'.repeat(22)))
      .send(answers)
      .expect(404);
    await http().post('/api/v1/case/evaluation').set(bearer('not-a-token')).send(answers).expect(404);
    await http().post('/api/v1/case/evaluation').send(answers).expect(401);
    await http()
      .get(`/c/${'B'.repeat(22)}/evaluation`)
      .expect(404);
  });

  it('turns a "yes" to personal contact into a task for the assigned worker, without the comment', async () => {
    const { token, caseId } = await newCase();
    await t.db.ds.query(`UPDATE cases SET assigned_to = $2 WHERE id = $1`, [caseId, workerId]);
    await reply(caseId);
    const comment = 'GEHEIM-COMMENT-4711 bel me maar';
    const res = await http()
      .post('/api/v1/case/evaluation')
      .set(bearer(token))
      .send({ ...answers, personalContact: true, comment })
      .expect(201);
    const notes = await t.db.ds.query(`SELECT staff_user_id, kind, data FROM notification WHERE case_id = $1`, [
      caseId,
    ]);
    expect(notes).toEqual([
      { staff_user_id: workerId, kind: 'evaluation.contact_requested', data: { evaluationId: Number(res.body.id) } },
    ]);
    expect((await events(caseId)).map((e: { type: string }) => e.type)).toEqual([
      'evaluation.submitted',
      'evaluation.contact_requested',
    ]);
    // Saying yes again in an edit makes no second task.
    await http()
      .post('/api/v1/case/evaluation')
      .set(bearer(token))
      .send({ ...answers, personalContact: true })
      .expect(200);
    expect(await count(`notification WHERE case_id = '${caseId}'`)).toBe(1);

    const staff = await pageLogin(t, 'worker@luister.example');
    const casePage = await staff.get(`/cases/${caseId}`).expect(200);
    expect(casePage.text).toContain('contact-requested');
    expect(casePage.text).toContain('persoonlijk spreken');
    expect(casePage.text).not.toContain('GEHEIM-COMMENT-4711');
    const api = await staff.get('/api/v1/notifications').expect(200);
    expect(api.body.items).toEqual([expect.objectContaining({ caseId, kind: 'evaluation.contact_requested' })]);
    expect(JSON.stringify(api.body)).not.toContain('GEHEIM-COMMENT-4711');
    const allEvents = JSON.stringify(await t.db.ds.query(`SELECT data FROM case_event WHERE case_id = $1`, [caseId]));
    expect(allEvents).not.toContain('GEHEIM');
  });

  it('shows a comment with markup as text', async () => {
    const { token, caseId } = await newCase();
    await reply(caseId);
    await http()
      .post('/api/v1/case/evaluation')
      .set(bearer(token))
      .send({ ...answers, comment: '<script>alert("x")</script>' })
      .expect(201);
    const page = await openCase(request.agent(t.app.getHttpServer()), token);
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });

  it('takes no evaluation for an erased case, and erasing clears the comment', async () => {
    const { token, caseId } = await newCase();
    await reply(caseId);
    await http()
      .post('/api/v1/case/evaluation')
      .set(bearer(token))
      .send({ ...answers, comment: 'weg ermee' })
      .expect(201);
    await http().delete('/api/v1/case').set(bearer(token)).expect(204);
    await http().post('/api/v1/case/evaluation').set(bearer(token)).send(answers).expect(404);
    expect(await evaluations(caseId)).toEqual([expect.objectContaining({ comment: null, meaningful_score: 4 })]);
    // Even with a working link (the service's own check), an erased case has no round.
    expect(await t.app.get(EvaluationService).roundForCase(caseId, new Date())).toBeNull();
  });

  it('never logs the comment', async () => {
    const { token, caseId } = await newCase();
    await reply(caseId);
    const marker = 'LOGMARK-COMMENT-9931';
    await http()
      .post('/api/v1/case/evaluation')
      .set(bearer(token))
      .send({ ...answers, comment: marker })
      .expect(201);
    await http()
      .post('/api/v1/case/evaluation')
      .set(bearer(token))
      .send({ ...answers, comment: `${marker}${'x'.repeat(1000)}` })
      .expect(400);
    expect(t.logLines.join('\n')).not.toContain(marker);
  });
});

describe('evaluation in the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('describes POST /api/v1/case/evaluation with its body and answers', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/docs-json').expect(200);
    const op = res.body.paths['/api/v1/case/evaluation'].post;
    expect(Object.keys(op.responses).sort()).toEqual(expect.arrayContaining(['200', '201', '400', '404', '409']));
    expect(Object.keys(res.body.components.schemas.EvaluationDto.properties).sort()).toEqual([
      'comment',
      'helped',
      'helpedScore',
      'meaningfulScore',
      'personalContact',
      'pleasant',
    ]);
  });
});
