import request from 'supertest';
import { InboundMailProcessor } from '../../src/mail/inbound/inbound-mail.processor';
import { InboundSmtpServer } from '../../src/mail/inbound/inbound-smtp.server';
import { startTestApp, TestApp } from '../support/app';
import { apiLogin } from '../staff/staff-login';
import { rawMailIdOf } from './support/mail-world';
import { sendRaw, simpleMail } from './support/smtp';

describe('admin inbound mail log and replay', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  const envelope = { from: 'anna@example.nl', to: ['hulp@luister.example'] };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await apiLogin(t, 'admin@luister.example');
  });
  afterAll(() => t?.close());

  const http = () => request(t.app.getHttpServer());

  async function deliver(raw: string | Buffer, process = true): Promise<string> {
    const res = await sendRaw(t.app.get(InboundSmtpServer).port, raw, envelope);
    expect(res.ok).toBe(true);
    const id = rawMailIdOf(res.response);
    if (process) await t.app.get(InboundMailProcessor).process(id);
    return id;
  }

  const countOf = async (sql: string, params: unknown[] = []) => (await t.db.ds.query(sql, params))[0].n as number;

  it('is for admins only', async () => {
    expect((await http().get('/api/v1/mail/inbound')).status).toBe(401);
    const worker = await apiLogin(t, 'worker@luister.example');
    const res = await http().get('/api/v1/mail/inbound').set(worker);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ statusCode: 403, code: 'forbidden' });
    expect(
      (await http().post('/api/v1/mail/inbound/00000000-0000-0000-0000-000000000000/replay').set(worker)).status,
    ).toBe(403);
  });

  it('finds a mail by its Message-ID, with or without angle brackets, and lists by status', async () => {
    const id = await deliver(
      simpleMail({ text: 'Ik heb een vraag over mijn schulden.', messageId: '<log-1@example.nl>' }),
    );
    const garbage = await deliver(Buffer.from('\x00\x01 not a mail at all\n\n\x02'));
    for (const q of ['<log-1@example.nl>', 'log-1@example.nl']) {
      const res = await http().get('/api/v1/mail/inbound').query({ messageId: q }).set(admin);
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0]).toMatchObject({
        id,
        messageId: '<log-1@example.nl>',
        status: 'processed',
        class: 'message',
        reason: null,
      });
      expect(res.body.items[0].caseId).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Date(res.body.items[0].receivedAt).toISOString()).toBe(res.body.items[0].receivedAt);
    }
    const q = await http().get('/api/v1/mail/inbound').query({ status: 'quarantined' }).set(admin);
    expect(q.body.items.map((i: { id: string }) => i.id)).toEqual([garbage]);
    expect(q.body.items[0]).toMatchObject({ status: 'quarantined', class: null, caseId: null });
    expect(q.body.items[0].error).toMatch(/MalformedMailError/);

    const bad = await http().get('/api/v1/mail/inbound').query({ status: 'lost' }).set(admin);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ statusCode: 400, code: 'validation_failed' });
    expect(Object.keys(bad.body.fields)).toEqual(['status']);
  });

  it('pages newest first with a cursor', async () => {
    const all = (await http().get('/api/v1/mail/inbound').query({ limit: 200 }).set(admin)).body.items as {
      id: string;
    }[];
    expect(all.length).toBeGreaterThanOrEqual(2);
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const res = await http()
        .get('/api/v1/mail/inbound')
        .query({ limit: 1, ...(after ? { after } : {}) })
        .set(admin);
      seen.push(...res.body.items.map((i: { id: string }) => i.id));
      after = res.body.next ?? undefined;
    } while (after);
    expect(seen).toEqual(all.map((i) => i.id));
  });

  it('leaves a processed mail as it is when replayed (idempotent)', async () => {
    const id = await deliver(
      simpleMail({ text: 'Tweede vraag, graag hulp.', messageId: '<replay-processed@example.nl>' }),
    );
    const before = (
      await http().get('/api/v1/mail/inbound').query({ messageId: '<replay-processed@example.nl>' }).set(admin)
    ).body.items[0];
    for (let i = 0; i < 2; i++) {
      const res = await http().post(`/api/v1/mail/inbound/${id}/replay`).set(admin);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, status: 'processed', class: 'message', caseId: before.caseId });
    }
    expect(await countOf(`SELECT count(*)::int AS n FROM mail_message WHERE raw_mail_id = $1`, [id])).toBe(1);
    expect(await countOf(`SELECT count(*)::int AS n FROM message WHERE case_id = $1`, [before.caseId])).toBe(1);
  });

  it('quarantines a mail whose processing fails, leaving no half-made case, and replays it once fixed', async () => {
    // A fault in the middle of processing (after the case was written): everything rolls back.
    await t.db.ds.query(
      `CREATE FUNCTION fail_mail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'storage fault'; END $$`,
    );
    await t.db.ds.query(
      `CREATE TRIGGER fail_mail BEFORE INSERT ON mail_message FOR EACH ROW EXECUTE FUNCTION fail_mail()`,
    );
    const cases = await countOf(`SELECT count(*)::int AS n FROM cases`);
    const id = await deliver(
      simpleMail({ text: 'Deze mail raakt eerst in quarantaine.', messageId: '<q-1@example.nl>' }),
    );
    const [row] = await t.db.ds.query(`SELECT status, error, message_id FROM raw_mail WHERE id = $1`, [id]);
    expect(row).toMatchObject({ status: 'quarantined', message_id: '<q-1@example.nl>' });
    expect(row.error).toContain('storage fault');
    expect(await countOf(`SELECT count(*)::int AS n FROM cases`)).toBe(cases);

    await t.db.ds.query(`DROP TRIGGER fail_mail ON mail_message`);
    const first = await http().post(`/api/v1/mail/inbound/${id}/replay`).set(admin);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id, status: 'processed', class: 'message', error: null });
    const second = await http().post(`/api/v1/mail/inbound/${id}/replay`).set(admin);
    expect(second.body).toMatchObject({ status: 'processed', caseId: first.body.caseId });
    expect(await countOf(`SELECT count(*)::int AS n FROM cases`)).toBe(cases + 1);
    expect(await countOf(`SELECT count(*)::int AS n FROM mail_message WHERE raw_mail_id = $1`, [id])).toBe(1);
  });

  it('leaves a mail stored (for the job to retry) when the database only has a passing problem', async () => {
    await t.db.ds.query(
      `CREATE FUNCTION deadlock_mail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'deadlock' USING ERRCODE = '40P01'; END $$`,
    );
    await t.db.ds.query(
      `CREATE TRIGGER deadlock_mail BEFORE INSERT ON mail_message FOR EACH ROW EXECUTE FUNCTION deadlock_mail()`,
    );
    const id = await deliver(
      simpleMail({ text: 'Deze mail komt later alsnog aan.', messageId: '<transient-1@example.nl>' }),
      false,
    );
    await expect(t.app.get(InboundMailProcessor).process(id)).rejects.toThrow('deadlock');
    const [row] = await t.db.ds.query(`SELECT status, error FROM raw_mail WHERE id = $1`, [id]);
    expect(row).toEqual({ status: 'stored', error: null });
    await t.db.ds.query(`DROP TRIGGER deadlock_mail ON mail_message`);
    expect((await t.app.get(InboundMailProcessor).process(id)).status).toBe('processed');
  });

  it('answers 404 for an unknown mail', async () => {
    const res = await http().post('/api/v1/mail/inbound/00000000-0000-0000-0000-000000000000/replay').set(admin);
    expect(res.status).toBe(404);
    expect((await http().post('/api/v1/mail/inbound/not-a-uuid/replay').set(admin)).status).toBe(404);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await http().get('/api/docs-json')).body;
    expect(Object.keys(doc.paths['/api/v1/mail/inbound'])).toContain('get');
    expect(Object.keys(doc.paths['/api/v1/mail/inbound/{id}/replay'])).toContain('post');
  });
});
