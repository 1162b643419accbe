import request from 'supertest';
import { CasesService } from '../../src/cases/cases.service';
import * as secrets from '../../src/common/secrets';
import { startTestApp, TestApp } from '../support/app';

// The module as a plain object, so one test can make the case-reference generator repeat itself
// (compiled modules' exports are fixed getters that jest.spyOn cannot replace).
jest.mock('../../src/common/secrets', () => ({ __esModule: true, ...jest.requireActual('../../src/common/secrets') }));

const valid = { nickname: 'Zonnebloem', text: 'Ik heb schulden en weet niet waar ik moet beginnen.' };

describe('help-seeker JSON API', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  const count = async (table: string) =>
    (await t.db.ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function caseOf(token: string) {
    const [c] = await t.db.ds.query(
      `SELECT c.*, r.code AS region_code FROM cases c JOIN region r ON r.id = c.region_id WHERE c.access_token_hash = sha256(convert_to($1, 'UTF8'))`,
      [token],
    );
    return c;
  }

  it('stores a question as a case with its first message and event, routed by postcode', async () => {
    const res = await http()
      .post('/api/v1/questions')
      .send({
        ...valid,
        postcode: '1012 ab',
        topic: 'money',
        need: 'advice',
        ageBand: '21-30',
        gender: 'woman',
        language: 'nl',
      })
      .expect(201);
    expect(res.body).toMatchObject({
      caseRef: expect.stringMatching(/^L-/),
      token: expect.any(String),
      link: `/c/${res.body.token}`,
    });
    const c = await caseOf(res.body.token);
    expect(c).toMatchObject({
      status: 'new',
      channel: 'web',
      region_code: 'amsterdam',
      topic_code: 'money',
      country: 'NL',
      postcode_area: 1012,
    });
    const msgs = await t.db.ds.query(`SELECT direction, channel, body_text FROM message WHERE case_id = $1`, [c.id]);
    expect(msgs).toEqual([{ direction: 'in', channel: 'web', body_text: valid.text }]);
    const events = await t.db.ds.query(`SELECT type, channel, data FROM case_event WHERE case_id = $1`, [c.id]);
    expect(events).toEqual([{ type: 'case.created', channel: 'web', data: { routedBy: 'postcode', topic: 'money' } }]);
  });

  // A plain question is one atomic insert statement (no BEGIN/COMMIT, see CasesService.openCase);
  // one that writes more must still commit all of it or nothing.
  it('commits a crisis question together with its crisis event, or not at all', async () => {
    const crisisText = 'Ik denk de hele tijd aan zelfmoord.';
    const tables = ['cases', 'help_seeker', 'message', 'case_event'];
    const before = await Promise.all(tables.map(count));
    await t.db.ds.query(`CREATE FUNCTION refuse_crisis_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.type = 'case.crisis_set' THEN RAISE EXCEPTION 'test: crisis event refused'; END IF; RETURN NEW; END $$`);
    await t.db.ds.query(
      `CREATE TRIGGER refuse_crisis_event BEFORE INSERT ON case_event FOR EACH ROW EXECUTE FUNCTION refuse_crisis_event()`,
    );
    try {
      await http()
        .post('/api/v1/questions')
        .send({ ...valid, text: crisisText })
        .expect(500);
      expect(await Promise.all(tables.map(count))).toEqual(before);
    } finally {
      await t.db.ds.query(`DROP TRIGGER refuse_crisis_event ON case_event; DROP FUNCTION refuse_crisis_event()`);
    }
    const res = await http()
      .post('/api/v1/questions')
      .send({ ...valid, text: crisisText })
      .expect(201);
    const c = await caseOf(res.body.token);
    expect(c.crisis).toBe(true);
    const events = await t.db.ds.query(`SELECT type FROM case_event WHERE case_id = $1 ORDER BY id`, [c.id]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['case.created', 'case.crisis_set']);
  });

  it('never stores the token itself, only its hash', async () => {
    const res = await http().post('/api/v1/questions').send(valid).expect(201);
    const rows = await t.db.ds.query(
      `SELECT 1 FROM cases WHERE encode(access_token_hash, 'escape') LIKE '%' || $1 || '%'`,
      [res.body.token],
    );
    expect(rows).toHaveLength(0);
  });

  it.each([
    [{ postcode: 'B-9000' }, 'gent'],
    [{ postcode: ' 9000 ', country: 'BE' }, 'gent'],
    [{ postcode: '3011', country: 'NL' }, 'rotterdam'],
    [{ postcode: '3512JK' }, 'utrecht'],
    [{ postcode: '9999', country: 'NL' }, 'landelijk'],
    [{}, 'landelijk'],
    [{ postcode: '1012 AB', postcodeWithheld: true }, 'landelijk'],
  ])('routes %j to %s', async (extra, region) => {
    const res = await http()
      .post('/api/v1/questions')
      .send({ ...valid, ...extra })
      .expect(201);
    const c = await caseOf(res.body.token);
    expect(c.region_code).toBe(region);
    if ('postcodeWithheld' in extra) expect(c.postcode_area).toBeNull();
  });

  it('answers invalid input with 400 and per-field messages, and writes nothing', async () => {
    const before = [
      await count('cases'),
      await count('help_seeker'),
      await count('message'),
      await count('case_event'),
    ];
    const res = await http()
      .post('/api/v1/questions')
      .send({
        nickname: '',
        text: 'kort',
        postcode: 'XYZ',
        need: 'money',
        ageBand: '99',
        email: 'geen-adres',
        unknownThing: 1,
      })
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'validation_failed', message: expect.any(String) });
    expect(Object.keys(res.body.fields).sort()).toEqual(
      ['ageBand', 'email', 'emailConsent', 'need', 'nickname', 'text', 'unknownThing'].sort(),
    );
    expect(res.body.fields.nickname[0]).toBe('Vul een schuilnaam in.');
    const post = await http()
      .post('/api/v1/questions')
      .send({ ...valid, postcode: '1234 ABC' })
      .expect(400);
    expect(Object.keys(post.body.fields)).toEqual(['postcode']);
    const topic = await http()
      .post('/api/v1/questions')
      .send({ ...valid, topic: 'nonexistent' })
      .expect(400);
    expect(Object.keys(topic.body.fields)).toEqual(['topic']);
    // A topic taken out of use is refused too (checked inside the case's transaction, rolled back).
    await t.db.ds.query(`UPDATE topic SET active = false WHERE code = 'money'`);
    try {
      const inactive = await http()
        .post('/api/v1/questions')
        .send({ ...valid, postcode: '1012 AB', topic: 'money' })
        .expect(400);
      expect(inactive.body.fields).toEqual({ topic: [expect.any(String)] });
    } finally {
      await t.db.ds.query(`UPDATE topic SET active = true WHERE code = 'money'`);
    }
    const consent = await http()
      .post('/api/v1/questions')
      .send({ ...valid, email: 'iemand@example.org' })
      .expect(400);
    expect(Object.keys(consent.body.fields)).toEqual(['emailConsent']);
    const after = [await count('cases'), await count('help_seeker'), await count('message'), await count('case_event')];
    expect(after).toEqual(before);
  });

  it('retries a case reference that is taken, writing the help-seeker once', async () => {
    const first = await http().post('/api/v1/questions').send(valid).expect(201);
    const before = [
      await count('cases'),
      await count('help_seeker'),
      await count('message'),
      await count('case_event'),
    ];
    const real = secrets.newCaseRef;
    const spy = jest
      .spyOn(secrets, 'newCaseRef')
      .mockImplementationOnce(() => first.body.caseRef)
      .mockImplementationOnce(() => first.body.caseRef)
      .mockImplementation(real);
    try {
      const res = await http()
        .post('/api/v1/questions')
        .send({ ...valid, nickname: 'Tweede' })
        .expect(201);
      expect(spy).toHaveBeenCalledTimes(3);
      expect(res.body.caseRef).not.toBe(first.body.caseRef);
      const c = await caseOf(res.body.token);
      const [h] = await t.db.ds.query(`SELECT nickname FROM help_seeker WHERE id = $1`, [c.help_seeker_id]);
      expect(h.nickname).toBe('Tweede');
    } finally {
      spy.mockRestore();
    }
    const after = [await count('cases'), await count('help_seeker'), await count('message'), await count('case_event')];
    expect(after).toEqual(before.map((n) => n + 1));
  });

  it('answers in English when the client asks for it', async () => {
    const res = await http()
      .post('/api/v1/questions')
      .set('Accept-Language', 'en-GB,en;q=0.9')
      .send({ nickname: 'x' })
      .expect(400);
    expect(res.body.fields.text[0]).toBe('Write your question.');
  });

  it('keeps the text exactly as written, HTML included, and enforces the length limits', async () => {
    const html = '<script>alert(1)</script><b onmouseover="x()">vet</b> & "quotes"';
    const res = await http()
      .post('/api/v1/questions')
      .send({ ...valid, text: html })
      .expect(201);
    const read = await http().get('/api/v1/case').set('Authorization', `Bearer ${res.body.token}`).expect(200);
    expect(read.body.messages[0].text).toBe(html);
    await http()
      .post('/api/v1/questions')
      .send({ ...valid, text: 'x'.repeat(10_000) })
      .expect(201);
    await http()
      .post('/api/v1/questions')
      .send({ ...valid, text: 'x'.repeat(10_001) })
      .expect(400);
    await http()
      .post('/api/v1/questions')
      .send({ ...valid, text: '         a         ' })
      .expect(400);
  });

  it('stores an e-mail address only with consent', async () => {
    const res = await http()
      .post('/api/v1/questions')
      .send({ ...valid, email: 'iemand@example.org', emailConsent: true })
      .expect(201);
    const c = await caseOf(res.body.token);
    const [h] = await t.db.ds.query(`SELECT email, email_consent_at FROM help_seeker WHERE id = $1`, [
      c.help_seeker_id,
    ]);
    expect(h.email).toBe('iemand@example.org');
    expect(h.email_consent_at).toBeInstanceOf(Date);
  });

  it('reads a case and adds follow-ups by token, reopening a closed case', async () => {
    const { body } = await http()
      .post('/api/v1/questions')
      .send({ ...valid, postcode: 'B-9000' })
      .expect(201);
    const auth = { Authorization: `Bearer ${body.token}` };
    const read = await http().get('/api/v1/case').set(auth).expect(200);
    expect(read.body).toMatchObject({
      caseRef: body.caseRef,
      status: 'new',
      regionName: 'Gent',
      messages: [{ direction: 'in', channel: 'web', text: valid.text }],
    });
    expect(read.body.messages[0].createdAt).toMatch(/Z$/);
    expect(read.body).not.toHaveProperty('id');

    await t.db.ds.query(`UPDATE cases SET status = 'closed' WHERE case_ref = $1`, [body.caseRef]);
    const added = await http()
      .post('/api/v1/case/messages')
      .set(auth)
      .send({ text: 'Nog een vraag erbij.' })
      .expect(201);
    expect(added.body.id).toEqual(expect.any(String));
    const again = await http().get('/api/v1/case').set(auth).expect(200);
    expect(again.body.status).toBe('open');
    expect(again.body.messages.map((m: { text: string }) => m.text)).toEqual([valid.text, 'Nog een vraag erbij.']);
    const events = await t.db.ds.query(
      `SELECT type FROM case_event e JOIN cases c ON c.id = e.case_id WHERE c.case_ref = $1 ORDER BY e.id`,
      [body.caseRef],
    );
    expect(events.map((e: { type: string }) => e.type)).toEqual(['case.created', 'message.received', 'case.reopened']);

    await http().post('/api/v1/case/messages').set(auth).send({ text: '' }).expect(400);
    await http().post('/api/v1/case/messages').set(auth).send({ text: 'a', extra: true }).expect(400);
  });

  it('gives 401 without a token and an indistinguishable 404 for unknown or malformed ones', async () => {
    await http().get('/api/v1/case').expect(401);
    await http().get('/api/v1/case?token=abc').expect(401);
    const unknown = await http().get('/api/v1/case').set('Authorization', 'Bearer AAAAAAAAAAAAAAAAAAAAAA').expect(404);
    const junk = await http().get('/api/v1/case').set('Authorization', 'Bearer not-a-token').expect(404);
    expect(unknown.body).toEqual(junk.body);
    expect(unknown.body).toEqual({ statusCode: 404, code: 'case_not_found', message: expect.any(String) });
    await http()
      .post('/api/v1/case/messages')
      .set('Authorization', 'Bearer AAAAAAAAAAAAAAAAAAAAAA')
      .send({ text: 'hallo daar' })
      .expect(404);
  });

  it('rejects malformed JSON, non-object bodies and oversized bodies with the error shape', async () => {
    const bad = await http()
      .post('/api/v1/questions')
      .set('Content-Type', 'application/json')
      .send('{"nickname":')
      .expect(400);
    expect(bad.body).toMatchObject({ statusCode: 400, code: 'invalid_body' });
    const arr = await http().post('/api/v1/questions').send([valid]).expect(400);
    expect(arr.body.code).toBe('invalid_body');
    const big = await http()
      .post('/api/v1/questions')
      .send({ ...valid, text: 'x'.repeat(200_000) })
      .expect(413);
    expect(big.body).toMatchObject({ statusCode: 413, code: 'payload_too_large' });
  });

  it('documents the API with OpenAPI', async () => {
    const res = await http().get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/questions', '/api/v1/case', '/api/v1/case/messages', '/health']),
    );
    expect(res.body.paths['/api/v1/questions'].post.responses).toHaveProperty('400');
    await http().get('/api/docs').expect(200);
  });
});

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      rateLimits: {
        questions: { points: 3, windowSeconds: 600 },
        caseLinkFailures: { points: 5, windowSeconds: 600 },
        caseLinkPrefixFailures: { points: 5, windowSeconds: 600 },
        staffLoginFailures: { points: 1000, windowSeconds: 600 },
      },
    });
  });
  afterAll(() => t.close());

  it('limits submissions per client address', async () => {
    const http = request(t.app.getHttpServer());
    for (let i = 0; i < 3; i++) await http.post('/api/v1/questions').send(valid).expect(201);
    const res = await http.post('/api/v1/questions').send(valid).expect(429);
    expect(res.body.code).toBe('too_many_requests');
    const stored = await t.db.ds.query(`SELECT key FROM rate_limit`);
    expect(JSON.stringify(stored)).not.toMatch(/127\.0\.0\.1|::1|::ffff/);
  });

  it('blocks a client that guesses case links, but never from a real one', async () => {
    const http = request(t.app.getHttpServer());
    const real = await http
      .post('/api/v1/questions')
      .set('X-Forwarded-For', '10.9.9.9')
      .send({ ...valid, nickname: 'Echt' });
    // The question limit above may already be used up; a case straight in the database will do.
    const token: string =
      real.status === 201
        ? real.body.token
        : (
            await t.app.get(CasesService).openCase({
              channel: 'web',
              helpSeeker: { nickname: 'Echt', language: 'nl' },
              firstMessage: { text: 'Een echte vraag van mij.' },
            })
          ).token;
    for (let i = 0; i < 5; i++) await http.get(`/c/${'A'.repeat(21)}${i}`).expect(404);
    await http.get(`/c/${'B'.repeat(22)}`).expect(429);
    await http
      .get('/api/v1/case')
      .set('Authorization', `Bearer ${'C'.repeat(22)}`)
      .expect(429);
    // A valid link still passes, on the page and in the API, while the penalty lasts.
    await http.get(`/c/${token}`).expect(303);
    await http.get('/api/v1/case').set('Authorization', `Bearer ${token}`).expect(200);
  });

  it('throttles guesses at one token prefix from many addresses, and a valid link with that prefix passes', async () => {
    const strict = await startTestApp({
      trustProxy: true,
      rateLimits: {
        questions: { points: 1000, windowSeconds: 600 },
        caseLinkFailures: { points: 1000, windowSeconds: 600 },
        caseLinkPrefixFailures: { points: 3, windowSeconds: 300 },
        staffLoginFailures: { points: 1000, windowSeconds: 600 },
      },
    });
    try {
      const http = request(strict.app.getHttpServer());
      const q = await http.post('/api/v1/questions').send(valid).expect(201);
      const token: string = q.body.token;
      const prefix = token.slice(0, 6);
      const guess = (i: number) => `${prefix}${String(i).padStart(16, 'Z')}`;
      for (let i = 0; i < 3; i++)
        await http
          .get(`/c/${guess(i)}`)
          .set('X-Forwarded-For', `10.1.0.${i}`)
          .expect(404);
      // A fourth address guessing the same prefix: 429; another prefix is not affected.
      await http
        .get(`/c/${guess(9)}`)
        .set('X-Forwarded-For', '10.1.0.9')
        .expect(429);
      await http
        .get(`/c/${'Q'.repeat(22)}`)
        .set('X-Forwarded-For', '10.1.0.9')
        .expect(404);
      // The help-seeker whose link has that prefix is not locked out.
      await http.get(`/c/${token}`).set('X-Forwarded-For', '10.1.0.10').expect(303);
    } finally {
      await strict.close();
    }
  });
});
