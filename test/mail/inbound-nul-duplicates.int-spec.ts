import * as fs from 'node:fs';
import * as path from 'node:path';
import { InboundMailProcessor } from '../../src/mail/inbound/inbound-mail.processor';
import { InboundSmtpServer } from '../../src/mail/inbound/inbound-smtp.server';
import { startTestApp, TestApp } from '../support/app';
import { rawMailIdOf } from './support/mail-world';
import { sendRaw } from './support/smtp';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'mail');

/**
 * Issue 21 items 6 and 9, over real SMTP: a mail with NUL bytes becomes a case like any other
 * (its bytes kept as sent), and a repeat of a mail whose Message-ID header a server folded
 * differently is recognised as the duplicate it is.
 */
describe('inbound mail with NUL bytes and folded duplicates', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp();
    port = t.app.get(InboundSmtpServer).port;
  });
  afterAll(() => t?.close());

  async function deliver(raw: Buffer | string, from: string): Promise<string> {
    const res = await sendRaw(port, raw, { from, to: ['hulp@luister.example'] });
    expect(res.ok).toBe(true);
    const id = rawMailIdOf(res.response);
    await t.app.get(InboundMailProcessor).process(id);
    return id;
  }

  it('stores a mail with NUL bytes as sent and processes its cleaned text into a case', async () => {
    const raw = fs.readFileSync(path.join(FIXTURES, 'nul-bytes.eml'));
    expect(raw.includes(0)).toBe(true);
    const id = await deliver(raw, 'bram@example.nl');

    const [row] = await t.db.ds.query(
      `SELECT status, class, error, case_id, message_id, bytes FROM raw_mail WHERE id = $1`,
      [id],
    );
    expect({ status: row.status, class: row.class, error: row.error }).toEqual({
      status: 'processed',
      class: 'message',
      error: null,
    });
    // The bytes exactly as they came, NULs included.
    expect(Buffer.compare(row.bytes, raw)).toBe(0);
    expect(row.message_id).toBe('<nul-bytes@example.nl>');

    const [msg] = await t.db.ds.query(
      `SELECT m.id, m.body_text, mm.subject, mm.full_text, mm.header_message_id, h.nickname, h.email
         FROM mail_message mm JOIN message m ON m.id = mm.message_id
         JOIN cases c ON c.id = m.case_id JOIN help_seeker h ON h.id = c.help_seeker_id
        WHERE mm.raw_mail_id = $1 AND m.case_id = $2`,
      [id, row.case_id],
    );
    expect(msg).toMatchObject({
      body_text: 'Mijn huisbaas wil de huur verhogen met €90. Mag dat zomaar?',
      subject: 'Vraag over mijn huur',
      header_message_id: '<nul-bytes@example.nl>',
      nickname: 'Bram',
      email: 'bram@example.nl',
    });
    expect(msg.full_text).not.toContain('\u0000');
    // An attachment is bytes: kept as sent; its name is text: cleaned.
    const [att] = await t.db.ds.query(`SELECT filename, bytes FROM mail_attachment WHERE message_id = $1`, [msg.id]);
    expect(att.filename).toBe('brief.txt');
    expect(att.bytes.toString('utf8')).toBe('Geachte huurder,\u0000 de huur gaat omhoog.');
  });

  it('keeps a NUL in the envelope sender out of the text columns and still answers 250', async () => {
    const raw =
      'From: x@example.nl\r\nTo: hulp@luister.example\r\nSubject: Envelop\r\nMessage-ID: <env-nul@example.nl>\r\n\r\nMijn vraag.\r\n';
    const res = await sendRaw(port, raw, { from: 'x\u0000y@example.nl', to: ['hulp@luister.example'] });
    // Whatever the SMTP layer makes of it: never a 250 for a mail that then cannot be stored.
    if (!res.ok) return expect(res.code).toBeGreaterThanOrEqual(500);
    const id = rawMailIdOf(res.response);
    await t.app.get(InboundMailProcessor).process(id);
    const [row] = await t.db.ds.query(`SELECT status, mail_from FROM raw_mail WHERE id = $1`, [id]);
    expect(row.status).toBe('processed');
    expect(row.mail_from).not.toContain('\u0000');
  });

  const head = (messageIdField: string, extra: string[] = []) =>
    [
      ...extra,
      'From: Carla Jansen <carla@example.nl>',
      'To: hulp@luister.example',
      'Subject: Ik weet niet meer wat ik moet doen',
      messageIdField,
      'Date: Tue, 24 Nov 2026 10:00:00 +0100',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
    ].join('\r\n');
  const body = 'Mijn vriend is weg en ik sta alleen met de huur.\r\nWie kan mij helpen?\r\n';

  it('recognises a repeat whose Message-ID header was folded differently as a duplicate of the first', async () => {
    const first = await deliver(`${head('Message-ID: <fold-1@example.nl>')}\r\n${body}`, 'carla@example.nl');
    const copies = [
      // Folded before the id, with a tab, by a relay on the way (which also added its trace header).
      `${head('Message-ID:\r\n\t<fold-1@example.nl>', ['Received: from relay2.example.nl by luister.example; Tue, 24 Nov 2026 10:05:00 +0100'])}\r\n${body}`,
      // Folded inside the brackets, and trailing blanks on the body lines.
      `${head('Message-ID: <fold-1@\r\n example.nl>')}\r\n${body.replace(/\r\n/g, '  \r\n')}`,
    ];
    const ids: string[] = [];
    for (const c of copies) ids.push(await deliver(c, 'carla@example.nl'));

    const rows = await t.db.ds.query(
      `SELECT id, class, reason, case_id, message_id FROM raw_mail WHERE id = ANY($1::uuid[])`,
      [[first, ...ids]],
    );
    const byId = Object.fromEntries(rows.map((r: { id: string }) => [r.id, r]));
    expect(byId[first]).toMatchObject({ class: 'message', message_id: '<fold-1@example.nl>' });
    for (const id of ids)
      expect(byId[id]).toMatchObject({
        class: 'duplicate',
        reason: 'same-message-id-and-content',
        case_id: byId[first].case_id,
        message_id: '<fold-1@example.nl>',
      });
    const [n] = await t.db.ds.query(
      `SELECT count(*)::int AS n FROM mail_message WHERE header_message_id = '<fold-1@example.nl>'`,
    );
    expect(n.n).toBe(1);
  });

  it('still takes a different text under a known Message-ID as a message of its own', async () => {
    await deliver(`${head('Message-ID: <fold-2@example.nl>')}\r\n${body}`, 'carla@example.nl');
    const other = await deliver(
      `${head('Message-ID:\r\n <fold-2@example.nl>')}\r\nEen heel andere vraag over mijn uitkering.\r\n`,
      'carla@example.nl',
    );
    const [row] = await t.db.ds.query(`SELECT class FROM raw_mail WHERE id = $1`, [other]);
    expect(row.class).toBe('message');
  });
});
