import { InboundMailProcessor } from '../../src/mail/inbound/inbound-mail.processor';
import { InboundSmtpServer } from '../../src/mail/inbound/inbound-smtp.server';
import { startTestApp, TestApp } from '../support/app';
import { emailCase, rawMailIdOf } from './support/mail-world';
import { sendRaw, simpleMail } from './support/smtp';

/** The inbound side of acknowledgements: written with the new case, never for robots or follow-ups. */
describe('acknowledgement of a new e-mail case', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  async function deliver(raw: string, from: string, to = 'hulp@luister.example') {
    const res = await sendRaw(t.app.get(InboundSmtpServer).port, raw, { from, to: [to] });
    expect(res.ok).toBe(true);
    const id = rawMailIdOf(res.response);
    await t.app.get(InboundMailProcessor).process(id);
    const [row] = await t.db.ds.query(`SELECT class, case_id FROM raw_mail WHERE id = $1`, [id]);
    return row as { class: string; case_id: string | null };
  }
  const outboxCount = async () => (await t.db.ds.query(`SELECT count(*)::int AS n FROM outbox`))[0].n as number;

  it("queues one acknowledgement with the new case, in reply to the help-seeker's mail", async () => {
    const row = await deliver(
      simpleMail({
        from: 'Noor <noor@example.nl>',
        text: 'Ik heb hulp nodig bij mijn schulden.',
        messageId: '<noor-1@example.nl>',
      }),
      'noor@example.nl',
    );
    const acks = await t.db.ds.query(
      `SELECT kind, automatic, recipient, in_reply_to, status FROM outbox WHERE case_id = $1`,
      [row.case_id],
    );
    expect(acks).toEqual([
      {
        kind: 'acknowledgement',
        automatic: true,
        recipient: 'noor@example.nl',
        in_reply_to: '<noor-1@example.nl>',
        status: 'pending',
      },
    ]);
  });

  it('sends no second acknowledgement to the same sender soon after (no mail storms)', async () => {
    const before = await outboxCount();
    const row = await deliver(
      simpleMail({ from: 'Noor <noor@example.nl>', text: 'Nog een nieuwe vraag.', messageId: '<noor-2@example.nl>' }),
      'noor@example.nl',
    );
    expect(row.class).toBe('message');
    expect(await outboxCount()).toBe(before);
  });

  it('never answers auto-replies, bounces or loops, and does not acknowledge follow-ups', async () => {
    const before = await outboxCount();
    await deliver(
      simpleMail({
        from: 'Kantoor <kantoor@example.nl>',
        subject: 'Automatisch antwoord: Vraag',
        text: 'Ik ben afwezig.',
      }),
      'kantoor@example.nl',
    );
    await deliver(
      simpleMail({ from: 'MAILER-DAEMON <mailer-daemon@mx.example.nl>', subject: 'Undelivered', text: 'failed' }),
      '',
    );
    await deliver(
      simpleMail({ from: 'Luister <hulp@luister.example>', subject: 'Je vraag', text: 'Onze eigen mail.' }),
      'hulp@luister.example',
    );
    const c = await emailCase(t, 'ruben@example.nl');
    const follow = await deliver(
      simpleMail({ from: 'Ruben <ruben@example.nl>', text: 'Nog een aanvulling.' }),
      'ruben@example.nl',
      `reply+${c.token}@luister.example`,
    );
    expect(follow.case_id).toBe(c.caseId);
    expect(await outboxCount()).toBe(before);
  });

  it('rolls the acknowledgement back with the case when processing fails', async () => {
    await t.db.ds.query(
      `CREATE FUNCTION fail_mail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'storage fault'; END $$`,
    );
    await t.db.ds.query(
      `CREATE TRIGGER fail_mail BEFORE INSERT ON mail_message FOR EACH ROW EXECUTE FUNCTION fail_mail()`,
    );
    const before = await outboxCount();
    await deliver(simpleMail({ from: 'Iris <iris@example.nl>', text: 'Deze mail faalt eerst.' }), 'iris@example.nl');
    expect(await outboxCount()).toBe(before);
    await t.db.ds.query(`DROP TRIGGER fail_mail ON mail_message`);
  });
});
