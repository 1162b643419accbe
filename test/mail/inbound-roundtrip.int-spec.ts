import nodemailer, { type SendMailOptions } from 'nodemailer';
import { InboundMailProcessor } from '../../src/mail/inbound/inbound-mail.processor';
import { InboundSmtpServer } from '../../src/mail/inbound/inbound-smtp.server';
import { replyAddress } from '../../src/mail/mail-identity';
import { OutboxRow, toMailOptions } from '../../src/mail/outbound/outbound-message';
import { startTestApp, TestApp } from '../support/app';
import { emailCase, MailCase, rawMailIdOf } from './support/mail-world';

/** Our own outgoing mail, as the outbound half builds it, delivered back into our inbound server. */
describe('inbound meets our own outbound mail', () => {
  let t: TestApp;
  let c: MailCase;
  beforeAll(async () => {
    t = await startTestApp();
    c = await emailCase(t, 'anna@example.nl');
  });
  afterAll(() => t?.close());

  const ours = (automatic: boolean): OutboxRow => ({
    id: 'x',
    caseId: c.caseId,
    kind: automatic ? 'acknowledgement' : 'reply',
    automatic,
    recipient: 'anna@example.nl',
    subject: 'Je vraag is ontvangen',
    textBody: 'We hebben je vraag ontvangen.',
    htmlBody: null,
    messageId: c.messageId,
    inReplyTo: null,
    references: [],
    sealedLink: null,
    attempts: 0,
  });

  async function deliver(options: SendMailOptions, envelope: { from: string; to: string[] }) {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: t.app.get(InboundSmtpServer).port,
      secure: false,
      ignoreTLS: true,
    });
    try {
      const info = await transport.sendMail({ ...options, envelope });
      const id = rawMailIdOf(info.response);
      await t.app.get(InboundMailProcessor).process(id);
      const [row] = await t.db.ds.query(`SELECT class, reason, case_id FROM raw_mail WHERE id = $1`, [id]);
      return row;
    } finally {
      transport.close();
    }
  }

  it('recognises our acknowledgement coming back (a forwarding mailbox) as a loop', async () => {
    const cases = (await t.db.ds.query(`SELECT count(*)::int AS n FROM cases`))[0].n;
    const opts = toMailOptions(ours(true), {
      domain: t.config.mailDomain,
      replyTo: replyAddress(c.token, t.config.mailDomain),
    });
    const row = await deliver(opts, { from: 'anna@example.nl', to: ['hulp@luister.example'] });
    expect(row).toMatchObject({ class: 'loop', reason: 'x-loop' });
    expect((await t.db.ds.query(`SELECT count(*)::int AS n FROM cases`))[0].n).toBe(cases);
  });

  it("threads the help-seeker's answer to our mail into the case", async () => {
    const row = await deliver(
      {
        from: 'Anna <anna@example.nl>',
        to: replyAddress(c.token, t.config.mailDomain),
        subject: 'Re: Je vraag is ontvangen',
        inReplyTo: c.messageId,
        references: [c.messageId],
        text: 'Dank je, ik wacht af.\n\nOp di 24 nov. 2026 om 10:00 schreef Luister <hulp@luister.example>:\n> We hebben je vraag ontvangen.',
      },
      { from: 'anna@example.nl', to: [replyAddress(c.token, t.config.mailDomain)] },
    );
    expect(row).toMatchObject({ class: 'message', case_id: c.caseId });
    const [m] = await t.db.ds.query(
      `SELECT body_text FROM message WHERE case_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [c.caseId],
    );
    expect(m.body_text).toBe('Dank je, ik wacht af.');
  });
});
