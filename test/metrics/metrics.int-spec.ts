import request from 'supertest';
import { InboundSmtpServer } from '../../src/mail/inbound/inbound-smtp.server';
import { startTestApp, TestApp } from '../support/app';
import { openCase } from '../support/help-seeker';
import { sendRaw, simpleMail } from '../mail/support/smtp';

/** One sample's value from Prometheus text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[4]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  const scrape = async () => {
    const res = await http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    return res.text;
  };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('counts requests by route pattern, questions by channel, SMTP answers; no help-seeker value in any label', async () => {
    const before = await scrape();
    const nickname = 'MetricsNick7731';
    const email = 'metrics-7731@home.example';
    const q = await http()
      .post('/api/v1/questions')
      .send({
        nickname,
        text: 'Metrics-marker-7731 een vraag over geld',
        postcode: '3011 AB',
        country: 'NL',
        email,
        emailConsent: true,
      })
      .expect(201);
    const token: string = q.body.token;
    await openCase(request.agent(t.app.getHttpServer()), token);
    await openCase(request.agent(t.app.getHttpServer()), token);
    await http().get('/api/v1/case').set('Authorization', `Bearer ${token}`).expect(200);
    await http().get('/no/such/page/Metrics-marker-7731').expect(404);
    const other = await http()
      .post('/api/v1/questions')
      .send({ nickname: 'Weg', text: 'Deze vraag wis ik meteen weer.', postcode: '1012 AB', country: 'NL' })
      .expect(201);
    await http().delete('/api/v1/case').set('Authorization', `Bearer ${other.body.token}`).expect(204);

    const port = t.app.get(InboundSmtpServer).port;
    expect(
      (
        await sendRaw(port, simpleMail({ from: email, text: 'Mail-marker-7731' }), {
          from: email,
          to: ['hulp@luister.example'],
        })
      ).ok,
    ).toBe(true);
    const rejected = await sendRaw(port, simpleMail({ text: 'x' }), {
      from: email,
      to: ['nobody-7731@elsewhere.example'],
    });
    expect(rejected.code).toBe(550);

    const after = await scrape();
    const count = (text: string, route: string, method = 'GET', status = '200') =>
      sample(text, 'luister_http_request_duration_seconds_count', { method, route, status }) ?? 0;
    // The link is exchanged (303 to /c, its route's pattern, never the token) and the page shown.
    expect(count(after, '/c/:token', 'GET', '303') - count(before, '/c/:token', 'GET', '303')).toBe(2);
    expect(count(after, '/c') - count(before, '/c')).toBe(2);
    expect(count(after, '/api/v1/case') - count(before, '/api/v1/case')).toBe(1);
    expect(count(after, '/api/v1/questions', 'POST', '201') - count(before, '/api/v1/questions', 'POST', '201')).toBe(
      2,
    );
    expect(count(after, '/api/v1/case', 'DELETE', '204') - count(before, '/api/v1/case', 'DELETE', '204')).toBe(1);
    expect(count(after, 'unmatched', 'GET', '404')).toBeGreaterThanOrEqual(1);
    const inc = (name: string, labels: Record<string, string>) =>
      (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
    expect(inc('luister_questions_received_total', { channel: 'web' })).toBe(2);
    expect(inc('luister_erasures_total', { by: 'help-seeker' })).toBe(1);
    expect(sample(after, 'luister_erasures_total', { by: 'retention' })).toBe(0);
    expect(inc('luister_smtp_answers_total', { outcome: 'accepted' })).toBe(1);
    expect(inc('luister_smtp_answers_total', { outcome: 'rejected' })).toBe(1);
    expect(sample(after, 'luister_smtp_answers_total', { outcome: 'deferred' })).toBe(0);
    expect(sample(after, 'luister_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sample(after, 'luister_nodejs_heap_size_used_bytes')).toBeGreaterThan(0);

    // No path, token, nickname, address, postcode or text anywhere in the output.
    for (const secret of [token, nickname, email, '3011', 'Metrics-marker', 'Mail-marker', 'nobody-7731', '/no/such'])
      expect(after).not.toContain(secret);
    // Every label value is one of the known, closed sets (route patterns, codes, regions, states...).
    const values = new Set([...after.matchAll(/(\w+)="([^"]*)"/g)].map((m) => `${m[1]}=${m[2]}`));
    for (const v of values)
      expect(v).toMatch(
        /^(method=[A-Z]+|route=(\/[\w/:.-]*|unmatched)|status=\d{3}|channel=(web|email)|outcome=\w+|by=(help-seeker|admin|retention)|region=[a-z][a-z0-9-]*|sla_state=(running|breached|paused|none)|status=(pending|failed|stored|quarantined)|queue=[\w-]+|state=\w+|le=[\d.+Inf]+|quantile=[\d.]+|version=[\w.]+|major=\d+|minor=\d+|patch=\d+|kind=\w+|type=[\w-]+|space=[\w_]+)$/,
      );
  });

  it('reports open cases by region and SLA state, outbox and inbound mail from the database', async () => {
    for (const postcode of ['1012 AB', '3511 AB', '3512 AB']) {
      await http()
        .post('/api/v1/questions')
        .send({ nickname: 'Sam', text: 'Een vraag over mijn situatie thuis.', postcode, country: 'NL' })
        .expect(201);
    }
    // One of the Utrecht cases breached, made so by the test's clock.
    const [c] = await t.db.ds.query(
      `SELECT c.id FROM cases c JOIN region r ON r.id = c.region_id WHERE r.code = 'utrecht' LIMIT 1`,
    );
    await t.db.ds.query(
      `UPDATE cases SET first_reply_due_at = now() - interval '1 day', next_reply_due_at = NULL WHERE id = $1`,
      [c.id],
    );
    await t.db.ds.query(
      `INSERT INTO outbox (case_id, kind, automatic, language, recipient, subject, text_body, message_id, status)
       VALUES ($1, 'reply', false, 'nl', 'x@home.example', 's', 't', '<m1@luister.example>', 'pending'),
              ($1, 'reply', false, 'nl', 'x@home.example', 's', 't', '<m2@luister.example>', 'failed')`,
      [c.id],
    );
    const rows: { region: string; state: string; n: number }[] = await t.db.ds.query(
      `SELECT r.code AS region, CASE WHEN c.inbox_due_at = 'infinity' THEN CASE WHEN c.status = 'waiting' THEN 'paused' ELSE 'none' END
                                     WHEN c.inbox_due_at < now() THEN 'breached' ELSE 'running' END AS state, count(*)::int AS n
         FROM cases c JOIN region r ON r.id = c.region_id WHERE c.status <> 'closed' GROUP BY 1, 2`,
    );
    const text = await scrape();
    for (const r of rows)
      expect(sample(text, 'luister_open_cases', { region: r.region, sla_state: r.state })).toBe(r.n);
    expect(rows.find((r) => r.region === 'utrecht' && r.state === 'breached')?.n).toBe(1);
    expect(rows.find((r) => r.region === 'utrecht' && r.state !== 'breached')?.n).toBe(1);
    const [o] = await t.db.ds.query(
      `SELECT count(*) FILTER (WHERE status = 'pending')::int AS p, count(*) FILTER (WHERE status = 'failed')::int AS f FROM outbox`,
    );
    expect(sample(text, 'luister_outbox_mails', { status: 'pending' })).toBe(o.p);
    expect(sample(text, 'luister_outbox_mails', { status: 'failed' })).toBe(o.f);
    expect(sample(text, 'luister_inbound_mails', { status: 'quarantined' })).toBe(0);
    expect(text).toContain('# TYPE luister_jobs gauge');
  });

  it('with METRICS_TOKEN set, only a scraper with the token gets the metrics', async () => {
    const locked = await startTestApp({ metricsToken: 'scrape-secret-1' });
    try {
      const h = () => request(locked.app.getHttpServer());
      await h().get('/metrics').expect(401);
      await h().get('/metrics').set('Authorization', 'Bearer wrong').expect(401);
      const ok = await h().get('/metrics').set('Authorization', 'Bearer scrape-secret-1').expect(200);
      expect(ok.text).toContain('luister_http_request_duration_seconds');
    } finally {
      await locked.close();
    }
  });
});
