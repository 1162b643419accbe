import request from 'supertest';
import { InboundMailProcessor } from '../../src/mail/inbound/inbound-mail.processor';
import { InboundSmtpServer } from '../../src/mail/inbound/inbound-smtp.server';
import { csrfFrom, startTestApp, TestApp } from '../support/app';
import { dutchRegionsInOneOrganisation } from '../support/one-organisation';
import { apiLogin, pageLogin } from '../staff/staff-login';
import { rawMailIdOf } from './support/mail-world';
import { sendRaw, simpleMail } from './support/smtp';

/** Bulk mail: stored without a case or acknowledgement, listed per region, one click makes it a case. */
describe('bulk mail to case', () => {
  let t: TestApp;
  let worker: { Authorization: string };
  let gent: { Authorization: string };
  let admin: { Authorization: string };
  beforeAll(async () => {
    t = await startTestApp();
    await dutchRegionsInOneOrganisation(t.db.ds);
    [worker, gent, admin] = await Promise.all([
      apiLogin(t, 'worker@luister.example'),
      apiLogin(t, 'gent@luister.example'),
      apiLogin(t, 'admin@luister.example'),
    ]);
  });
  afterAll(() => t?.close());

  const http = () => request(t.app.getHttpServer());
  const count = async (sql: string, params: unknown[] = []) => (await t.db.ds.query(sql, params))[0].n as number;

  /** A person's question sent through a newsletter tool: recognised as bulk by its Feedback-ID. */
  async function deliverBulk(n: number, to = 'hulp@luister.example'): Promise<string> {
    const raw = simpleMail({
      from: `Buurthuis <info${n}@buurthuis.example.nl>`,
      to,
      subject: `Vraag van een bewoner ${n}`,
      text: `Ik durf het niet te vragen, maar kan ik bij jullie terecht met mijn schulden? (${n})`,
      headers: ['Feedback-ID: 1.eu-west-1.abc=:AmazonSES'],
    });
    const res = await sendRaw(t.app.get(InboundSmtpServer).port, raw, {
      from: `info${n}@buurthuis.example.nl`,
      to: [to],
    });
    const id = rawMailIdOf(res.response);
    await t.app.get(InboundMailProcessor).process(id);
    return id;
  }

  it('stores bulk mail with kind bulk, no case and no acknowledgement, and shows the kind to admins', async () => {
    const cases = await count(`SELECT count(*)::int AS n FROM cases`);
    const outbox = await count(`SELECT count(*)::int AS n FROM outbox`);
    const id = await deliverBulk(1);
    expect(await count(`SELECT count(*)::int AS n FROM cases`)).toBe(cases);
    expect(await count(`SELECT count(*)::int AS n FROM outbox`)).toBe(outbox);
    const res = await http().get('/api/v1/mail/inbound').query({ status: 'processed' }).set(admin);
    expect(res.body.items.find((i: { id: string }) => i.id === id)).toMatchObject({
      class: 'auto-reply',
      kind: 'bulk',
      reason: 'feedback-id',
      caseId: null,
    });
  });

  it('lists bulk mail to the workers of its region only, with sender and subject', async () => {
    const id = await deliverBulk(2);
    const gentId = await deliverBulk(3, 'gent@luister.example');
    const mine = await http().get('/api/v1/mail/bulk').set(worker);
    expect(mine.status).toBe(200);
    const ids = mine.body.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(id);
    expect(ids).not.toContain(gentId);
    expect(mine.body.items.find((i: { id: string }) => i.id === id)).toMatchObject({
      regionCode: 'landelijk',
      fromAddress: 'info2@buurthuis.example.nl',
      fromName: 'Buurthuis',
      subject: 'Vraag van een bewoner 2',
      reason: 'feedback-id',
    });
    const theirs = await http().get('/api/v1/mail/bulk').set(gent);
    expect(theirs.body.items.map((i: { id: string }) => i.id)).toEqual([gentId]);
    const all = await http().get('/api/v1/mail/bulk').set(admin);
    expect(all.body.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([id, gentId]));
    // Keyset pages: one at a time, no repeats.
    const first = await http().get('/api/v1/mail/bulk').query({ limit: 1 }).set(admin);
    const second = await http().get('/api/v1/mail/bulk').query({ limit: 1, after: first.body.next }).set(admin);
    expect(first.body.items[0].id).not.toBe(second.body.items[0].id);
    expect((await http().get('/api/v1/mail/bulk').query({ limit: 0 }).set(admin)).body).toMatchObject({
      statusCode: 400,
      fields: { limit: expect.any(Array) },
    });
  });

  it('is for workers and up', async () => {
    expect((await http().get('/api/v1/mail/bulk')).status).toBe(401);
    const trainee = await apiLogin(t, 'trainee@luister.example');
    expect((await http().get('/api/v1/mail/bulk').set(trainee)).status).toBe(403);
  });

  it('turns a bulk mail into a case with one call: the new text, no acknowledgement, audited, once', async () => {
    const id = await deliverBulk(4);
    const outbox = await count(`SELECT count(*)::int AS n FROM outbox`);
    // Another region's worker does not even see it.
    expect((await http().post(`/api/v1/mail/bulk/${id}/case`).set(gent)).status).toBe(404);
    const res = await http().post(`/api/v1/mail/bulk/${id}/case`).set(worker);
    expect(res.status).toBe(201);
    const caseId = res.body.caseId as string;
    const [msg] = await t.db.ds.query(
      `SELECT m.body_text, c.channel, r.code FROM message m JOIN cases c ON c.id = m.case_id JOIN region r ON r.id = c.region_id WHERE m.case_id = $1`,
      [caseId],
    );
    expect(msg).toEqual({
      body_text: 'Ik durf het niet te vragen, maar kan ik bij jullie terecht met mijn schulden? (4)',
      channel: 'email',
      code: 'landelijk',
    });
    expect(await count(`SELECT count(*)::int AS n FROM outbox`)).toBe(outbox);
    const [raw] = await t.db.ds.query(`SELECT class, kind, reason, case_id FROM raw_mail WHERE id = $1`, [id]);
    expect(raw).toEqual({ class: 'message', kind: 'message', reason: 'bulk-converted', case_id: caseId });
    expect(
      await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'mail.convert' AND case_id = $1`, [caseId]),
    ).toBe(1);
    const again = await http().post(`/api/v1/mail/bulk/${id}/case`).set(admin);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'mail_not_bulk' });
    expect((await http().post(`/api/v1/mail/bulk/not-a-uuid/case`).set(admin)).status).toBe(404);
    // Retention erased an old one's bytes: it leaves the list and cannot be converted.
    const old = await deliverBulk(7);
    await t.db.ds.query(`UPDATE raw_mail SET bytes = '\\x'::bytea, bytes_erased_at = now() WHERE id = $1`, [old]);
    expect(
      (await http().get('/api/v1/mail/bulk').set(admin)).body.items.map((i: { id: string }) => i.id),
    ).not.toContain(old);
    expect((await http().post(`/api/v1/mail/bulk/${old}/case`).set(admin)).status).toBe(409);
    // Gone from the list.
    const list = await http().get('/api/v1/mail/bulk').set(worker);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
  });

  it('has a page with a button per mail (CSRF-protected) that opens the new case', async () => {
    const id = await deliverBulk(5);
    const agent = await pageLogin(t, 'worker@luister.example');
    const page = await agent.get('/mail/bulk');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Vraag van een bewoner 5');
    expect(page.text).toContain(`action="/mail/bulk/${id}/case"`);
    expect(page.text).toContain('href="/mail/bulk"');
    expect((await agent.post(`/mail/bulk/${id}/case`).type('form').send({})).status).toBe(403);
    const res = await agent
      .post(`/mail/bulk/${id}/case`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(303);
    const [raw] = await t.db.ds.query(`SELECT case_id FROM raw_mail WHERE id = $1`, [id]);
    expect(res.headers.location).toBe(`/cases/${raw.case_id}`);
    // The admins' mail log offers the same button on bulk rows.
    const other = await deliverBulk(6);
    const adminAgent = await pageLogin(t, 'admin@luister.example');
    const log = await adminAgent.get('/admin/mail/inbound');
    expect(log.text).toContain(`action="/mail/bulk/${other}/case"`);
    expect(log.text).toContain('Bulk');
  });
});
