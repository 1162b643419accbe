import * as fs from 'node:fs';
import * as path from 'node:path';
import { InboundMailProcessor } from '../../src/mail/inbound/inbound-mail.processor';
import { InboundSmtpServer } from '../../src/mail/inbound/inbound-smtp.server';
import { startTestApp, TestApp } from '../support/app';
import { emailCase, MailCase, rawMailIdOf } from './support/mail-world';
import { sendRaw } from './support/smtp';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'mail');

type CaseExpectation = 'thread' | 'closed' | 'new' | 'none' | `region:${string}`;

interface Fixture {
  file: string;
  class: 'message' | 'auto-reply' | 'bounce' | 'loop' | 'duplicate' | 'quarantined';
  reason?: string;
  case: CaseExpectation;
  /** The extracted new text (message.body_text), exactly. */
  text?: string;
  /** Parts of the full text that must be there (the quoted history stays available). */
  fullText?: string[];
  subject?: string | null;
  nickname?: string;
  language?: 'nl' | 'en';
  html?: { contains?: string[]; absent?: string[] };
  attachments?: { contentType: string; filename: string | null; inline: boolean }[];
  /** Envelope sender; default: the From header's address. */
  mailFrom?: string;
  /** The case's help-seeker address is marked undeliverable (bounces). */
  undeliverable?: boolean;
}

const TABLE: Fixture[] = [
  // Charsets, transfer encodings, RFC 2047
  {
    file: 'plain-utf8.eml',
    class: 'message',
    case: 'new',
    text: 'Ik heb €250 schuld bij de zorgverzekeraar en één brief van de deurwaarder gekregen. Wat nu?',
    nickname: 'Anna',
    subject: 'Vraag',
  },
  {
    file: 'latin1-quoted-printable.eml',
    class: 'message',
    case: 'new',
    text: 'Het is één grote chaos thuis. Mijn moeder zegt dat ik té veel vraag.',
  },
  {
    file: 'windows-1252-8bit.eml',
    class: 'message',
    case: 'new',
    text: '„Ik weet het niet meer,” zei ik. Het kost me €40 per week – en dat heb ik niet.',
  },
  {
    file: 'base64-utf8.eml',
    class: 'message',
    case: 'new',
    text: 'Mijn zoon (14) wil niet meer naar school. Hij zegt dat hij gepest wordt. Wat kan ik doen?',
  },
  {
    // NUL bytes in a header, the body and a file name (issue 21 item 6): the text is cleaned.
    file: 'nul-bytes.eml',
    class: 'message',
    case: 'new',
    text: 'Mijn huisbaas wil de huur verhogen met €90. Mag dat zomaar?',
    subject: 'Vraag over mijn huur',
    nickname: 'Bram',
    attachments: [{ contentType: 'text/plain', filename: 'brief.txt', inline: false }],
  },
  {
    file: 'rfc2047-headers.eml',
    class: 'message',
    case: 'new',
    text: 'Ik kan niet meer slapen van de zorgen.',
    subject: 'Hulp bij ruïne',
    nickname: 'Zoë',
  },
  // HTML, attachments, inline images
  {
    file: 'html-only.eml',
    class: 'message',
    case: 'new',
    text: 'Ik durf het niemand te vertellen.\n\nMijn vriend slaat me soms.',
    html: { contains: ['<b>niemand</b>'], absent: ['<script', 'alert', 'onload', 'tracker.example', '<style'] },
  },
  {
    file: 'multipart-alternative.eml',
    class: 'message',
    case: 'new',
    text: 'Ik zoek hulp bij mijn budget.',
    html: { contains: ['<i>budget</i>'] },
  },
  {
    file: 'attachment-pdf.eml',
    class: 'message',
    case: 'new',
    text: 'Hierbij de brief van de woningcorporatie.',
    attachments: [{ contentType: 'application/pdf', filename: 'brief.pdf', inline: false }],
  },
  {
    file: 'inline-image.eml',
    class: 'message',
    case: 'new',
    text: 'Dit is de foto van de schimmel in mijn huis:',
    html: { contains: ['src="cid:foto1@example.nl"'] },
    attachments: [{ contentType: 'image/png', filename: 'foto.png', inline: true }],
  },
  // Reply styles: threaded by reply token or by our signed Message-ID, history folded away
  {
    file: 'outlook-reply-nl.eml',
    class: 'message',
    case: 'thread',
    text: 'Ja, dat klopt. Ik heb het al aan mijn moeder verteld.',
    fullText: ['Uit je mail begrijp ik'],
  },
  {
    file: 'outlook-reply-en.eml',
    class: 'message',
    case: 'thread',
    text: 'Yes, that is right.',
    fullText: ['-----Original Message-----'],
  },
  {
    file: 'gmail-reply-nl.eml',
    class: 'message',
    case: 'thread',
    text: 'Dank je wel, ik ga morgen bellen.',
    fullText: ['> Heb je al contact'],
  },
  { file: 'gmail-reply-en-wrapped.eml', class: 'message', case: 'thread', text: 'I called them, they will help me.' },
  { file: 'gmail-html-reply.eml', class: 'message', case: 'thread', text: 'Ik heb de brief gevonden.' },
  { file: 'apple-mail-reply-nl.eml', class: 'message', case: 'thread', text: 'Het gaat iets beter.' },
  { file: 'apple-mail-reply-en.eml', class: 'message', case: 'thread', text: 'Much better, thank you.' },
  { file: 'outlook-mobile-reply.eml', class: 'message', case: 'thread', text: 'Oké, ik kom langs.' },
  { file: 'inline-quoted-answers.eml', class: 'message', case: 'thread', text: '17\nJa, bij mijn moeder.' },
  {
    file: 'follow-up-closed-case.eml',
    class: 'message',
    case: 'closed',
    text: 'Ik ben er weer. Het is toch niet opgelost.',
  },
  // Never threaded: a forged Message-ID, or our real one from someone who is not the case's help-seeker
  { file: 'forged-message-id.eml', class: 'message', case: 'new', text: 'Ik wil de mail van iemand anders lezen.' },
  {
    file: 'stranger-references.eml',
    class: 'message',
    case: 'new',
    text: 'Iemand stuurde me deze mail door; ik heb zelf ook een vraag.',
  },
  // Phones and signatures on new mail
  {
    file: 'iphone-new-mail.eml',
    class: 'message',
    case: 'new',
    text: 'Mag ik anoniem blijven als ik mijn verhaal vertel?',
    fullText: ['Verstuurd vanaf mijn iPhone'],
  },
  { file: 'samsung-new-mail.eml', class: 'message', case: 'new', text: 'Ik weet niet bij wie ik terecht kan.' },
  { file: 'signature-dashes.eml', class: 'message', case: 'new', text: 'Hoe vraag ik bijzondere bijstand aan?' },
  {
    file: 'english-question.eml',
    class: 'message',
    case: 'new',
    language: 'en',
    nickname: 'Sam',
    text: 'Hi, I have a question about my rent. I do not know what to do with the landlord and I am scared.',
  },
  {
    file: 'display-name-is-address.eml',
    class: 'message',
    case: 'new',
    nickname: 'E-mail',
    text: 'Ik schrijf liever zonder naam.',
  },
  {
    file: 'region-address.eml',
    class: 'message',
    case: 'region:gent',
    text: 'Ik woon in Gent en zoek iemand om mee te praten.',
  },
  // Auto-replies: recorded, no case, never answered
  { file: 'autoreply-outlook-nl-subject.eml', class: 'auto-reply', reason: 'out-of-office-subject', case: 'none' },
  { file: 'autoreply-rfc3834-en.eml', class: 'auto-reply', reason: 'auto-submitted', case: 'none', mailFrom: '' },
  { file: 'autoreply-afwezig-x-autoreply.eml', class: 'auto-reply', reason: 'x-autoreply', case: 'none' },
  { file: 'autoreply-x-autorespond.eml', class: 'auto-reply', reason: 'x-autorespond', case: 'none' },
  { file: 'bulk-newsletter.eml', class: 'auto-reply', reason: 'precedence-bulk', case: 'none' },
  { file: 'mailing-list.eml', class: 'auto-reply', reason: 'list', case: 'none' },
  // Bounces: the case's address is marked undeliverable
  {
    file: 'bounce-dsn.eml',
    class: 'bounce',
    reason: 'delivery-status-report',
    case: 'thread',
    mailFrom: '',
    undeliverable: true,
  },
  {
    file: 'bounce-mailer-daemon-plain.eml',
    class: 'bounce',
    reason: 'mailer-daemon-sender',
    case: 'thread',
    mailFrom: '',
    undeliverable: true,
  },
  { file: 'bounce-null-return-path.eml', class: 'bounce', reason: 'bounce-subject', case: 'none', mailFrom: '' },
  // Loops
  { file: 'loop-x-loop.eml', class: 'loop', reason: 'x-loop', case: 'none' },
  { file: 'loop-own-sender.eml', class: 'loop', reason: 'own-sender', case: 'none' },
  // Missing headers, malformed
  {
    file: 'no-message-id-no-subject.eml',
    class: 'message',
    case: 'new',
    text: 'Zonder onderwerp: kan iemand me helpen?',
    subject: null,
  },
  { file: 'malformed-mime.eml', class: 'message', case: 'new', fullText: ['Tweede deel met een onbekende tekenset.'] },
  { file: 'malformed-garbage.eml', class: 'quarantined', case: 'none', mailFrom: 'someone@example.nl' },
];

describe('inbound mail fixtures over real SMTP', () => {
  let t: TestApp;
  let port: number;
  let thread: MailCase;
  let closed: MailCase;
  let forged: string;

  beforeAll(async () => {
    t = await startTestApp();
    port = t.app.get(InboundSmtpServer).port;
    thread = await emailCase(t, 'anna@example.nl');
    closed = await emailCase(t, 'piet@example.nl', 'closed');
    // Our format, the thread case's id, a made-up signature.
    forged = thread.messageId.replace(/\.[A-Za-z0-9_-]{16}@/, '.AAAAAAAAAAAAAAAA@');
  });
  afterAll(() => t?.close());

  function load(file: string): Buffer {
    const text = fs.readFileSync(path.join(FIXTURES, file)).toString('latin1');
    return Buffer.from(
      text
        .replace(/\{\{TOKEN\}\}/g, thread.token)
        .replace(/\{\{CLOSED_TOKEN\}\}/g, closed.token)
        .replace(/\{\{MSGID\}\}/g, thread.messageId)
        .replace(/\{\{FORGED_MSGID\}\}/g, forged),
      'latin1',
    );
  }

  function envelopeOf(raw: Buffer, f: Fixture): { from: string; to: string[] } {
    const head = raw.toString('latin1').split(/\r?\n\r?\n/)[0];
    const to = /^To:.*?([^\s<>]+@[^\s<>]+)/m.exec(head)?.[1] ?? 'hulp@luister.example';
    const from = f.mailFrom ?? /^From:.*?([^\s<>"]+@[^\s<>"]+)>?\s*$/m.exec(head)?.[1] ?? '';
    return { from, to: [to] };
  }

  async function deliver(raw: Buffer, f: Fixture): Promise<string> {
    const res = await sendRaw(port, raw, envelopeOf(raw, f));
    expect(res.ok).toBe(true);
    const id = rawMailIdOf(res.response);
    await t.app.get(InboundMailProcessor).process(id);
    return id;
  }

  it('covers every fixture file in the table (at least 30)', () => {
    const files = fs
      .readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.eml'))
      .sort();
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(files).toEqual([...new Set([...TABLE.map((f) => f.file), 'duplicate.eml'])].sort());
  });

  it.each(TABLE.map((f) => [f.file, f] as const))('%s', async (_file, f) => {
    const casesBefore: number = (await t.db.ds.query(`SELECT count(*)::int AS n FROM cases`))[0].n;
    const id = await deliver(load(f.file), f);
    const [raw] = await t.db.ds.query(`SELECT status, class, reason, case_id, error FROM raw_mail WHERE id = $1`, [id]);
    const casesAfter: number = (await t.db.ds.query(`SELECT count(*)::int AS n FROM cases`))[0].n;

    if (f.class === 'quarantined') {
      expect(raw).toMatchObject({ status: 'quarantined', class: null, case_id: null });
      expect(raw.error).toMatch(/MalformedMailError/);
      expect(casesAfter).toBe(casesBefore);
      return;
    }
    expect({ status: raw.status, class: raw.class }).toEqual({ status: 'processed', class: f.class });
    if (f.reason) expect(raw.reason).toBe(f.reason);

    if (f.case === 'none') {
      expect(raw.case_id).toBeNull();
      expect(casesAfter).toBe(casesBefore);
    } else if (f.case === 'thread' || f.case === 'closed') {
      expect(raw.case_id).toBe(f.case === 'thread' ? thread.caseId : closed.caseId);
      expect(casesAfter).toBe(casesBefore);
    } else {
      expect(casesAfter).toBe(casesBefore + 1);
      const [c] = await t.db.ds.query(
        `SELECT c.channel, r.code, h.nickname, h.language, h.email, h.email_consent_at FROM cases c JOIN region r ON r.id = c.region_id JOIN help_seeker h ON h.id = c.help_seeker_id WHERE c.id = $1`,
        [raw.case_id],
      );
      expect(c).toMatchObject({ channel: 'email', code: f.case.startsWith('region:') ? f.case.slice(7) : 'landelijk' });
      expect(c.email).toMatch(/@/);
      expect(c.email_consent_at).not.toBeNull();
      if (f.nickname) expect(c.nickname).toBe(f.nickname);
      if (f.language) expect(c.language).toBe(f.language);
    }

    if (f.class === 'message') {
      const [msg] = await t.db.ds.query(
        `SELECT m.id, m.case_id, m.body_text, m.channel, mm.full_text, mm.subject, mm.html, mm.header_message_id
           FROM mail_message mm JOIN message m ON m.id = mm.message_id WHERE mm.raw_mail_id = $1`,
        [id],
      );
      expect(msg.case_id).toBe(raw.case_id);
      expect(msg.channel).toBe('email');
      if (f.text !== undefined) expect(msg.body_text).toBe(f.text);
      for (const part of f.fullText ?? []) expect(msg.full_text).toContain(part);
      if (f.subject !== undefined) expect(msg.subject).toBe(f.subject);
      for (const part of f.html?.contains ?? []) expect(msg.html).toContain(part);
      for (const part of f.html?.absent ?? []) expect(msg.html).not.toContain(part);
      const attachments = await t.db.ds.query(
        `SELECT content_type, filename, inline, size, length(bytes) AS len FROM mail_attachment WHERE message_id = $1 ORDER BY filename`,
        [msg.id],
      );
      expect(
        attachments.map((a: { content_type: string; filename: string | null; inline: boolean }) => ({
          contentType: a.content_type,
          filename: a.filename,
          inline: a.inline,
        })),
      ).toEqual(f.attachments ?? []);
      for (const a of attachments) expect(a.size).toBe(a.len);
    }
    if (f.undeliverable) {
      const [c] = await t.db.ds.query(`SELECT email_undeliverable_at FROM cases WHERE id = $1`, [raw.case_id]);
      expect(c.email_undeliverable_at).not.toBeNull();
    }
  });

  it("records an auto-reply sent to a case's reply address with that case, and creates nothing", async () => {
    const cases: number = (await t.db.ds.query(`SELECT count(*)::int AS n FROM cases`))[0].n;
    const raw = Buffer.from(
      load('autoreply-rfc3834-en.eml')
        .toString('latin1')
        .replace('To: hulp@luister.example', `To: reply+${thread.token}@luister.example`),
      'latin1',
    );
    const id = await deliver(raw, {
      file: 'autoreply-rfc3834-en.eml',
      class: 'auto-reply',
      case: 'thread',
      mailFrom: '',
    });
    const [row] = await t.db.ds.query(`SELECT class, case_id FROM raw_mail WHERE id = $1`, [id]);
    expect(row).toEqual({ class: 'auto-reply', case_id: thread.caseId });
    expect((await t.db.ds.query(`SELECT count(*)::int AS n FROM cases`))[0].n).toBe(cases);
    expect((await t.db.ds.query(`SELECT count(*)::int AS n FROM mail_message WHERE raw_mail_id = $1`, [id]))[0].n).toBe(
      0,
    );
  });

  it('reopens the closed case the follow-up was for', async () => {
    const [c] = await t.db.ds.query(`SELECT status FROM cases WHERE id = $1`, [closed.caseId]);
    expect(c.status).toBe('open');
  });

  it('records a repeat delivery of the same mail as a duplicate, with one case', async () => {
    const f: Fixture = { file: 'duplicate.eml', class: 'message', case: 'new' };
    const raw = load(f.file);
    const first = await deliver(raw, f);
    // The sending server retried after a lost 250: same mail, one more trace header.
    const second = await deliver(
      Buffer.concat([
        Buffer.from('Received: from relay2.example.nl by luister.example; Tue, 24 Nov 2026 10:05:00 +0100\r\n'),
        raw,
      ]),
      f,
    );
    const rows = await t.db.ds.query(`SELECT id, class, reason, case_id FROM raw_mail WHERE id = ANY($1::uuid[])`, [
      [first, second],
    ]);
    const byId = Object.fromEntries(rows.map((r: { id: string }) => [r.id, r]));
    expect(byId[first]).toMatchObject({ class: 'message' });
    // Recorded with the original's case, so it goes with that case if the help-seeker erases it.
    expect(byId[second]).toMatchObject({
      class: 'duplicate',
      reason: 'same-message-id-and-content',
      case_id: byId[first].case_id,
    });
    const [n] = await t.db.ds.query(
      `SELECT count(*)::int AS n FROM mail_message WHERE header_message_id = '<dup-1@example.nl>'`,
    );
    expect(n.n).toBe(1);
  });
});
