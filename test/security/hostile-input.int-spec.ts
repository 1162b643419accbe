/**
 * The inputs that made a 500 (issue 21 item 4), each now a 400 naming the field, on the API and
 * the forms alike, with or without a login; ordinary input still goes through.
 */
import request from 'supertest';
import { csrfFrom, startTestApp, TestApp } from '../support/app';
import { makeCase } from '../inbox/factories';
import { apiLogin } from '../staff/staff-login';

describe('hostile input is refused with a 400, never a 500', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  const json = (path: string, body: string, auth: Record<string, string> = {}) =>
    http().post(path).set(auth).set('Content-Type', 'application/json').send(body);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const fieldsOf = (res: request.Response) => ({ status: res.status, code: res.body.code, fields: res.body.fields });

  it('a nested prototype key, on the public question API and on login', async () => {
    expect(
      fieldsOf(await json('/api/v1/questions', '{"nickname":{"constructor":1},"text":"Een echte vraag hier."}')),
    ).toEqual({
      status: 400,
      code: 'invalid_body',
      fields: { 'nickname.constructor': [expect.any(String)] },
    });
    expect(fieldsOf(await json('/api/v1/auth/login', '{"email":{"constructor":1},"password":"x"}'))).toEqual({
      status: 400,
      code: 'invalid_body',
      fields: { 'email.constructor': [expect.any(String)] },
    });
    const proto = await json(
      '/api/v1/questions',
      '{"__proto__":{"x":1},"nickname":"A","text":"Een echte vraag hier."}',
    );
    expect(proto.status).toBe(400);
    expect(Object.keys(proto.body.fields)).toEqual(['__proto__']);
    const form = await http().post('/api/v1/auth/login').type('form').send('constructor=1&email=a%40b.nl&password=x');
    expect(form.status).toBe(400);
  });

  it('JSON nested 5,000 deep, and a body with too many fields', async () => {
    const deep = await json('/api/v1/questions', '{"nickname":' + '['.repeat(5000) + ']'.repeat(5000) + '}');
    expect(fieldsOf(deep)).toEqual({ status: 400, code: 'invalid_body', fields: { body: [expect.any(String)] } });
    const wide = JSON.stringify(Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`k${i}`, i])));
    expect((await json('/api/v1/questions', wide)).status).toBe(400);
  });

  it('a lone surrogate in an e-mail field', async () => {
    expect(fieldsOf(await json('/api/v1/auth/login', '{"email":"\\ud800@luister.example","password":"x"}'))).toEqual({
      status: 400,
      code: 'validation_failed',
      fields: { email: [expect.stringMatching(/tekens/)] },
    });
    const q = await json(
      '/api/v1/questions',
      '{"nickname":"Anna","text":"Een echte vraag hier.","email":"a\\udc00@b.nl","emailConsent":true}',
    );
    expect(fieldsOf(q)).toEqual({ status: 400, code: 'validation_failed', fields: { email: [expect.any(String)] } });
  });

  it('NUL bytes: login by API and form, notes, reply sections, transfer region', async () => {
    expect(fieldsOf(await json('/api/v1/auth/login', '{"email":"a\\u0000@b.nl","password":"x"}'))).toMatchObject({
      status: 400,
      fields: { email: [expect.any(String)] },
    });
    const agent = request.agent(t.app.getHttpServer());
    const page = await agent.get('/login');
    const form = await agent
      .post('/login')
      .type('form')
      .send(`_csrf=${encodeURIComponent(csrfFrom(page.text))}&email=a%00%40b.nl&password=xxxxxxxxxxxxx`);
    expect(form.status).toBe(400);
    expect(form.headers['content-type']).toMatch(/html/);

    const c = await makeCase(t.db.ds, { region: 'amsterdam' });
    const worker = await apiLogin(t, 'worker@luister.example');
    const note = await json(`/api/v1/cases/${c.id}/notes`, '{"text":"a\\u0000b"}', worker);
    expect(fieldsOf(note)).toMatchObject({ status: 400, fields: { text: [expect.any(String)] } });
    const reply = await json(
      `/api/v1/cases/${c.id}/replies`,
      '{"sections":{"summarise":"a\\u0000","explore":"b","advise":"c"},"send":false}',
      worker,
    );
    expect(fieldsOf(reply)).toMatchObject({ status: 400, fields: { 'sections.summarise': [expect.any(String)] } });
    const transfer = await json(`/api/v1/cases/${c.id}/transfer`, '{"region":"rotterdam\\u0000","reason":"x"}', worker);
    expect(fieldsOf(transfer)).toMatchObject({ status: 400, fields: { region: [expect.any(String)] } });
  });

  it('NUL bytes in query parameters and paths: referrals, SLA regions, reply templates, inbound mail log', async () => {
    const worker = await apiLogin(t, 'worker@luister.example');
    const admin = await apiLogin(t, 'admin@luister.example');
    for (const [path, auth, field] of [
      ['/api/v1/referrals?region=amsterdam%00', worker, 'region'],
      ['/api/v1/referrals?topic=%00', worker, 'topic'],
      ['/api/v1/reply-templates?language=nl%00', worker, 'language'],
      ['/api/v1/mail/inbound?messageId=%3Ca%00b%40c%3E', admin, 'messageId'],
      ['/api/v1/mail/inbound?status=stored%00', admin, 'status'],
      ['/api/v1/sla/regions/amsterdam%00', admin, 'path'],
      ['/api/v1/cases?region=%00', worker, 'region'],
    ] as const) {
      const res = await http().get(path).set(auth);
      expect({ path, ...fieldsOf(res) }).toEqual({
        path,
        status: 400,
        code: 'validation_failed',
        fields: { [field]: [expect.any(String)] },
      });
    }
  });

  it('ordinary input still goes through: accents, emoji, line breaks', async () => {
    const q = await http()
      .post('/api/v1/questions')
      .send({ nickname: 'Zoë', text: 'Een vraag 😀 met\nregels en accenten: één, café.' });
    expect(q.status).toBe(201);
    const worker = await apiLogin(t, 'worker@luister.example');
    expect((await http().get('/api/v1/referrals?region=amsterdam').set(worker)).status).toBe(200);
  });
});
