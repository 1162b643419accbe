import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { openCase } from '../support/help-seeker';
import { apiLogin } from '../staff/staff-login';

const SECTIONS = {
  summarise: 'Uit je bericht begrijp ik dat je schulden hebt bij drie bedrijven. Klopt dat?',
  explore: 'Wat heb je zelf al geprobeerd? Wie in je omgeving steunt je?',
  advise: 'Je kunt beginnen met alle post open te maken en op een rij te zetten.\n\nHeeft dit antwoord je geholpen?',
};

/** The round opens on a reply sent through the real replies API, and the worker who sent it gets the task. */
describe('evaluation after a reply sent by a worker', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('invites the evaluation once the reply is sent, and a "yes" to personal contact reaches its author', async () => {
    const q = await http()
      .post('/api/v1/questions')
      .send({
        nickname: 'Merel',
        text: 'Ik heb schulden en weet niet waar ik moet beginnen.',
        postcode: '1012 AB',
        topic: 'money',
      })
      .expect(201);
    const [{ id: caseId }] = await t.db.ds.query(
      `SELECT id FROM cases WHERE access_token_hash = sha256(convert_to($1, 'UTF8'))`,
      [q.body.token],
    );
    const token = { Authorization: `Bearer ${q.body.token}` };
    const answers = { pleasant: true, helped: false, personalContact: true, meaningfulScore: 3, helpedScore: 2 };

    await http().post('/api/v1/case/evaluation').set(token).send(answers).expect(409);
    const worker = await apiLogin(t, 'worker@luister.example');
    const templates = await http().get('/api/v1/reply-templates?language=nl&topic=money').set(worker).expect(200);
    const tpl = templates.body.items[0];
    const sent = await http()
      .post(`/api/v1/cases/${caseId}/replies`)
      .set(worker)
      .send({ templateId: tpl.id, sections: { ...tpl.sections, ...SECTIONS }, send: true })
      .expect(201);
    expect(sent.body.status).toBe('sent');

    expect((await openCase(request.agent(t.app.getHttpServer()), q.body.token)).text).toContain('id="evaluation-form"');
    await http().post('/api/v1/case/evaluation').set(token).send(answers).expect(201);
    const notes = await http().get('/api/v1/notifications').set(worker).expect(200);
    expect(notes.body.items).toEqual([expect.objectContaining({ caseId, kind: 'evaluation.contact_requested' })]);
  });
});
