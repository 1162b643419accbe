import nodemailer from 'nodemailer';
import { InboundMailProcessor } from '../../src/mail/inbound/inbound-mail.processor';
import { InboundSmtpServer } from '../../src/mail/inbound/inbound-smtp.server';
import { startTestApp, TestApp } from '../support/app';
import { corpusBytes, corpusEnvelope, CorpusEntry, loadManifest } from './corpus/corpus';
import { emailCase, MailCase, rawMailIdOf } from './support/mail-world';

/**
 * The mail corpus (test/fixtures/mail/corpus, see its README) over real SMTP, one test per mail:
 * class and kind, the case it opens or joins (or none), the stored new text, and no
 * acknowledgement to any robot. One app and one SMTP connection serve the whole file.
 * Known misses of the held-out fifth (measured after tuning, kept as they are) are marked
 * `failing`: they pass only while the miss is there, so a fix shows up.
 */
const KNOWN_MISSES = new Set(['held-out/charset-cp1251-undeclared.eml']);

describe('mail corpus over real SMTP', () => {
  const entries = loadManifest();
  let t: TestApp;
  let thread: MailCase;
  let smtp: ReturnType<typeof nodemailer.createTransport>;
  let robotAcks = 0;

  beforeAll(async () => {
    t = await startTestApp();
    thread = await emailCase(t, 'anna@example.nl');
    smtp = nodemailer.createTransport({
      host: '127.0.0.1',
      port: t.app.get(InboundSmtpServer).port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 1,
      maxMessages: Infinity,
    });
  });
  afterAll(async () => {
    smtp?.close();
    await t?.close();
  });

  const count = async (sql: string, params: unknown[] = []) => (await t.db.ds.query(sql, params))[0].n as number;

  async function check(e: CorpusEntry): Promise<void> {
    const raw = corpusBytes(e, { token: thread.token, messageId: thread.messageId });
    const casesBefore = await count(`SELECT count(*)::int AS n FROM cases`);
    const info = await smtp.sendMail({ envelope: corpusEnvelope(e, raw), raw });
    const id = rawMailIdOf(info.response);
    await t.app.get(InboundMailProcessor).process(id);
    const [row] = await t.db.ds.query(`SELECT status, class, kind, case_id FROM raw_mail WHERE id = $1`, [id]);
    const casesAfter = await count(`SELECT count(*)::int AS n FROM cases`);
    const acks = row.case_id
      ? await count(`SELECT count(*)::int AS n FROM outbox WHERE kind = 'acknowledgement' AND case_id = $1`, [
          row.case_id,
        ])
      : 0;
    if (e.robot && e.case !== 'thread') robotAcks += acks;

    expect({ status: row.status, class: row.class, kind: row.kind }).toEqual({
      status: 'processed',
      class: e.class,
      kind: e.kind,
    });
    if (e.case === 'none') {
      expect(row.case_id).toBeNull();
      expect(casesAfter).toBe(casesBefore);
    } else if (e.case === 'thread') {
      expect(row.case_id).toBe(thread.caseId);
      expect(casesAfter).toBe(casesBefore);
    } else {
      expect(row.case_id).not.toBeNull();
      expect(casesAfter).toBe(casesBefore + 1);
    }
    if (e.robot || e.kind !== 'message') expect(acks).toBe(0);
    if (e.class === 'message') {
      const [msg] = await t.db.ds.query(
        `SELECT m.body_text FROM mail_message mm JOIN message m ON m.id = mm.message_id WHERE mm.raw_mail_id = $1`,
        [id],
      );
      expect(msg.body_text).toBe(e.text);
    }
  }

  for (const e of entries) {
    const name = `${e.file} (${e.lang}, ${e.client})`;
    if (KNOWN_MISSES.has(e.file)) it.failing(name, () => check(e));
    else it(name, () => check(e));
  }

  it('sent no acknowledgement to a robot across the corpus', () => {
    expect(entries.length).toBeGreaterThanOrEqual(200);
    expect(robotAcks).toBe(0);
  });
});
