import request from 'supertest';
import { DataSource } from 'typeorm';
import { CasesService } from '../../src/cases/cases.service';
import { loadConfig } from '../../src/config/config';
import { InboundMailProcessor } from '../../src/mail/inbound/inbound-mail.processor';
import { InboundSmtpServer } from '../../src/mail/inbound/inbound-smtp.server';
import { OutboxService } from '../../src/mail/outbound/outbox.service';
import { RunningServer, startupBanner } from '../../src/server';
import { startTestApp, TestApp } from '../support/app';
import { apiLogin, pageLogin } from '../staff/staff-login';
import { rawMailIdOf } from './support/mail-world';
import { sendRaw, simpleMail } from './support/smtp';
import { eventually } from '../support/eventually';

const until = <T>(probe: () => Promise<T | undefined>, what: string, ms = 15_000) => eventually(what, probe, ms, 50);

describe('outbound mail without a relay (the demo): kept in the app, read by admins', () => {
  let t: TestApp;
  let ds: DataSource;
  let outbox: OutboxService;
  let admin: { Authorization: string };
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    const base = loadConfig({ NODE_ENV: 'test' }).outboundMail;
    // Background jobs on, no sweep: only the NOTIFY sent on commit can wake the sender.
    t = await startTestApp({
      jobs: { enabled: true },
      outboundMail: { ...base, relayUrl: undefined, sweepSeconds: 0 },
    });
    ds = t.app.get(DataSource);
    outbox = t.app.get(OutboxService);
    admin = await apiLogin(t, 'admin@luister.example');
  });
  afterAll(() => t?.close());

  const statusOf = async (id: string) =>
    (await ds.query(`SELECT status FROM outbox WHERE id = $1`, [id]))[0]?.status as string | undefined;

  it('wakes the sender when the enqueueing transaction commits and keeps the mail; admins read it without the case link', async () => {
    const c = await ds.transaction((m) =>
      t.app.get(CasesService).createCase(m, {
        channel: 'email',
        helpSeeker: { nickname: 'Anna', language: 'en', email: 'kept@example.nl' },
        firstMessage: { text: 'question' },
      }),
    );
    const queued = await ds.transaction((m) =>
      outbox.enqueueAcknowledgement(m, { caseId: c.caseId, caseToken: c.token }),
    );
    await until(async () => ((await statusOf(queued!.outboxId)) === 'kept' ? true : undefined), 'the mail to be kept');

    expect((await http().get('/api/v1/mail/outbound')).status).toBe(401);
    expect(
      (
        await http()
          .get('/api/v1/mail/outbound')
          .set(await apiLogin(t, 'worker@luister.example'))
      ).status,
    ).toBe(403);

    const list = await http()
      .get('/api/v1/mail/outbound')
      .query({ status: 'kept', caseId: c.caseId })
      .set(admin)
      .expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: queued!.outboxId,
        caseId: c.caseId,
        kind: 'acknowledgement',
        status: 'kept',
        messageId: queued!.messageId,
        attempts: 1,
      }),
    ]);
    expect(JSON.stringify(list.body)).not.toContain('kept@example.nl');

    const read = await http().get(`/api/v1/mail/outbound/${queued!.outboxId}`).set(admin).expect(200);
    expect(read.body).toMatchObject({ to: 'kept@example.nl', subject: 'We received your message', status: 'kept' });
    expect(read.body.text).toContain('[case link]');
    expect(JSON.stringify(read.body)).not.toContain(c.token);
    const audit = await ds.query(`SELECT action FROM audit_log WHERE case_id = $1 AND data->>'outboundMailId' = $2`, [
      c.caseId,
      queued!.outboxId,
    ]);
    expect(audit).toEqual([{ action: 'case.open' }]);

    expect(startupBanner(t.config, { app: t.app, url: 'http://localhost:3000' } as RunningServer)).toContain(
      'Outbound mail: kept in the app; admins read it at http://localhost:3000/admin/mail/outbound',
    );
    // The same in the admin pages.
    const adminPages = await pageLogin(t, 'admin@luister.example');
    expect((await adminPages.get('/admin')).text).toContain('/admin/mail/outbound');
    const listPage = await adminPages.get('/admin/mail/outbound').query({ lang: 'en' }).expect(200);
    expect(listPage.text).toContain(`/admin/mail/outbound/${queued!.outboxId}`);
    expect(listPage.text).toContain('Kept in the app');
    expect(listPage.text).not.toContain('kept@example.nl');
    const mailPage = await adminPages.get(`/admin/mail/outbound/${queued!.outboxId}`).expect(200);
    expect(mailPage.text).toContain('kept@example.nl');
    expect(mailPage.text).toContain('[case link]');
    expect(mailPage.text).not.toContain(c.token);
    const workerPages = await pageLogin(t, 'worker@luister.example');
    expect((await workerPages.get('/admin/mail/outbound')).status).toBe(403);

    expect((await http().get('/api/v1/mail/outbound/00000000-0000-0000-0000-000000000000').set(admin)).status).toBe(
      404,
    );
    expect((await http().get('/api/v1/mail/outbound').query({ status: 'lost' }).set(admin)).status).toBe(400);
  });

  it("threads a worker's reply to an e-mail help-seeker under their own latest mail; a web help-seeker gets the notification", async () => {
    const port = t.app.get(InboundSmtpServer).port;
    const envelope = { from: 'thread@example.nl', to: ['hulp@luister.example'] };
    const sent = await sendRaw(
      port,
      simpleMail({
        from: 'thread@example.nl',
        text: 'Ik heb een vraag over huur.',
        messageId: '<first-thread@example.nl>',
      }),
      envelope,
    );
    const outcome = await t.app.get(InboundMailProcessor).process(rawMailIdOf(sent.response));
    const caseId = outcome.caseId!;
    const reply = await ds.transaction((m) =>
      outbox.enqueueReply(m, { caseId, text: 'Dank je voor je mail. Uit je mail begrijp ik dat…' }),
    );
    const [row] = await ds.query(
      `SELECT kind, automatic, in_reply_to, "references", text_body, recipient FROM outbox WHERE id = $1`,
      [reply!.outboxId],
    );
    expect(row).toMatchObject({
      kind: 'reply',
      automatic: false,
      in_reply_to: '<first-thread@example.nl>',
      recipient: 'thread@example.nl',
    });
    expect(row.references).toContain('<first-thread@example.nl>');
    expect(row.text_body).toContain('Uit je mail begrijp ik dat');

    const web = await http()
      .post('/api/v1/questions')
      .send({
        nickname: 'Merel',
        text: 'Vraag via het formulier',
        language: 'nl',
        email: 'merel@example.nl',
        emailConsent: true,
      })
      .expect(201);
    const [{ id: webCase }] = await ds.query(`SELECT id FROM cases WHERE case_ref = $1`, [web.body.caseRef]);
    const note = await ds.transaction((m) => outbox.enqueueReply(m, { caseId: webCase, text: 'Het antwoord zelf' }));
    const [noteRow] = await ds.query(`SELECT kind, text_body FROM outbox WHERE id = $1`, [note!.outboxId]);
    expect(noteRow.kind).toBe('reply-notification');
    expect(noteRow.text_body).not.toContain('Het antwoord zelf');
  });
});
