/**
 * Pieces of the route fuzz test (route-fuzz.int-spec.ts): the routes as the Express router knows
 * them (so a new controller is fuzzed without touching the test), field names from the OpenAPI
 * document, and fast-check arbitraries for hostile requests.
 */
import * as fc from 'fast-check';
import * as http from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';

export interface Route {
  method: string;
  path: string;
}

/** Every method + path registered on the Express router (Nest controllers, Swagger, health). */
export function routesOf(app: NestExpressApplication): Route[] {
  const express = app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: unknown; methods: Record<string, boolean> } }[] };
  };
  const routes: Route[] = [];
  for (const layer of express.router.stack) {
    const route = layer.route;
    if (!route || typeof route.path !== 'string') continue;
    for (const [method, on] of Object.entries(route.methods))
      if (on && method !== '_all') routes.push({ method: method.toUpperCase(), path: route.path });
  }
  return routes;
}

/** Path parameters of an Express 5 route path (`:id`, `*rest`). */
export function paramsOf(path: string): string[] {
  return [...path.matchAll(/[:*](\w+)/g)].map((m) => m[1]);
}

/** Field names an OpenAPI document gives for a route: query parameters and body properties. */
export interface RouteFields {
  query: string[];
  body: string[];
}

type Schema = { $ref?: string; properties?: Record<string, Schema>; items?: Schema; allOf?: Schema[] };
type OpenApi = {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; requestBody?: unknown }>>;
  components?: { schemas?: Record<string, Schema> };
};

export function openApiFields(doc: OpenApi): { perRoute: Map<string, RouteFields>; all: string[] } {
  const schemas = doc.components?.schemas ?? {};
  const all = new Set<string>();
  const names = (s: Schema | undefined, into: Set<string>, seen = new Set<Schema>()): void => {
    if (!s || seen.has(s)) return;
    seen.add(s);
    if (s.$ref) return names(schemas[s.$ref.split('/').pop()!], into, seen);
    for (const [k, v] of Object.entries(s.properties ?? {})) {
      into.add(k);
      names(v, into, seen);
    }
    names(s.items, into, seen);
    for (const p of s.allOf ?? []) names(p, into, seen);
  };
  for (const s of Object.values(schemas)) names(s, all);
  const perRoute = new Map<string, RouteFields>();
  for (const [p, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const query = (op.parameters ?? []).filter((x) => x.in === 'query').map((x) => x.name);
      query.forEach((q) => all.add(q));
      const body = new Set<string>();
      const content = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content ?? {};
      for (const c of Object.values(content)) names(c.schema, body);
      perRoute.set(`${method.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`, { query, body: [...body] });
    }
  }
  return { perRoute, all: [...all] };
}

/** Values that broke something somewhere once, or might: control characters, lone surrogates, prototype keys. */
export const EVIL_STRINGS = [
  '',
  ' ',
  'a',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\ud83d\ude00',
  '\u202e\u200b',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '0',
  '-1',
  '1.5',
  '1e309',
  '99999999999999999999',
  'NaN',
  'true',
  'null',
  '[]',
  '{}',
  "' OR 1=1 --",
  '"; DROP TABLE "case"; --',
  '<script>alert(1)</script>',
  '{{constructor.constructor}}',
  '../../etc/passwd',
  '%00',
  '%',
  'a'.repeat(5000),
  'é'.repeat(300),
  '2026-13-45',
  '2026-02-30',
  '9999-12-31T23:59:59Z',
  '-infinity',
  '00000000-0000-0000-0000-000000000000',
  'nl',
  'en',
  'NL',
  'BE',
  '1234 AB',
  '1000',
  'amsterdam',
  'landelijk',
  'csv',
  'json',
  'open',
  'mine',
  'closed',
  'admin',
  'worker',
  'hulp@luister.example',
  'a@b',
  'x@luister.example\u0000',
  '\ud800@luister.example',
  'imap://u:p@127.0.0.1:1/INBOX',
  'http://127.0.0.1:1/',
];

/** Percent-encoding that never throws (a lone surrogate becomes U+FFFD, as a browser sends it). */
export function pct(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Raw byte sequences that are not valid UTF-8 once decoded, sent as they are. */
const RAW_PCT = ['%00', '%FF', '%C0%80', '%ED%A0%80', '%E2%82', '%', '%zz', '%2F..%2F', '%0D%0ASet-Cookie:%20x=1'];

export type Value = string | number | boolean | null | Value[] | { [k: string]: Value };

export interface FuzzArbs {
  string: fc.Arbitrary<string>;
  value: fc.Arbitrary<Value>;
  /** An encoded path or query segment: usually pct(string), sometimes raw broken escapes. */
  segment: fc.Arbitrary<string>;
}

export function fuzzArbs(dictionary: string[], ids: string[]): FuzzArbs {
  const string = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...EVIL_STRINGS) },
    { weight: 3, arbitrary: ids.length ? fc.constantFrom(...ids) : fc.constant('1') },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    { weight: 2, arbitrary: fc.string({ maxLength: 60 }) },
    { weight: 1, arbitrary: fc.uuid() },
  );
  const key = fc.oneof(
    { weight: 6, arbitrary: dictionary.length ? fc.constantFrom(...dictionary) : fc.constant('x') },
    { weight: 2, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'a\u0000', '\ud800', '') },
    { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
  );
  const leaf: fc.Arbitrary<Value> = fc.oneof(
    { weight: 6, arbitrary: string },
    { weight: 2, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.constantFrom(0, -1, 1e308, -0, 2 ** 53, 0.5) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
  );
  const { value } = fc.letrec<{ value: Value }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 6, arbitrary: leaf },
      { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
      { weight: 1, arbitrary: fc.dictionary(key, tie('value'), { maxKeys: 4, noNullPrototype: true }) },
    ),
  }));
  const segment = fc.oneof(
    { weight: 8, arbitrary: string.map(pct) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_PCT) },
  );
  return { string, value, segment };
}

/** Bodies that broke parsers before: prototype keys, 5,000-deep nesting, broken JSON. */
export function rawJsonBodies(fields: string[]): string[] {
  const f = fields[0] ?? 'text';
  return [
    `{"${f}":{"constructor":1}}`,
    `{"${f}":{"constructor":{"prototype":{"x":1}}}}`,
    `{"__proto__":{"admin":true},"${f}":"x"}`,
    `{"constructor":{"prototype":{"polluted":true}}}`,
    `{"${f}":` + '['.repeat(5000) + ']'.repeat(5000) + '}',
    '{"a":'.repeat(5000) + '1' + '}'.repeat(5000),
    `{"${f}":"\\ud800"}`,
    `{"${f}":"a\\u0000b"}`,
    `{"${f}\\u0000":"x"}`,
    `{"${f}":` + JSON.stringify(Array.from({ length: 3000 }, (_, i) => i)) + '}',
    JSON.stringify(Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, i]))),
    '{"a":',
    '[]',
    '"text"',
    '123',
    'null',
    '',
    '\u0000',
  ];
}

export interface Sent {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP request over a keep-alive agent, the path sent exactly as given. */
export function send(
  agent: http.Agent,
  base: URL,
  req: { method: string; path: string; headers: Record<string, string>; body?: Buffer },
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const r = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.path,
        headers: { ...req.headers, ...(req.body ? { 'content-length': String(req.body.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

/** The cookies a response sets, as name → value. */
export function setCookies(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of headers['set-cookie'] ?? []) {
    const m = /^([^=]+)=([^;]*)/.exec(c);
    if (m) out[m[1]] = m[2];
  }
  return out;
}
