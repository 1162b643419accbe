import request from 'supertest';
import { DataSource } from 'typeorm';
import { hashToken, newSecretToken } from '../../src/common/secrets';
import { makeCase, staffId } from '../inbox/factories';
import { openCase } from '../support/help-seeker';
import { apiLogin, pageLogin } from '../staff/staff-login';
import { csrfFrom, startTestApp, TestApp } from '../support/app';

type Auth = { Authorization: string };

const SECTIONS = {
  opening: 'Hoi {{nickname}},',
  summarise: 'Uit je mail begrijp ik dat:\n- je schulden hebt bij drie bedrijven\n\nKlopt dat?',
  explore: 'Wat heb je zelf al geprobeerd? Wie in je omgeving steunt je?',
  advise:
    'Je kunt beginnen met alle post open te maken.\n\nKort samengevat: post openen.\n\n{{referrals}}\n\nHeeft dit antwoord je geholpen?',
  closing: 'Groet,\n{{workerName}}',
};

// Review comments: staff-only words that must never reach the help-seeker.
const COMMENT = 'GEHEIM-BEGELEIDER-7731 noem haar netwerk';

describe('supervision: the review queue, the review as sent, edits, comments kept apart', () => {
  let t: TestApp;
  let ds: DataSource;
  const http = () => request(t.app.getHttpServer());
  let trainee: Auth;
  let supervisor: Auth;
  let worker: Auth;
  let gentSupervisor: Auth;
  let traineeId: string;
  let supervisorId: string;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.db.ds;
    // Gent gets a supervisor of its own: a supervisor of another region.
    await ds.query(`UPDATE staff_user SET role = 'supervisor' WHERE email = 'gent@luister.example'`);
    [trainee, supervisor, worker, gentSupervisor] = await Promise.all(
      ['trainee', 'supervisor', 'worker', 'gent'].map((u) => apiLogin(t, `${u}@luister.example`)),
    );
    traineeId = await staffId(ds, 'trainee@luister.example');
    supervisorId = await staffId(ds, 'supervisor@luister.example');
  });
  afterAll(async () => {
    await t?.close();
  });

  async function referral(name: string): Promise<string> {
    const res = await http().get('/api/v1/referrals?region=amsterdam&topic=money').set(trainee).expect(200);
    return res.body.items.find((r: { name: string }) => r.name === name).id;
  }

  async function submitted(channel: 'web' | 'email' = 'email') {
    const c = await makeCase(ds, {
      region: 'amsterdam',
      topic: 'money',
      nickname: 'Merel',
      channel,
      email: channel === 'email' ? 'merel@example.nl' : null,
      text: 'Ik heb schulden bij drie bedrijven.',
    });
    const geldfit = await referral('Geldfit');
    const r = await http()
      .post(`/api/v1/cases/${c.id}/replies`)
      .set(trainee)
      .send({ sections: SECTIONS, referralIds: [geldfit], send: true })
      .expect(201);
    expect(r.body.status).toBe('pending-review');
    return { caseId: c.id, caseRef: c.caseRef, replyId: r.body.id as string, geldfit };
  }

  const events = async (caseId: string) =>
    (
      await ds.query(`SELECT type, actor_id, data FROM case_event WHERE case_id = $1 ORDER BY occurred_at, id`, [
        caseId,
      ])
    ).filter((e: { type: string }) => e.type.startsWith('reply.'));

  it('lists waiting trainee replies with a count for supervisors of the region only', async () => {
    const { caseId, replyId } = await submitted();
    const list = await http().get('/api/v1/cases?view=review').set(supervisor).expect(200);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({
        id: caseId,
        review: expect.objectContaining({ replyId, authorId: traineeId, authorName: 'Tess Trainee' }),
      }),
    );
    expect(list.body.counts.review).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(list.body)).not.toContain('schulden');
    // Another region's supervisor finds nothing; below supervisor the view is not there.
    const gent = await http().get('/api/v1/cases?view=review').set(gentSupervisor).expect(200);
    expect(gent.body.items.map((i: { id: string }) => i.id)).not.toContain(caseId);
    expect(gent.body.counts.review).toBe(0);
    await http().get('/api/v1/cases?view=review').set(worker).expect(403);
    await http().get('/api/v1/cases?view=review').set(trainee).expect(403);
    expect((await http().get('/api/v1/cases').set(worker).expect(200)).body.counts.review).toBeUndefined();
    await http().get('/api/v1/cases?view=review&after=bogus').set(supervisor).expect(400);

    // The submit is on the timeline and told the region's supervisors (not gent's).
    expect(await events(caseId)).toEqual([
      { type: 'reply.submitted', actor_id: traineeId, data: expect.objectContaining({ replyId }) },
    ]);
    const notes = await http().get('/api/v1/notifications').set(supervisor).expect(200);
    expect(notes.body.items).toContainEqual(expect.objectContaining({ kind: 'review.requested', caseId }));
    const gentNotes = await http().get('/api/v1/notifications').set(gentSupervisor).expect(200);
    expect(gentNotes.body.items.filter((n: { caseId: string }) => n.caseId === caseId)).toEqual([]);
  });

  it('pages the review queue with a keyset cursor', async () => {
    for (let i = 0; i < 3; i++) await submitted('web');
    const seen: string[] = [];
    let after: string | null = '';
    for (let i = 0; i < 20 && after !== null; i++) {
      const res: request.Response = await http()
        .get(`/api/v1/cases?view=review&limit=2${after ? `&after=${after}` : ''}`)
        .set(supervisor)
        .expect(200);
      seen.push(...res.body.items.map((r: { review: { replyId: string } }) => r.review.replyId));
      after = res.body.next;
    }
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM reply WHERE status = 'pending-review'`);
    expect(seen.length).toBe(n);
    expect(new Set(seen).size).toBe(n);
  });

  it('shows the reply exactly as the help-seeker will receive it, with greeting, closing and referrals filled in', async () => {
    const { replyId, caseId } = await submitted();
    const r = await http().get(`/api/v1/replies/${replyId}/review`).set(supervisor).expect(200);
    expect(r.body.text).toMatch(/^Hoi Merel,\n\nUit je mail begrijp ik dat/);
    expect(r.body.text).toContain('- Geldfit');
    expect(r.body.text).toMatch(/Groet,\nTess Trainee$/);
    expect(r.body.text).not.toContain('{{');
    expect(r.body.checklist.length).toBeGreaterThan(0);
    // Another region's supervisor: 404; a worker who is not the author: 403; the author may read it.
    await http().get(`/api/v1/replies/${replyId}/review`).set(gentSupervisor).expect(404);
    await http().get(`/api/v1/replies/${replyId}/review`).set(worker).expect(403);
    await http().get(`/api/v1/replies/${replyId}/review`).set(trainee).expect(200);
    await http().get(`/api/v1/replies/not-a-uuid/review`).set(supervisor).expect(404);

    // The page shows the same text beside the help-seeker's message and the checklist.
    const agent = await pageLogin(t, 'supervisor@luister.example');
    const page = await agent.get(`/cases/${caseId}/reply/${replyId}`).expect(200);
    expect(page.text).toContain('id="as-sent">Hoi Merel,');
    expect(page.text).toContain('Ik heb schulden bij drie bedrijven.');
    expect(page.text).toContain('id="checklist"');
    expect(page.text).not.toContain('{{referrals}}</div>');
    // Sent after approval, this is the mail body the outbox will hold.
    expect(page.text).toContain('id="as-mail"');
    // Another region's supervisor: 404 on the page too.
    const gent = await pageLogin(t, 'gent@luister.example');
    expect((await gent.get(`/cases/${caseId}/reply/${replyId}`)).status).toBe(404);
  });

  it('return with a comment → resubmit → edit and approve: every step on the timeline, the edit kept, the comment never sent', async () => {
    const { caseId, replyId } = await submitted();
    // Another region's supervisor changes nothing.
    await http().post(`/api/v1/replies/${replyId}/return`).set(gentSupervisor).send({ comment: COMMENT }).expect(404);
    await http().post(`/api/v1/replies/${replyId}/approve`).set(gentSupervisor).send({}).expect(404);
    await http().post(`/api/v1/replies/${replyId}/return`).set(supervisor).send({ comment: '  ' }).expect(400);
    await http().post(`/api/v1/replies/${replyId}/return`).set(supervisor).send({ comment: COMMENT }).expect(200);
    expect(await ds.query(`SELECT status FROM reply WHERE id = $1`, [replyId])).toEqual([{ status: 'returned' }]);

    // The trainee is told and reads the comment; the supervisors' request is settled.
    const tn = await http().get('/api/v1/notifications').set(trainee).expect(200);
    expect(tn.body.items).toContainEqual(expect.objectContaining({ kind: 'review.returned', caseId, readAt: null }));
    expect(JSON.stringify(tn.body)).not.toContain('GEHEIM');
    const sn = await http().get('/api/v1/notifications').set(supervisor).expect(200);
    expect(sn.body.items.find((n: { kind: string; caseId: string }) => n.caseId === caseId)).toMatchObject({
      kind: 'review.requested',
      readAt: expect.any(String),
    });
    const mine = await http().get(`/api/v1/cases/${caseId}/replies`).set(trainee).expect(200);
    expect(mine.body.items[0]).toMatchObject({ status: 'returned', reviewComment: COMMENT });

    // Resubmitted, then the supervisor edits the advice and approves through the page.
    await http()
      .post(`/api/v1/cases/${caseId}/replies`)
      .set(trainee)
      .send({ sections: SECTIONS, referralIds: [await referral('Geldfit')], send: true })
      .expect(201);
    const agent = await pageLogin(t, 'supervisor@luister.example');
    const page = await agent.get(`/cases/${caseId}/reply/${replyId}`).expect(200);
    const edited = {
      _csrf: csrfFrom(page.text),
      from: 'review',
      referralsShown: '1',
      referralIds: await referral('Geldfit'),
      ...SECTIONS,
      advise: SECTIONS.advise.replace('post openen.', 'post openen en een overzicht maken.'),
    };
    const preview = await agent.post(`/cases/${caseId}/reply/${replyId}/preview`).type('form').send(edited);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('post openen en een overzicht maken.');
    expect(preview.text).toContain('id="edited-notice"');
    expect(await ds.query(`SELECT status FROM reply WHERE id = $1`, [replyId])).toEqual([{ status: 'pending-review' }]);
    const approved = await agent.post(`/cases/${caseId}/reply/${replyId}/approve`).type('form').send(edited);
    expect(approved.status).toBe(303);
    expect(approved.headers.location).toBe(`/cases/${caseId}/reply/${replyId}?done=approved`);

    const [msg] = await ds.query(`SELECT body_text, author_id FROM message WHERE case_id = $1 AND direction = 'out'`, [
      caseId,
    ]);
    expect(msg.author_id).toBe(traineeId);
    expect(msg.body_text).toContain('post openen en een overzicht maken.');
    // Exactly what the review page showed.
    const shown = await http().get(`/api/v1/replies/${replyId}/review`).set(supervisor).expect(200);
    expect(shown.body.text).toBe(msg.body_text);

    // The edit is recorded: who, what the trainee wrote, which part changed.
    const steps = await ds.query(
      `SELECT step, actor_id, comment, sections_before FROM reply_review WHERE reply_id = $1 ORDER BY created_at, id`,
      [replyId],
    );
    expect(steps.map((s: { step: string }) => s.step)).toEqual([
      'submitted',
      'returned',
      'submitted',
      'edited',
      'approved',
    ]);
    expect(steps[3]).toMatchObject({ actor_id: supervisorId, sections_before: expect.objectContaining(SECTIONS) });
    expect(shown.body.steps[3]).toMatchObject({ step: 'edited', changed: ['advise'] });
    expect(await events(caseId)).toEqual([
      expect.objectContaining({ type: 'reply.submitted', actor_id: traineeId }),
      expect.objectContaining({ type: 'reply.returned', actor_id: supervisorId }),
      expect.objectContaining({ type: 'reply.submitted', actor_id: traineeId }),
      expect.objectContaining({
        type: 'reply.edited',
        actor_id: supervisorId,
        data: expect.objectContaining({ sections: ['advise'] }),
      }),
      expect.objectContaining({ type: 'reply.approved', actor_id: supervisorId }),
      expect.objectContaining({ type: 'reply.sent', actor_id: traineeId }),
    ]);
    const tn2 = await http().get('/api/v1/notifications').set(trainee).expect(200);
    expect(tn2.body.items).toContainEqual(expect.objectContaining({ kind: 'review.approved', caseId }));

    // The staff case page shows the steps on the timeline, never the comment.
    const casePage = await agent.get(`/cases/${caseId}`).expect(200);
    expect(casePage.text).toContain('Antwoord teruggegeven aan de stagiair');
    expect(casePage.text).toContain('Antwoord aangepast bij de controle');
    expect(casePage.text).not.toContain('GEHEIM');

    // Nothing sent or shown to the help-seeker holds the comment: the outbox, the messages, the
    // case as the help-seeker's API and page show it, the staff case API, every event.
    const outbox = await ds.query(`SELECT kind, subject, text_body, html_body FROM outbox WHERE case_id = $1`, [
      caseId,
    ]);
    expect(outbox).toContainEqual(expect.objectContaining({ kind: 'reply' }));
    expect(outbox.find((o: { kind: string }) => o.kind === 'reply').text_body).toContain('- Geldfit');
    expect(JSON.stringify(outbox)).not.toContain('GEHEIM');
    expect(JSON.stringify(await ds.query(`SELECT body_text FROM message WHERE case_id = $1`, [caseId]))).not.toContain(
      'GEHEIM',
    );
    expect(JSON.stringify(await ds.query(`SELECT data FROM case_event WHERE case_id = $1`, [caseId]))).not.toContain(
      'GEHEIM',
    );
    const staffApi = await http().get(`/api/v1/cases/${caseId}`).set(supervisor).expect(200);
    expect(JSON.stringify(staffApi.body)).not.toContain('GEHEIM');
    // The help-seeker's own view: a fresh link for this case, then the API and the page.
    const token = newSecretToken();
    await ds.query(`UPDATE cases SET access_token_hash = $2 WHERE id = $1`, [caseId, hashToken(token)]);
    const seekerApi = await http()
      .get('/api/v1/case')
      .set({ Authorization: `Bearer ${token}` })
      .expect(200);
    expect(seekerApi.body.messages.some((m: { direction: string }) => m.direction === 'out')).toBe(true);
    expect(JSON.stringify(seekerApi.body)).not.toContain('GEHEIM');
    const seekerPage = await openCase(request.agent(t.app.getHttpServer()), token);
    expect(seekerPage.text).toContain('post openen en een overzicht maken.');
    expect(seekerPage.text).not.toContain('GEHEIM');
  });

  it('only supervisors and up decide; a decided reply cannot be decided again', async () => {
    const { replyId } = await submitted('web');
    await http().post(`/api/v1/replies/${replyId}/approve`).set(worker).send({}).expect(403);
    await http().post(`/api/v1/replies/${replyId}/approve`).set(trainee).send({}).expect(403);
    await http().post(`/api/v1/replies/${replyId}/approve`).set(supervisor).send({}).expect(200);
    await http().post(`/api/v1/replies/${replyId}/approve`).set(supervisor).send({}).expect(409);
    await http().post(`/api/v1/replies/${replyId}/return`).set(supervisor).send({ comment: 'x' }).expect(409);
    // Approved without changes: no edit step.
    expect(
      (await ds.query(`SELECT step FROM reply_review WHERE reply_id = $1 ORDER BY id`, [replyId])).map(
        (s: { step: string }) => s.step,
      ),
    ).toEqual(['submitted', 'approved']);
  });
});
