import * as http from 'node:http';
import { Operation } from './load';
import { submission } from './submissions';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(
  agent: http.Agent,
  base: URL,
  method: string,
  path: string,
  headers: http.OutgoingHttpHeaders,
  body?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: base.hostname, port: base.port, method, path, headers, timeout: 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    // A stuck request must not keep the bench from ending.
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no response within 30 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** A distinct client address (in 10.0.0.0/8) for each submission. */
function clientOf(seq: number): string {
  return `10.${(seq >> 16) & 255}.${(seq >> 8) & 255}.${seq & 255}`;
}

/**
 * The browser's path through the intake form: GET / once for the CSRF cookie and hidden field
 * (the token stays valid for many posts), then POST /vragen, which answers 303 to the
 * confirmation page once the case is committed.
 */
export async function httpIntake(baseUrl: string, concurrency: number): Promise<{ op: Operation; agent: http.Agent }> {
  const base = new URL(baseUrl);
  // One socket per worker, kept open: we measure the app, not TCP handshakes.
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const page = await request(agent, base, 'GET', '/', {});
  if (page.status !== 200) throw new Error(`GET / answered ${page.status}`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!csrf) throw new Error('GET /: no _csrf field on the page');
  const cookie = (page.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  if (!cookie.includes('luister.csrf=')) throw new Error('GET /: no luister.csrf cookie');

  let clients = 0;
  const op: Operation = async (seq) => {
    const s = submission(seq);
    const client = clientOf(clients++);
    const form = new URLSearchParams({
      nickname: s.nickname,
      text: s.text,
      postcode: s.postcode,
      country: s.country,
      topic: s.topic,
      need: s.need,
      // As the form sends it: one key per question (it makes the question idempotent).
      idempotencyKey: `bench-${seq}-${process.pid}-key`,
      _csrf: csrf,
    }).toString();
    const res = await request(
      agent,
      base,
      'POST',
      '/vragen',
      {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': Buffer.byteLength(form),
        // Every submission from its own client (as many help-seekers behind the proxy), so the
        // per-address rate limit counts each once, as in production, and never refuses one.
        'x-forwarded-for': client,
        cookie,
      },
      form,
    );
    // Post/Redirect/Get: 303 to the confirmation once the case is committed.
    if (res.status !== 303)
      throw new Error(`POST /vragen answered ${res.status}: ${res.body.replace(/\s+/g, ' ').slice(0, 200)}`);
  };
  return { op, agent };
}
