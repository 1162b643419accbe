import request from 'supertest';
import { translate } from '../../src/common/i18n/i18n';
import { loadConfig } from '../../src/config/config';
import { InboundMailProcessor } from '../../src/mail/inbound/inbound-mail.processor';
import { InboundSmtpServer } from '../../src/mail/inbound/inbound-smtp.server';
import { OutboxSender } from '../../src/mail/outbound/outbox.sender';
import { startTestApp, TestApp } from '../support/app';
import { apiLogin } from '../staff/staff-login';
import { SinkMail, startSink, Sink } from './outbound-sink';
import { rawMailIdOf } from './support/mail-world';
import { sendRaw, simpleMail } from './support/smtp';

type Auth = { Authorization: string };

const SECTIONS = {
  opening: 'Hoi {{nickname}},',
  summarise: 'Uit je mail begrijp ik dat:\n- je schulden hebt bij drie bedrijven\n\nKlopt dat?',
  explore: 'Wat heb je zelf al geprobeerd? Wie in je omgeving steunt je?',
  advise:
    'Je kunt beginnen met alle post open te maken.\n\nKort samengevat: post openen.\n\nHeeft dit antwoord je geholpen?',
  closing: 'Groet,\n{{workerName}}',
};

const fromOf = (mail: SinkMail) =>
  (mail.headers.get('from') as { value: { name: string; address: string }[] }).value[0];

/**
 * Issue 16 item 4, mail: once a case is routed, the mails about it carry the answering
 * organisation's name (the From display name: its sender name, else its name; and the body's
 * first line), through a real SMTP relay. Subjects stay neutral; notifications still say nothing
 * of the case.
 */
describe('mails about a routed case carry the organisation’s name', () => {
  let t: TestApp;
  let sink: Sink;
  let sender: OutboxSender;
  let worker: Auth;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    sink = await startSink();
    const base = loadConfig({ NODE_ENV: 'test' }).outboundMail;
    t = await startTestApp({
      outboundMail: {
        ...base,
        relayUrl: sink.url,
        publicUrl: 'https://luister.test',
        retryBaseSeconds: 0,
        sweepSeconds: 0,
      },
    });
    sender = t.app.get(OutboxSender);
    worker = await apiLogin(t, 'worker@luister.example');
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });
  beforeEach(async () => {
    await sender.drain();
    sink.received.length = 0;
  });

  async function deliver(from: string, to: string, text: string): Promise<string> {
    const res = await sendRaw(t.app.get(InboundSmtpServer).port, simpleMail({ from, to, text }), {
      from: from.replace(/^.*<|>$/g, ''),
      to: [to],
    });
    expect(res.ok).toBe(true);
    const id = rawMailIdOf(res.response);
    await t.app.get(InboundMailProcessor).process(id);
    return (await t.db.ds.query(`SELECT case_id FROM raw_mail WHERE id = $1`, [id]))[0].case_id;
  }

  async function sendReply(auth: Auth, caseId: string): Promise<void> {
    const r = await http().post(`/api/v1/cases/${caseId}/replies`).set(auth).send({ sections: SECTIONS, send: true });
    expect(r.status).toBe(201);
    expect(r.body.status).toBe('sent');
  }

  it('acknowledgement and reply by mail: the organisation signs the From line and heads the body', async () => {
    const caseId = await deliver('Noor <noor@example.nl>', 'amsterdam@luister.example', 'Ik heb schulden, help.');
    await sender.drain();
    expect(sink.received).toHaveLength(1);
    const ack = sink.received[0];
    expect(fromOf(ack)).toEqual({ name: 'Welzijn Amsterdam', address: 'hulp@luister.example' });
    expect(ack.text.startsWith('Welzijn Amsterdam\n\n')).toBe(true);
    expect(ack.text).toContain('Het team van Welzijn Amsterdam');
    expect(ack.html).toContain('Welzijn Amsterdam');
    // Nothing identifying in the subject: the same neutral words for every organisation.
    expect(ack.subject).toBe(translate('nl', 'mail.ack.subject'));

    // The organisation's own sender name, once set, is the display name; the body keeps the name.
    const orgAdmin = await apiLogin(t, 'orgadmin.amsterdam@luister.example');
    await http()
      .patch('/api/v1/admin/organisations/welzijn-amsterdam')
      .set(orgAdmin)
      .send({ senderName: 'Welzijn Amsterdam – hulp per mail' })
      .expect(204);
    sink.received.length = 0;
    await sendReply(worker, caseId);
    await sender.drain();
    const reply = sink.received.find((m) => m.envelopeTo.includes('noor@example.nl'))!;
    expect(fromOf(reply)).toEqual({ name: 'Welzijn Amsterdam – hulp per mail', address: 'hulp@luister.example' });
    expect(reply.text.startsWith('Welzijn Amsterdam\n\nHoi Noor,')).toBe(true);
    expect(reply.subject).toBe(translate('nl', 'mail.reply.subject'));
    const [row] = await t.db.ds.query(`SELECT sender_name FROM outbox WHERE case_id = $1 AND kind = 'reply'`, [caseId]);
    expect(row.sender_name).toBe('Welzijn Amsterdam – hulp per mail');
    await http().patch('/api/v1/admin/organisations/welzijn-amsterdam').set(orgAdmin).send({ senderName: null });
  });

  it('the web help-seeker’s link mail and "there is an answer": the name, still no content, no topic; after a transfer the new organisation’s', async () => {
    const q = await http()
      .post('/api/v1/questions')
      .send({
        nickname: 'Vlinder',
        text: 'GEHEIM-7741 Mijn huisbaas dreigt met uitzetting.',
        postcode: '1012 AB',
        topic: 'housing',
        email: 'vlinder@example.nl',
        emailConsent: true,
      })
      .expect(201);
    const [{ id: caseId }] = await t.db.ds.query(`SELECT id FROM cases WHERE case_ref = $1`, [q.body.caseRef]);
    await sender.drain();
    const link = sink.received.find((m) => m.envelopeTo.includes('vlinder@example.nl'))!;
    expect(fromOf(link).name).toBe('Welzijn Amsterdam');
    expect(link.text.startsWith('Welzijn Amsterdam\n\n')).toBe(true);
    expect(link.subject).toBe(translate('nl', 'mail.link.subject'));

    sink.received.length = 0;
    await sendReply(worker, caseId);
    await sender.drain();
    expect(sink.received).toHaveLength(1);
    const note = sink.received[0];
    expect(note.envelopeTo).toEqual(['vlinder@example.nl']);
    expect(fromOf(note).name).toBe('Welzijn Amsterdam');
    expect(note.text.startsWith('Welzijn Amsterdam\n\n')).toBe(true);
    expect(note.html).toContain('Welzijn Amsterdam');
    expect(note.subject).toBe(translate('nl', 'mail.notification.subject'));
    const everything = [note.subject, note.text, note.html].join('\n');
    for (const hidden of ['GEHEIM', 'huisbaas', 'Vlinder', translate('nl', 'topic.housing'), 'Uit je mail'])
      expect([hidden, everything.includes(hidden)]).toEqual([hidden, false]);

    // Transferred to Gent: the next mail is CAW Oost-Vlaanderen's.
    await http()
      .post(`/api/v1/cases/${caseId}/transfer`)
      .set(worker)
      .send({ region: 'gent', reason: 'moved' })
      .expect(200);
    sink.received.length = 0;
    const gent = await apiLogin(t, 'gent@luister.example');
    await sendReply(gent, caseId);
    await sender.drain();
    expect(sink.received).toHaveLength(1);
    expect(fromOf(sink.received[0]).name).toBe('CAW Oost-Vlaanderen');
    expect(sink.received[0].text.startsWith('CAW Oost-Vlaanderen\n\n')).toBe(true);
    expect(sink.received[0].text).not.toContain('Welzijn Amsterdam');
  });

  it('after a transfer, mail about the case no longer leaves through the sending organisation’s mailbox', async () => {
    const ds = t.db.ds;
    const caseId = await deliver('Sam <sam@example.nl>', 'amsterdam@luister.example', 'Mijn vraag via jullie adres.');
    // The help-seeker wrote to Welzijn Amsterdam's own mailbox (fetched over IMAP): answers leave from it.
    const [box] = await ds.query(
      `INSERT INTO mailbox (id, address, host, port, security, username, auth, region_id, send_via, organisation_id)
       SELECT gen_random_uuid(), 'hulp@welzijn-amsterdam.example', 'imap.welzijn-amsterdam.example', 993, 'tls', 'hulp',
              'password', r.id, 'relay', r.organisation_id
         FROM region r WHERE r.code = 'amsterdam' RETURNING id`,
    );
    await ds.query(
      `INSERT INTO mailbox_message (mailbox_id, uid_validity, uid, fingerprint, raw_mail_id)
       SELECT $1, 1, 1, sha256(id::text::bytea), id FROM raw_mail WHERE case_id = $2`,
      [box.id, caseId],
    );
    await sender.drain();
    sink.received.length = 0;
    await sendReply(worker, caseId);
    await sender.drain();
    expect(fromOf(sink.received[0])).toEqual({ name: 'Welzijn Amsterdam', address: 'hulp@welzijn-amsterdam.example' });

    await http()
      .post(`/api/v1/cases/${caseId}/transfer`)
      .set(worker)
      .send({ region: 'gent', reason: 'wrong-region' })
      .expect(200);
    sink.received.length = 0;
    await sendReply(await apiLogin(t, 'gent@luister.example'), caseId);
    await sender.drain();
    expect(sink.received).toHaveLength(1);
    expect(fromOf(sink.received[0])).toEqual({ name: 'CAW Oost-Vlaanderen', address: 'hulp@luister.example' });
    expect(sink.received[0].envelopeFrom).toMatch(/^reply\+[a-z2-7]{26}@luister\.example$/);
    await ds.query(`DELETE FROM mailbox WHERE id = $1`, [box.id]);
  });

  it('staff mail about no case keeps the platform’s name', async () => {
    const mail = await t.db.ds.query(
      `INSERT INTO outbox (case_id, kind, automatic, language, recipient, subject, text_body, message_id, staff_user_id)
       SELECT NULL, 'staff-sla', true, 'nl', 'worker@luister.example', 'Luister', 'Hallo', '<s.test@luister.example>', id
         FROM staff_user WHERE email = 'worker@luister.example' RETURNING id`,
    );
    expect(mail).toHaveLength(1);
    await sender.drain();
    expect(fromOf(sink.received[0])).toEqual({ name: 'Luister', address: 'hulp@luister.example' });
  });
});
