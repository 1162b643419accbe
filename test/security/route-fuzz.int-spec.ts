/**
 * No input makes a 500 (issue 21 item 4). Every route the Express router knows — found at run
 * time, so a new controller is covered without touching this file — gets hostile requests from a
 * fixed fast-check seed, anonymously and as a logged-in admin (bearer, session cookie with and
 * without the CSRF token): hostile path parameters, query strings and bodies (JSON, forms, broken
 * JSON, prototype keys, 5,000-deep nesting, NUL bytes, lone surrogates). Any answer ≥ 500 fails.
 */
import * as fc from 'fast-check';
import * as http from 'node:http';
import { createStaffUser } from '../../src/staff/staff-users';
import { csrfFrom, startTestApp, TestApp } from '../support/app';
import {
  fuzzArbs,
  openApiFields,
  paramsOf,
  pct,
  rawJsonBodies,
  Route,
  RouteFields,
  routesOf,
  send,
  Sent,
  setCookies,
  Value,
} from './route-fuzz';

const SEED = 20261206;
const PER_ROUTE = { anon: 8, staff: 12 };
const CONCURRENCY = 8;
const PASSWORD = 'fuzz-password-1234';

interface Staff {
  bearer: string;
  cookies: Record<string, string>;
  csrf: string;
}

interface Spec {
  params: string[];
  query: [string, string][];
  bodyKind: 'none' | 'json' | 'form' | 'raw-json' | 'text';
  body: Record<string, Value>;
  raw: number;
  accept: string;
  bearer: boolean;
  csrf: boolean;
  sameOrigin: boolean;
  helpSeeker: boolean;
}

const cookieHeader = (c: Record<string, string>) =>
  Object.entries(c)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');

/** Flattens a value into form fields the way a hostile client might send them. */
function formOf(body: Record<string, Value>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(body)) {
    const values = Array.isArray(v) ? v : [v];
    for (const x of values) parts.push(`${pct(k)}=${pct(typeof x === 'string' ? x : JSON.stringify(x))}`);
  }
  return parts.join('&');
}

describe('route fuzz: no input makes a 500', () => {
  let t: TestApp;
  let base: URL;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

  beforeAll(async () => {
    t = await startTestApp();
    base = new URL(await t.listen());
  });
  afterAll(async () => {
    agent.destroy();
    await t.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    send(agent, base, { method: 'GET', path, headers });

  let staffUsers = 0;
  async function login(): Promise<Staff> {
    const email = `fuzz-${++staffUsers}@luister.example`;
    await createStaffUser(t.db.ds, { email, role: 'admin', regionCodes: [], password: PASSWORD });
    const api = await send(agent, base, {
      method: 'POST',
      path: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify({ email, password: PASSWORD })),
    });
    if (api.status !== 200) throw new Error(`API login failed: ${api.status} ${api.body}`);
    const page = await get('/login');
    const cookies = setCookies(page.headers);
    const posted = await send(agent, base, {
      method: 'POST',
      path: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(cookies) },
      body: Buffer.from(formOf({ _csrf: csrfFrom(page.body), email, password: PASSWORD, next: '/account' })),
    });
    if (posted.status !== 303) throw new Error(`page login failed: ${posted.status}`);
    Object.assign(cookies, setCookies(posted.headers));
    const account = await get('/account', { cookie: cookieHeader(cookies) });
    Object.assign(cookies, setCookies(account.headers));
    return {
      bearer: (JSON.parse(api.body) as { accessToken: string }).accessToken,
      cookies,
      csrf: csrfFrom(account.body),
    };
  }

  /** Still logged in both ways? (A fuzzed request may log out, reset the password or deactivate the user.) */
  async function stillValid(s: Staff): Promise<boolean> {
    const me = await get('/api/v1/auth/me', { authorization: `Bearer ${s.bearer}` });
    const page = await get('/account', { cookie: cookieHeader(s.cookies) });
    return me.status === 200 && page.status === 200;
  }

  it('answers every route with < 500, anonymous and logged in', async () => {
    const started = Date.now();
    const routes = routesOf(t.app);
    expect(routes.length).toBeGreaterThan(100);
    const doc = JSON.parse((await get('/api/docs-json')).body);
    const { perRoute, all } = openApiFields(doc);
    const dictionary = [...new Set([...all, '_csrf', 'email', 'password', 'next', 'text', 'action', 'q', 'lang'])];

    // Real identifiers, so some requests get past "not found" into the code behind it.
    const ids: string[] = [];
    const tables: { table_name: string; column_name: string }[] = await t.db.ds.query(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name IN ('id', 'code') ORDER BY 1, 2`,
    );
    for (const { table_name, column_name } of tables) {
      const rows: { v: string }[] = await t.db.ds.query(
        `SELECT "${column_name}"::text AS v FROM "${table_name}" ORDER BY 1 LIMIT 2`,
      );
      ids.push(...rows.map((r) => r.v));
    }
    const question = await send(agent, base, {
      method: 'POST',
      path: '/api/v1/questions',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify({ nickname: 'Fuzz', text: 'Een vraag om de routes mee te testen.' })),
    });
    expect(question.status).toBe(201);
    const caseToken = (JSON.parse(question.body) as { token: string }).token;
    ids.push(caseToken);
    const opened = await get(`/c/${caseToken}`);
    const helpSeekerCookie = setCookies(opened.headers)['luister.hs'];
    expect(helpSeekerCookie).toBeDefined();

    let staff = await login();
    const arbs = fuzzArbs(dictionary, ids);

    // Destructive routes last, so the case, token and sessions they end serve the others first.
    const last = (r: Route) => (r.method === 'DELETE' || /erase|logout|exit/.test(r.path) ? 1 : 0);
    const ordered = [...routes].sort((a, b) => last(a) - last(b));

    type Job = { route: Route; who: 'anon' | 'staff'; spec: Spec };
    const jobs: Job[] = [];
    ordered.forEach((route, i) => {
      const fields: RouteFields = perRoute.get(`${route.method} ${route.path}`) ?? { query: [], body: [] };
      const own = [...fields.query, ...fields.body];
      const key = fc.oneof(
        { weight: own.length ? 4 : 0, arbitrary: own.length ? fc.constantFrom(...own) : fc.constant('x') },
        { weight: 2, arbitrary: fc.constantFrom(...dictionary) },
        { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'a\u0000') },
      );
      const bodyFields = fields.body.length ? fields.body : dictionary;
      const params = paramsOf(route.path);
      const spec: fc.Arbitrary<Spec> = fc.record({
        params: fc.array(
          fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ids).map(pct) }, { weight: 4, arbitrary: arbs.segment }),
          { minLength: params.length, maxLength: params.length },
        ),
        query: fc.array(fc.tuple(key.map(pct), arbs.segment), { maxLength: 4 }),
        bodyKind: fc.constantFrom(
          ...(route.method === 'GET' ? (['none', 'none', 'none', 'json'] as const) : []),
          ...(['json', 'json', 'form', 'form', 'raw-json', 'text', 'none'] as const),
        ),
        body: fc.dictionary(
          fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...bodyFields) }, { weight: 1, arbitrary: key }),
          arbs.value,
          { maxKeys: 6, noNullPrototype: true },
        ),
        raw: fc.nat(),
        accept: fc.constantFrom('application/json', 'text/html', '*/*'),
        bearer: fc.boolean(),
        csrf: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
        sameOrigin: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
        helpSeeker: fc.boolean(),
      });
      for (const [who, n] of Object.entries(PER_ROUTE) as ['anon' | 'staff', number][])
        for (const s of fc.sample(spec, { seed: SEED + i * 2 + (who === 'staff' ? 1 : 0), numRuns: n }))
          jobs.push({ route, who, spec: s });
    });

    const perRouteCount = new Map<string, { anon: number; staff: number; ms: number; statuses: Map<number, number> }>();
    const failures: { who: string; method: string; path: string; type?: string; status: number; body: string }[] = [];
    let checking: Promise<void> | undefined;

    async function run(job: Job): Promise<void> {
      const { route, who, spec } = job;
      let i = 0;
      const path =
        route.path.replace(/[:*]\w+/g, () => spec.params[i++] ?? 'x') +
        (spec.query.length ? '?' + spec.query.map(([k, v]) => `${k}=${v}`).join('&') : '');
      const headers: Record<string, string> = { accept: spec.accept };
      const isApi = route.path.startsWith('/api/');
      const body: Record<string, Value> = { ...spec.body };
      if (who === 'staff') {
        if (isApi && spec.bearer) headers.authorization = `Bearer ${staff.bearer}`;
        else {
          headers.cookie = cookieHeader(staff.cookies);
          if (spec.csrf) {
            if (isApi) headers['x-csrf-token'] = staff.csrf;
            else body._csrf = staff.csrf;
          }
          headers.origin = spec.sameOrigin ? base.origin : 'https://evil.example';
        }
      } else if (spec.helpSeeker) {
        if (isApi) headers.authorization = `Bearer ${caseToken}`;
        else headers.cookie = `luister.hs=${helpSeekerCookie}`;
      }
      let payload: Buffer | undefined;
      switch (spec.bodyKind) {
        case 'json':
          headers['content-type'] = 'application/json';
          payload = Buffer.from(JSON.stringify(body));
          break;
        case 'form':
          headers['content-type'] = 'application/x-www-form-urlencoded';
          payload = Buffer.from(formOf(body));
          break;
        case 'raw-json': {
          const raws = rawJsonBodies(Object.keys(body).length ? Object.keys(body) : ['text']);
          headers['content-type'] = 'application/json';
          payload = Buffer.from(raws[spec.raw % raws.length]);
          break;
        }
        case 'text':
          headers['content-type'] = 'text/plain';
          payload = Buffer.from(JSON.stringify(body));
          break;
        case 'none':
          break;
      }
      let res: Sent;
      const t0 = Date.now();
      try {
        res = await send(agent, base, { method: route.method, path, headers, body: payload }).catch((e: Error) => {
          // A kept-alive socket the server closed just as it was reused: once more on a fresh one.
          if (!/ECONNRESET|EPIPE/.test(String(e))) throw e;
          return send(agent, base, {
            method: route.method,
            path,
            headers: { ...headers, connection: 'close' },
            body: payload,
          });
        });
      } catch (e) {
        failures.push({ who, method: route.method, path, status: 0, body: String(e) });
        return;
      }
      const key = `${route.method} ${route.path}`;
      const row = perRouteCount.get(key) ?? { anon: 0, staff: 0, ms: 0, statuses: new Map() };
      row[who]++;
      row.ms += Date.now() - t0;
      row.statuses.set(res.status, (row.statuses.get(res.status) ?? 0) + 1);
      perRouteCount.set(key, row);
      if (res.status >= 500)
        failures.push({
          who,
          method: route.method,
          path: path.slice(0, 200),
          type: headers['content-type'],
          status: res.status,
          body: (payload?.toString('utf8') ?? '').slice(0, 200),
        });
      if (who === 'staff' && /logout|password|totp|users|exit/.test(route.path) && !checking) {
        checking = (async () => {
          if (!(await stillValid(staff))) staff = await login();
        })().finally(() => (checking = undefined));
      }
    }

    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < jobs.length) {
          const job = jobs[next++];
          if (checking) await checking;
          await run(job);
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;

    const lines = [...perRouteCount].map(([k, r]) => {
      const statuses = [...r.statuses]
        .sort((a, b) => a[0] - b[0])
        .map(([s, n]) => `${s}×${n}`)
        .join(' ');
      return `${k.padEnd(52)} anon ${String(r.anon).padStart(3)}  staff ${String(r.staff).padStart(3)}  ${String(r.ms).padStart(5)} ms  ${statuses}`;
    });
    console.log(
      `route fuzz, seed ${SEED}: ${jobs.length} requests to ${perRouteCount.size} routes in ${seconds.toFixed(1)} s, ` +
        `${failures.length} answers >= 500, ${staffUsers} staff logins\n${lines.join('\n')}`,
    );
    if (failures.length) {
      const stacks = t.logLines.filter((l) => l.includes('unhandled error')).slice(0, 5);
      console.log(`first errors logged:\n${stacks.join('\n')}`);
    }
    expect(failures.slice(0, 30)).toEqual([]);
    expect(perRouteCount.size).toBe(new Set(routes.map((r) => `${r.method} ${r.path}`)).size);
  }, 180_000);
});
