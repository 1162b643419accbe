import request from 'supertest';
import { DataSource } from 'typeorm';
import { makeCase, staffId } from '../inbox/factories';
import { openCase } from '../support/help-seeker';
import { csrfFrom, startTestApp, TestApp } from '../support/app';
import { apiLogin, csrfOf, pageLogin } from '../staff/staff-login';

type Auth = { Authorization: string };

const SECTIONS = {
  opening: 'Hoi {{nickname}},',
  summarise: 'Uit je mail begrijp ik dat:\n- je schulden hebt bij drie bedrijven\n\nKlopt dat?',
  explore: 'Wat heb je zelf al geprobeerd? Wie in je omgeving steunt je?',
  advise:
    'Je kunt beginnen met alle post open te maken.\n\nKort samengevat: post openen.\n\n{{referrals}}\n\nHeeft dit antwoord je geholpen?',
  closing: 'Groet,\n{{workerName}}',
};
const SECRET = 'GEHEIM-HULPVRAGER-5521 schulden bij drie bedrijven';

/** Every staff route that reads or changes one case (API), with a body where it needs one. */
const CASE_API: [method: string, path: string, body?: object][] = [
  ['get', ''],
  ['post', '/claim'],
  ['post', '/assign', { workerId: null }],
  ['post', '/transfer', { region: 'amsterdam', reason: 'moved' }],
  ['post', '/status', { status: 'closed' }],
  ['post', '/crisis-review', { verdict: 'crisis' }],
  ['post', '/crisis', { crisis: true, reason: 'Zorgen om veiligheid' }],
  ['post', '/notes', { text: 'Een notitie' }],
  ['post', '/tags', { tags: ['x'] }],
  ['post', '/lock'],
  ['delete', '/lock'],
  ['get', '/replies'],
  ['post', '/replies', { sections: SECTIONS, send: false }],
  ['post', '/replies/preview', { sections: SECTIONS }],
];

/**
 * Issue 16 item 3: a transfer from Welzijn Amsterdam (A) to CAW Oost-Vlaanderen (B). A keeps only
 * the fact that it transferred the case (a list entry and its audit row); every case route answers
 * 404 to every role of A; B sees the case whole; the help-seeker's link keeps working.
 */
describe('transfer between organisations', () => {
  let t: TestApp;
  let ds: DataSource;
  const http = () => request(t.app.getHttpServer());
  let worker: Auth;
  let trainee: Auth;
  let gent: Auth;
  let workerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.db.ds;
    [worker, trainee, gent] = await Promise.all(
      ['worker', 'trainee', 'gent'].map((u) => apiLogin(t, `${u}@luister.example`)),
    );
    workerId = await staffId(ds, 'worker@luister.example');
  });
  afterAll(() => t?.close());

  const orgId = async (code: string): Promise<number> =>
    (await ds.query(`SELECT id FROM organisation WHERE code = $1`, [code]))[0].id;

  it('needs a reason code, a short note that names nobody, and a worker or above', async () => {
    const c = await makeCase(ds, { region: 'amsterdam', status: 'open' });
    const transfer = (auth: Auth, body: object) => http().post(`/api/v1/cases/${c.id}/transfer`).set(auth).send(body);
    const fieldsOf = async (body: object) => {
      const res = await transfer(worker, body);
      return { status: res.status, fields: res.body.fields };
    };
    expect(await fieldsOf({ region: 'gent', reason: 'Woont nu in Gent' })).toEqual({
      status: 400,
      fields: { reason: [expect.stringContaining('verhuisd')] },
    });
    expect(await fieldsOf({ region: 'gent', reason: 'moved', note: 'x'.repeat(201) })).toMatchObject({ status: 400 });
    for (const note of [
      'Mail haar op merel@example.nl',
      'Bel 06-12345678',
      'Zie www.facebook.com/merel',
      'Woont nu op 9000 Gent, 1012 AB',
      'Geboren 12-03-1990',
      'Rekening NL91ABNA0417164300',
    ])
      expect([note, await fieldsOf({ region: 'gent', reason: 'wrong-region', note })]).toEqual([
        note,
        { status: 400, fields: { note: [expect.stringContaining('herkenbaar')] } },
      ]);
    const byTrainee = await transfer(trainee, { region: 'gent', reason: 'moved' });
    expect(byTrainee.status).toBe(403);
    // Nothing moved.
    expect(
      (await ds.query(`SELECT r.code FROM cases c JOIN region r ON r.id = c.region_id WHERE c.id = $1`, [c.id]))[0],
    ).toEqual({ code: 'amsterdam' });
    expect((await ds.query(`SELECT count(*)::int AS n FROM case_transfer`))[0].n).toBe(0);
  });

  it('leaves A with no content: every case route is 404 for every role of A; A keeps the entry and its audit row', async () => {
    // A real question from the form's API, routed to Amsterdam by its postcode, with the help-seeker's link.
    const q = await http()
      .post('/api/v1/questions')
      .send({ nickname: 'Merel', text: SECRET, postcode: '1012 AB', topic: 'money' })
      .expect(201);
    const [{ id: caseId, case_ref: caseRef }] = await ds.query(
      `SELECT c.id, c.case_ref FROM cases c WHERE c.case_ref = $1`,
      [q.body.caseRef],
    );
    // A's work on it: a sent reply, a draft, a trainee's reply waiting for review, a lock, a note.
    const referrals = await http().get('/api/v1/referrals?region=amsterdam&topic=money').set(worker).expect(200);
    const geldfit = referrals.body.items.find((r: { name: string }) => r.name === 'Geldfit').id;
    const sent = await http()
      .post(`/api/v1/cases/${caseId}/replies`)
      .set(worker)
      .send({ sections: SECTIONS, referralIds: [geldfit], send: true })
      .expect(201);
    expect(sent.body.status).toBe('sent');
    await http().post(`/api/v1/cases/${caseId}/status`).set(worker).send({ status: 'open' }).expect(204);
    const pending = await http()
      .post(`/api/v1/cases/${caseId}/replies`)
      .set(trainee)
      .send({ sections: SECTIONS, referralIds: [geldfit], send: true })
      .expect(201);
    expect(pending.body.status).toBe('pending-review');
    const draft = await http()
      .post(`/api/v1/cases/${caseId}/replies`)
      .set(worker)
      .send({ sections: SECTIONS, send: false })
      .expect(201);
    expect(draft.body.status).toBe('draft');
    expect((await ds.query(`SELECT count(*)::int AS n FROM reply WHERE case_id = $1`, [caseId]))[0].n).toBe(3);
    await http().post(`/api/v1/cases/${caseId}/claim`).set(worker).expect(204);
    await http().post(`/api/v1/cases/${caseId}/notes`).set(worker).send({ text: 'Eerdere notitie van A' }).expect(201);
    await http().post(`/api/v1/cases/${caseId}/lock`).set(worker).expect(200);
    const supervisorId = await staffId(ds, 'supervisor@luister.example');
    const openReview = async () =>
      (
        await ds.query(
          `SELECT count(*)::int AS n FROM notification WHERE staff_user_id = $1 AND case_id = $2 AND read_at IS NULL`,
          [supervisorId, caseId],
        )
      )[0].n;
    expect(await openReview()).toBe(1);
    // A due time that only a recompute in Gent's region would replace.
    await ds.query(`UPDATE cases SET next_reply_due_at = '2001-01-01T00:00:00Z' WHERE id = $1`, [caseId]);

    const aStaff = ['worker', 'trainee', 'supervisor', 'manager', 'orgadmin.amsterdam'];
    const aAuth = await Promise.all(aStaff.map((u) => apiLogin(t, `${u}@luister.example`)));
    for (const auth of aAuth) expect((await http().get(`/api/v1/cases/${caseId}`).set(auth)).status).toBe(200);

    // An SLA warning A's worker had about it (as the scan writes it).
    await ds.query(
      `INSERT INTO notification (staff_user_id, case_id, kind, data)
       SELECT id, $1, 'sla.warning', '{}'::jsonb FROM staff_user WHERE email = 'worker@luister.example'`,
      [caseId],
    );
    const unreadBefore = (await http().get('/api/v1/notifications').set(worker)).body.unread as number;

    // The transfer: the help-seeker moved; the note goes to B without its author.
    const moved = await http()
      .post(`/api/v1/cases/${caseId}/transfer`)
      .set(worker)
      .send({ region: 'gent', reason: 'moved', note: 'Schrijft dat ze sinds maart in Gent woont.' });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({
      regionCode: 'gent',
      organisationCode: 'caw-oost-vlaanderen',
      betweenOrganisations: true,
    });

    // A: every case route 404, for every role, and nothing changes.
    const snapshot = async () =>
      (
        await ds.query(
          `SELECT c.status, c.assigned_to, c.region_id, (SELECT count(*) FROM case_note WHERE case_id = c.id)::int AS notes,
                  (SELECT count(*) FROM reply WHERE case_id = c.id)::int AS replies, (SELECT count(*) FROM case_lock WHERE case_id = c.id)::int AS locks
             FROM cases c WHERE c.id = $1`,
          [caseId],
        )
      )[0];
    const before = await snapshot();
    for (const [i, auth] of aAuth.entries()) {
      for (const [method, path, body] of CASE_API) {
        const req = (http() as unknown as Record<string, (u: string) => request.Test>)
          [method](`/api/v1/cases/${caseId}${path}`)
          .set(auth);
        const res = body ? await req.send(body) : await req;
        expect([aStaff[i], method, path, res.status]).toEqual([aStaff[i], method, path, 404]);
      }
      const review = await http().get(`/api/v1/replies/${sent.body.id}/review`).set(auth);
      expect([aStaff[i], 'review', review.status]).toEqual([aStaff[i], 'review', 404]);
      // Not in any inbox view, not found by search, not even by its reference.
      for (const view of ['unassigned', 'mine', 'waiting', 'open', 'closed']) {
        const list = await http().get(`/api/v1/cases?view=${view}&limit=200`).set(auth);
        expect(list.body.items.map((x: { id: string }) => x.id)).not.toContain(caseId);
      }
      // No notification of A's leads to it any more (they would only open a 404).
      const notices = await http().get('/api/v1/notifications?limit=100').set(auth);
      expect(JSON.stringify(notices.body.items)).not.toContain(caseId);
      if (i === 0) expect(notices.body.unread).toBe(unreadBefore - 1);
      for (const q of [caseRef, 'GEHEIM-HULPVRAGER-5521', 'maart']) {
        const found = await http()
          .get(`/api/v1/search?q=${encodeURIComponent(q)}`)
          .set(auth);
        expect(JSON.stringify(found.body)).not.toContain(caseId);
      }
    }
    expect(await snapshot()).toEqual(before);
    for (const email of aStaff) {
      const agent = await pageLogin(t, `${email}@luister.example`);
      for (const path of [
        `/cases/${caseId}`,
        `/cases/${caseId}/reply`,
        `/cases/${caseId}/reply/${sent.body.id}`,
        `/cases/${caseId}/attachments/00000000-0000-4000-8000-000000000000`,
      ])
        expect([email, path, (await agent.get(path).set('Accept', 'text/html')).status]).toEqual([email, path, 404]);
      const csrf = await csrfOf(agent, '/account');
      const note = await agent.post(`/cases/${caseId}/notes`).type('form').send({ _csrf: csrf, text: 'Nog iets' });
      expect([email, note.status]).toEqual([email, 404]);
      // …but the "Overgedragen" list says that it went, when, to whom and why: no content.
      const list = await agent.get('/inbox/transferred');
      expect(list.status).toBe(200);
      expect(list.text).toContain(caseRef);
      expect(list.text).toContain('CAW Oost-Vlaanderen');
      expect(list.text).toContain('De hulpvrager is verhuisd');
      for (const hidden of ['GEHEIM', 'Merel', 'maart', 'Gent woont', 'Eerdere notitie'])
        expect([email, hidden, list.text.includes(hidden)]).toEqual([email, hidden, false]);
    }
    const api = await http().get('/api/v1/transfers').set(aAuth[3]);
    expect(api.body).toEqual({
      items: [
        {
          caseRef,
          transferredAt: expect.any(String),
          fromRegionCode: 'amsterdam',
          toOrganisation: { code: 'caw-oost-vlaanderen', name: 'CAW Oost-Vlaanderen' },
          reason: 'moved',
        },
      ],
      next: null,
    });
    // The inbox links to it.
    expect((await (await pageLogin(t, 'worker@luister.example')).get('/inbox')).text).toContain(
      'href="/inbox/transferred"',
    );

    // The receiving side's list is its own (it transferred nothing); the platform admin sees all.
    expect((await http().get('/api/v1/transfers').set(gent)).body.items).toEqual([]);
    const admin = await apiLogin(t, 'admin@luister.example');
    expect(
      (await http().get('/api/v1/transfers').set(admin)).body.items.map((i: { caseRef: string }) => i.caseRef),
    ).toContain(caseRef);

    // Audit: one row in each organisation's trail, facts only.
    const audit = await ds.query(
      `SELECT organisation_id, actor_id, data FROM audit_log WHERE case_id = $1 AND action = 'case.transfer' ORDER BY id`,
      [caseId],
    );
    expect(audit).toEqual([
      {
        organisation_id: await orgId('welzijn-amsterdam'),
        actor_id: workerId,
        data: { direction: 'out', from: 'amsterdam', toOrganisation: 'caw-oost-vlaanderen', reason: 'moved' },
      },
      {
        organisation_id: await orgId('caw-oost-vlaanderen'),
        actor_id: workerId,
        data: { direction: 'in', fromOrganisation: 'welzijn-amsterdam', to: 'gent', reason: 'moved' },
      },
    ]);
    expect(JSON.stringify(audit)).not.toContain('maart');

    // A's hold is gone: assignment, lock, unsent replies and the review request.
    expect(before).toMatchObject({ assigned_to: null, locks: 0, replies: 1 });
    expect(await openReview()).toBe(0);

    // B sees it all: the conversation, the reply A sent, the note (without A's name), a new due time.
    const seen = await http().get(`/api/v1/cases/${caseId}`).set(gent);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ regionCode: 'gent', assignedTo: null, lock: null });
    expect(seen.body.messages.map((m: { direction: string }) => m.direction)).toEqual(['in', 'out']);
    expect(seen.body.messages[0].text).toBe(SECRET);
    expect(seen.body.notes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          text: 'Overgedragen door Welzijn Amsterdam (De hulpvrager is verhuisd): Schrijft dat ze sinds maart in Gent woont.',
          authorName: null,
        }),
        expect.objectContaining({ text: 'Eerdere notitie van A' }),
      ]),
    );
    expect(seen.body.events.find((e: { type: string }) => e.type === 'case.transferred').data).toEqual({
      from: 'amsterdam',
      to: 'gent',
      reason: 'moved',
      fromOrganisation: 'welzijn-amsterdam',
      toOrganisation: 'caw-oost-vlaanderen',
    });
    const [due] = await ds.query(`SELECT next_reply_due_at, first_reply_due_at FROM cases WHERE id = $1`, [caseId]);
    expect(due.next_reply_due_at?.toISOString()).not.toBe('2001-01-01T00:00:00.000Z');
    const replies = await http().get(`/api/v1/cases/${caseId}/replies`).set(gent).expect(200);
    expect(replies.body.items).toEqual([expect.objectContaining({ status: 'sent' })]);
    const gentPage = await (await pageLogin(t, 'gent@luister.example')).get(`/cases/${caseId}`);
    expect(gentPage.status).toBe(200);
    expect(gentPage.text).toContain('GEHEIM-HULPVRAGER-5521');
    // B's team was told; its inbox holds it.
    const inbox = await http().get('/api/v1/cases?view=unassigned&limit=200').set(gent);
    expect(inbox.body.items.map((x: { id: string }) => x.id)).toContain(caseId);

    // The help-seeker's link keeps working, now with B's name.
    const mine = await http().get('/api/v1/case').set('Authorization', `Bearer ${q.body.token}`).expect(200);
    expect(mine.body.messages).toHaveLength(2);
    expect(mine.body.organisation).toEqual({
      name: 'CAW Oost-Vlaanderen',
      logoUrl: '/organisations/caw-oost-vlaanderen/logo',
    });
    const page = await openCase(request.agent(t.app.getHttpServer()), q.body.token);
    expect(page.text).toContain('CAW Oost-Vlaanderen');
    expect(page.text).not.toContain('Welzijn Amsterdam');
  });

  it('the case page offers both transfers; across, the page sends A to its list', async () => {
    const c = await makeCase(ds, { region: 'rotterdam', status: 'open', text: 'Een vraag uit Rotterdam.' });
    const agent = await pageLogin(t, 'worker.rotterdam@luister.example');
    const page = await agent.get(`/cases/${c.id}`);
    // Within: Utrecht (the same organisation). Across: the others, grouped by organisation.
    const within = /<form[^>]*id="transfer-within"[\s\S]*?<\/form>/.exec(page.text)![0];
    expect(within).toContain('value="utrecht"');
    expect(within).not.toContain('value="gent"');
    const across = /<form[^>]*id="transfer-across"[\s\S]*?<\/form>/.exec(page.text)![0];
    expect(across).toContain('<optgroup label="CAW Oost-Vlaanderen"><option value="gent">');
    expect(across).not.toContain('value="utrecht"');
    // A trainee has no form to go across.
    const traineePage = await (await pageLogin(t, 'trainee.rotterdam@luister.example')).get(`/cases/${c.id}`);
    expect(traineePage.text).not.toContain('id="transfer-across"');

    const bad = await agent
      .post(`/cases/${c.id}/transfer`)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        form: 'across',
        region: 'amsterdam',
        reason: 'moved',
        note: 'Bel 0612345678',
      });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="transfer-note-error"');
    const ok = await agent
      .post(`/cases/${c.id}/transfer`)
      .type('form')
      .send({
        _csrf: await csrfOf(agent, `/cases/${c.id}`),
        form: 'across',
        region: 'amsterdam',
        reason: 'wrong-region',
      });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/inbox/transferred?done=1');
    const list = await agent.get(ok.headers.location);
    expect(list.text).toContain('De casus is overgedragen.');
    expect(list.text).toContain(c.caseRef);
    expect(list.text).toContain('Welzijn Amsterdam');
    expect(list.text).toContain('Schreef naar de verkeerde regio');
    expect(list.text).not.toContain('Een vraag uit Rotterdam');
    // Amsterdam has it now, with no note (none was given).
    const seen = await http().get(`/api/v1/cases/${c.id}`).set(worker).expect(200);
    expect(seen.body.notes).toEqual([]);
  });
});
