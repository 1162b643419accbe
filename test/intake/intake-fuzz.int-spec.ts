import fc from 'fast-check';
import request from 'supertest';
import { csrfFrom, startTestApp, TestApp } from '../support/app';

/**
 * Random and hostile payloads at the form and the API: never a 500, and never a half-written case
 * (every case has its help-seeker, first message and creation event; rejected input adds no row).
 */
describe('intake under random and hostile input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const counts = async () => {
    const [r] = await t.db.ds.query(
      `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM help_seeker)::int AS seekers,
              (SELECT count(*) FROM message)::int AS messages, (SELECT count(*) FROM case_event)::int AS events`,
    );
    return r as { cases: number; seekers: number; messages: number; events: number };
  };

  const hostileString = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.constantFrom(
      '<script>alert(1)</script>',
      "'; DROP TABLE cases; --",
      '\u0000\u0001',
      '𝕳𝖊𝖑𝖕 🆘',
      'B-9000',
      '1012 AB',
      '\u202e',
      'x'.repeat(10_001),
      '   ',
      '%00',
      '{{this}}',
      '__proto__',
    ),
  );
  const anyValue = fc.oneof(
    hostileString,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  );
  const fieldNames = [
    'nickname',
    'text',
    'postcode',
    'country',
    'postcodeWithheld',
    'topic',
    'need',
    'needOther',
    'ageBand',
    'gender',
    'language',
    'email',
    'emailConsent',
    '__proto__',
    'constructor',
    'extra',
  ];
  const payload = fc.dictionary(fc.constantFrom(...fieldNames), anyValue, { maxKeys: 10 });
  const plausible = fc.record({
    nickname: fc.string({ minLength: 1, maxLength: 45 }),
    text: fc.string({ minLength: 5, maxLength: 300 }),
    postcode: fc.option(hostileString, { nil: undefined }),
    country: fc.option(fc.constantFrom('NL', 'BE', 'DE', ''), { nil: undefined }),
    topic: fc.option(fc.constantFrom('money', 'housing', 'nope', ''), { nil: undefined }),
    need: fc.option(fc.constantFrom('advice', 'other', 'listen', 'x'), { nil: undefined }),
    email: fc.option(fc.constantFrom('a@b.nl', 'nope', ''), { nil: undefined }),
    emailConsent: fc.option(fc.boolean(), { nil: undefined }),
  });

  async function checkConsistent() {
    const orphans = await t.db.ds.query(
      `SELECT c.id FROM cases c
        WHERE NOT EXISTS (SELECT 1 FROM message m WHERE m.case_id = c.id)
           OR NOT EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.type = 'case.created')
        UNION ALL SELECT h.id FROM help_seeker h WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.help_seeker_id = h.id)`,
    );
    expect(orphans).toEqual([]);
  }

  it('the JSON API answers 201 or 4xx, and only 201 adds exactly one case', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(payload, plausible), async (body) => {
        const before = await counts();
        const res = await request(t.app.getHttpServer())
          .post('/api/v1/questions')
          .send(body as object);
        expect(res.status).toBeLessThan(500);
        const after = await counts();
        if (res.status === 201) {
          expect(after).toEqual({
            cases: before.cases + 1,
            seekers: before.seekers + 1,
            messages: before.messages + 1,
            events: before.events + 1,
          });
        } else {
          expect(res.status).toBe(400);
          expect(res.body).toMatchObject({ statusCode: 400, code: expect.any(String), message: expect.any(String) });
          expect(after).toEqual(before);
        }
      }),
      { numRuns: 150 },
    );
    await checkConsistent();
  });

  it('the form answers 303 (to the confirmation) or 4xx for any fields, including raw bodies', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const csrf = csrfFrom((await agent.get('/').expect(200)).text);
    await fc.assert(
      fc.asyncProperty(fc.oneof(payload, plausible), async (body) => {
        const before = await counts();
        const form: Record<string, string> = { _csrf: csrf };
        for (const [k, v] of Object.entries(body))
          if (v !== undefined) form[k] = typeof v === 'string' ? v : JSON.stringify(v);
        const res = await agent.post('/vragen').type('form').send(form);
        expect(res.status).toBeLessThan(500);
        expect([303, 400, 409, 413]).toContain(res.status);
        const after = await counts();
        expect(after.cases).toBe(before.cases + (res.status === 303 ? 1 : 0));
      }),
      { numRuns: 150 },
    );
    // Bodies that are not forms or JSON at all.
    for (const [type, raw] of [
      ['application/json', '{"a":'],
      ['application/json', '"string"'],
      ['application/x-www-form-urlencoded', '%%%&&&=='],
      ['text/plain', 'hallo'],
      ['application/json', 'null'],
    ]) {
      const res = await request(t.app.getHttpServer()).post('/api/v1/questions').set('Content-Type', type).send(raw);
      expect(res.status).toBe(400);
    }
    await checkConsistent();
  });

  it('case lookups with random tokens never fail with 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), async (token) => {
        const res = await request(t.app.getHttpServer())
          .get('/api/v1/case')
          .set('Authorization', `Bearer ${token.replace(/[\r\n]/g, '')}`);
        expect([401, 404, 429]).toContain(res.status);
      }),
      { numRuns: 100 },
    );
  });
});
