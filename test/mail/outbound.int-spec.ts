import { DataSource } from 'typeorm';
import { dutchRegionsInOneOrganisation } from '../support/one-organisation';
import request from 'supertest';
import { CasesService } from '../../src/cases/cases.service';
import { AppSecrets } from '../../src/common/app-secrets.service';
import { translate } from '../../src/common/i18n/i18n';
import { hashToken } from '../../src/common/secrets';
import { loadConfig } from '../../src/config/config';
import { caseIdFromMessageId, replyTokenFromAddress } from '../../src/mail/mail-identity';
import { OutboxSender } from '../../src/mail/outbound/outbox.sender';
import { OutboxService } from '../../src/mail/outbound/outbox.service';
import { InboundMailProcessor } from '../../src/mail/inbound/inbound-mail.processor';
import { InboundSmtpServer } from '../../src/mail/inbound/inbound-smtp.server';
import { startTestApp, TestApp } from '../support/app';
import { pageLogin } from '../staff/staff-login';
import { SinkMail, startSink, Sink } from './outbound-sink';
import { rawMailIdOf } from './support/mail-world';
import { sendRaw, simpleMail } from './support/smtp';

const header = (mail: SinkMail, name: string): string => {
  const v = mail.headers.get(name);
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.join(' ');
  return (v as { text?: string; value?: unknown }).text ?? String((v as { value?: unknown }).value ?? v);
};

describe('outbound mail through the outbox into a real SMTP relay', () => {
  let t: TestApp;
  let sink: Sink;
  let answer: (n: number, mail: SinkMail) => number = () => 250;
  let ds: DataSource;
  let outbox: OutboxService;
  let sender: OutboxSender;
  let secret: string;
  let seq = 0;

  beforeAll(async () => {
    sink = await startSink({ answer: (n, m) => answer(n, m) });
    const base = loadConfig({ NODE_ENV: 'test' }).outboundMail;
    t = await startTestApp({
      outboundMail: {
        ...base,
        relayUrl: sink.url,
        publicUrl: 'https://luister.test',
        retryBaseSeconds: 0,
        maxAttempts: 3,
        sweepSeconds: 0,
      },
    });
    await dutchRegionsInOneOrganisation(t.db.ds);
    ds = t.app.get(DataSource);
    outbox = t.app.get(OutboxService);
    sender = t.app.get(OutboxSender);
    secret = t.app.get(AppSecrets).get('message-id');
  });

  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  beforeEach(async () => {
    answer = () => 250;
    await sender.drain();
    sink.received.length = 0;
  });

  async function emailCase(email = `schrijver${++seq}@example.nl`, language: 'nl' | 'en' = 'nl') {
    return ds.transaction((m) =>
      t.app.get(CasesService).createCase(m, {
        channel: 'email',
        helpSeeker: { nickname: 'Anna', language, email },
        firstMessage: { text: 'Ik heb schulden en weet niet meer wat ik moet doen' },
      }),
    );
  }

  async function acknowledge(c: { caseId: string; token: string }, inReplyTo = '<first@example.nl>') {
    return ds.transaction((m) => outbox.enqueueAcknowledgement(m, { caseId: c.caseId, caseToken: c.token, inReplyTo }));
  }

  async function row(id: string) {
    const [r] = await ds.query(`SELECT * FROM outbox WHERE id = $1`, [id]);
    return r;
  }

  it('sends the acknowledgement with our signed Message-ID, thread, reply token, loop and auto-reply headers, the case link and crisis lines', async () => {
    const c = await emailCase(undefined, 'nl');
    const queued = await acknowledge(c);
    expect(queued).not.toBeNull();

    // At rest the case link's token is never in the clear.
    const waiting = await row(queued!.outboxId);
    expect(waiting.status).toBe('pending');
    expect(waiting.text_body).not.toContain(c.token);
    expect(waiting.html_body).not.toContain(c.token);
    expect(Buffer.from(waiting.sealed_link).toString('latin1')).not.toContain(c.token);

    await sender.drain();
    expect(sink.received).toHaveLength(1);
    const mail = sink.received[0];

    expect(mail.messageId).toBe(queued!.messageId);
    expect(caseIdFromMessageId(secret, t.config.mailDomain, mail.messageId)).toBe(c.caseId);
    expect(header(mail, 'in-reply-to')).toBe('<first@example.nl>');
    expect(header(mail, 'references')).toContain('<first@example.nl>');
    expect(header(mail, 'x-loop')).toBe(`hulp@${t.config.mailDomain}`);
    expect(header(mail, 'auto-submitted')).toBe('auto-replied');
    expect(header(mail, 'x-auto-response-suppress')).toBe('All');
    expect(header(mail, 'subject')).toBe(translate('nl', 'mail.ack.subject'));

    // The reply address's token maps to the case; bounces (envelope sender) come back to it too.
    const replyTo = header(mail, 'reply-to');
    const token = replyTokenFromAddress(replyTo.replace(/^.*<|>.*$/g, ''), t.config.mailDomain);
    expect(token).toBeDefined();
    const [mapped] = await ds.query(`SELECT case_id FROM reply_token WHERE token_hash = $1`, [hashToken(token!)]);
    expect(mapped.case_id).toBe(c.caseId);
    expect(mail.envelopeFrom).toBe(`reply+${token}@${t.config.mailDomain}`);
    expect(mail.envelopeTo).toEqual([
      (
        await ds.query(`SELECT h.email FROM cases c JOIN help_seeker h ON h.id = c.help_seeker_id WHERE c.id = $1`, [
          c.caseId,
        ])
      )[0].email,
    ]);

    // The link opens this case; crisis lines are there; the help-seeker's words are not.
    expect(mail.text).toContain(`https://luister.test/c/${c.token}`);
    expect(mail.html).toContain(`https://luister.test/c/${c.token}`);
    for (const number of ['113', '0800-0113', '1813']) expect(mail.text).toContain(number);
    expect(mail.text).not.toMatch(/schulden/);
    const [opened] = await ds.query(`SELECT id FROM cases WHERE access_token_hash = $1`, [hashToken(c.token)]);
    expect(opened.id).toBe(c.caseId);

    const done = await row(queued!.outboxId);
    expect(done.status).toBe('sent');
    expect(done.sealed_link).toBeNull();
    const events = await ds.query(`SELECT type, data FROM case_event WHERE case_id = $1 AND type LIKE 'email.%'`, [
      c.caseId,
    ]);
    expect(events).toEqual([
      { type: 'email.sent', data: { outboxId: queued!.outboxId, kind: 'acknowledgement', delivery: 'sent' } },
    ]);
  });

  it('round trip: a mail to us is acknowledged, the answer to the acknowledgement joins the case, our mail echoed back is a loop', async () => {
    const port = t.app.get(InboundSmtpServer).port;
    const processor = t.app.get(InboundMailProcessor);
    const deliver = async (raw: string, to: string, from = 'rondje@example.nl') => {
      const res = await sendRaw(port, raw, { from, to: [to] });
      expect(res.ok).toBe(true);
      return processor.process(rawMailIdOf(res.response));
    };
    const first = await deliver(
      simpleMail({
        from: 'rondje@example.nl',
        text: 'Ik weet niet meer wat ik moet doen.',
        messageId: '<rondje-1@example.nl>',
      }),
      `hulp@${t.config.mailDomain}`,
    );
    expect(first.class).toBe('message');
    await sender.drain();
    expect(sink.received).toHaveLength(1);
    const ack = sink.received[0];
    expect(header(ack, 'in-reply-to')).toBe('<rondje-1@example.nl>');
    expect(caseIdFromMessageId(secret, t.config.mailDomain, ack.messageId)).toBe(first.caseId);

    // The help-seeker answers the acknowledgement: same case, and no second acknowledgement.
    const replyTo = header(ack, 'reply-to').replace(/^.*<|>.*$/g, '');
    const answer = await deliver(
      simpleMail({
        from: 'rondje@example.nl',
        to: replyTo,
        text: 'Nog een vraag.',
        headers: [`In-Reply-To: ${ack.messageId}`, `References: <rondje-1@example.nl> ${ack.messageId}`],
      }),
      replyTo,
    );
    expect(answer).toMatchObject({ class: 'message', caseId: first.caseId });

    // Our own mail coming back (a forwarding loop) is recognised and never answered.
    const echo = await deliver(ack.raw, `hulp@${t.config.mailDomain}`, 'forwarder@example.nl');
    expect(['loop', 'auto-reply']).toContain(echo.class);
    await sender.drain();
    expect(sink.received).toHaveLength(1);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE case_id = $1`, [first.caseId]);
    expect(n).toBe(1);
  });

  it('acknowledges one sender at most once per throttle period, however many cases they start', async () => {
    const email = `storm${++seq}@example.nl`;
    const first = await acknowledge(await emailCase(email));
    const second = await acknowledge(await emailCase(email.toUpperCase()));
    const other = await acknowledge(await emailCase());
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    expect(other).not.toBeNull();
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM outbox WHERE kind = 'acknowledgement' AND lower(recipient) = $1`,
      [email],
    );
    expect(n).toBe(1);

    // Ten mails from one address processed at once still give one acknowledgement.
    const burst = `burst${++seq}@example.nl`;
    const cases = await Promise.all(Array.from({ length: 10 }, () => emailCase(burst)));
    const results = await Promise.all(cases.map((c) => acknowledge(c)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('sends web help-seekers a content-free notification: neutral subject, no text, topic, nickname or link', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/api/v1/questions')
      .send({
        nickname: 'Zonnebloem',
        text: 'Mijn vriend slaat me en ik durf niet naar huis',
        topic: 'violence',
        language: 'en',
        email: 'web@example.nl',
        emailConsent: true,
      })
      .expect(201);
    const [{ id: caseId }] = await ds.query(`SELECT id FROM cases WHERE case_ref = $1`, [res.body.caseRef]);
    const queued = await ds.transaction((m) => outbox.enqueueReplyNotification(m, { caseId }));
    expect(queued).not.toBeNull();
    await sender.drain();

    // First the link mail the help-seeker asked for (their own link, nothing else), then the notification.
    expect(sink.received).toHaveLength(2);
    const linkMail = sink.received[0];
    expect(linkMail.subject).toBe(translate('en', 'mail.link.subject'));
    expect(linkMail.text).toContain(`https://luister.test/c/${res.body.token}`);
    for (const secretThing of ['Zonnebloem', 'slaat', 'vriend', 'violence', res.body.caseRef])
      expect(`${linkMail.raw}\n${linkMail.text}`).not.toContain(secretThing);
    const mail = sink.received[1];
    expect(mail.subject).toBe(translate('en', 'mail.notification.subject'));
    expect(mail.text).toContain(translate('en', 'mail.notification.text'));
    const everything = `${mail.raw}\n${mail.text}\n${mail.html}`;
    for (const secretThing of [
      'Zonnebloem',
      'slaat',
      'vriend',
      'violence',
      translate('en', 'topic.violence'),
      res.body.caseRef,
      res.body.token,
      '/c/',
    ]) {
      expect(everything).not.toContain(secretThing);
    }
    expect(header(mail, 'auto-submitted')).toBe('auto-replied');
    expect(caseIdFromMessageId(secret, t.config.mailDomain, mail.messageId)).toBe(caseId);
  });

  it('retries a mail the relay defers (4xx) with the same Message-ID until it is taken', async () => {
    answer = (n) => (n < 2 ? 451 : 250);
    const queued = await acknowledge(await emailCase());
    await sender.drain();
    expect(sink.received.map((m) => m.answer)).toEqual([451, 451, 250]);
    expect(new Set(sink.received.map((m) => m.messageId))).toEqual(new Set([queued!.messageId]));
    const r = await row(queued!.outboxId);
    expect(r.status).toBe('sent');
    expect(r.attempts).toBe(3);
  });

  it('waits out the backoff between tries', async () => {
    answer = () => 451;
    const queued = await acknowledge(await emailCase());
    await sender.sendBatch();
    await ds.query(`UPDATE outbox SET next_attempt_at = now() + interval '1 hour' WHERE id = $1`, [queued!.outboxId]);
    const r = await sender.sendBatch();
    expect(r).toEqual({ sent: 0, kept: 0, retrying: 0, failed: 0 });
    expect(sink.received).toHaveLength(1);
    expect((await row(queued!.outboxId)).last_error).toBe('smtp 451');
    await ds.query(`UPDATE outbox SET status = 'failed' WHERE id = $1`, [queued!.outboxId]);
  });

  it('gives up after maxAttempts deferrals and shows the failure on the case', async () => {
    answer = () => 451;
    const c = await emailCase();
    const queued = await acknowledge(c);
    await sender.drain();
    expect(sink.received).toHaveLength(3);
    const r = await row(queued!.outboxId);
    expect(r).toMatchObject({ status: 'failed', attempts: 3, last_error: 'smtp 451', sealed_link: null });
    const events = await ds.query(`SELECT type, data FROM case_event WHERE case_id = $1 AND type LIKE 'email.%'`, [
      c.caseId,
    ]);
    expect(events).toEqual([
      {
        type: 'email.failed',
        data: { outboxId: queued!.outboxId, kind: 'acknowledgement', attempts: 3, reason: 'smtp 451' },
      },
    ]);
    expect(await outbox.deliveries(c.caseId)).toEqual([
      expect.objectContaining({ kind: 'acknowledgement', status: 'failed', attempts: 3, lastError: 'smtp 451' }),
    ]);
    // The worker sees it on the case page's timeline.
    const agent = await pageLogin(t, 'worker@luister.example');
    const page = await agent.get(`/cases/${c.caseId}`).expect(200);
    expect(page.text).toContain(translate('nl', 'caseEvent.email.failed'));
  });

  it('gives up at once when the relay refuses for good (5xx)', async () => {
    answer = () => 550;
    const queued = await acknowledge(await emailCase());
    await sender.drain();
    expect(sink.received).toHaveLength(1);
    expect(await row(queued!.outboxId)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'smtp 550' });
  });

  it('sends each mail once when several senders (instances) drain the same outbox at once', async () => {
    const c = await emailCase();
    const ids = await ds.transaction(async (m) => {
      const out: string[] = [];
      for (let i = 0; i < 60; i++) {
        out.push(
          (
            await outbox.enqueue(m, {
              caseId: c.caseId,
              kind: 'reply',
              automatic: false,
              language: 'nl',
              to: 'anna@example.nl',
              subject: 's',
              text: `t ${i}`,
            })
          ).messageId,
        );
      }
      return out;
    });
    const others = [1, 2].map(() => new OutboxSender(t.config, ds, t.app.get(AppSecrets)));
    await Promise.all([sender.drain(), ...others.map((o) => o.drain())]);
    await Promise.all(others.map((o) => o.onApplicationShutdown()));
    expect(sink.received.map((m) => m.messageId).sort()).toEqual([...ids].sort());
  });

  it('queues nothing when the transaction that caused the mail rolls back', async () => {
    const c = await emailCase();
    await expect(
      ds.transaction(async (m) => {
        await outbox.enqueueAcknowledgement(m, { caseId: c.caseId, caseToken: c.token });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE case_id = $1`, [c.caseId]);
    expect(n).toBe(0);
  });

  it('never mails an address that bounced, or a help-seeker who gave none', async () => {
    const c = await emailCase();
    await ds.query(`UPDATE cases SET email_undeliverable_at = now() WHERE id = $1`, [c.caseId]);
    expect(await acknowledge(c)).toBeNull();
    const web = await ds.transaction((m) =>
      t.app.get(CasesService).createCase(m, {
        channel: 'web',
        helpSeeker: { nickname: 'Geen', language: 'nl' },
        firstMessage: { text: 'x' },
      }),
    );
    expect(await ds.transaction((m) => outbox.enqueueReplyNotification(m, { caseId: web.caseId }))).toBeNull();
  });

  it('never logs addresses, subjects, bodies or tokens', async () => {
    const email = `geheim${++seq}@example.nl`;
    const c = await emailCase(email);
    answer = () => 550;
    await acknowledge(c);
    await sender.drain();
    const logs = t.logLines.join('\n');
    expect(logs).toContain(c.caseId);
    for (const s of [email, c.token, translate('nl', 'mail.ack.subject'), 'reply+']) expect(logs).not.toContain(s);
  });
});
