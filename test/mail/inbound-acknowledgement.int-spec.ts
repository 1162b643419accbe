import { InboundMailProcessor } from '../../src/mail/inbound/inbound-mail.processor';
import { InboundSmtpServer } from '../../src/mail/inbound/inbound-smtp.server';
import { OutboxService } from '../../src/mail/outbound/outbox.service';
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

  const acksTo = async (address: string) =>
    (
      await t.db.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE kind = 'acknowledgement' AND recipient = $1`, [
        address,
      ])
    )[0].n as number;

  it('never acknowledges an address that sent an auto-reply, bulk mail or a bounce in the last 30 days', async () => {
    await deliver(
      simpleMail({
        from: 'Kees <kees@example.nl>',
        subject: 'Re: Je vraag bij Luister',
        text: 'Ik ben afwezig tot en met 14 december. Uw mail wordt niet doorgestuurd.',
      }),
      'kees@example.nl',
    );
    const row = await deliver(
      simpleMail({ from: 'Kees <kees@example.nl>', text: 'Nu echt een vraag.' }),
      'kees@example.nl',
    );
    expect(row.class).toBe('message');
    expect(row.case_id).not.toBeNull();
    expect(await acksTo('kees@example.nl')).toBe(0);
    // A bounce's failed recipient is remembered too (a spoofed sender would bounce again).
    await deliver(
      simpleMail({
        from: 'MAILER-DAEMON <mailer-daemon@mx.example.nl>',
        subject: 'Undelivered Mail Returned to Sender',
        text: 'failed',
        headers: ['X-Failed-Recipients: weg@example.nl'],
      }),
      '',
    );
    await deliver(simpleMail({ from: 'Weg <weg@example.nl>', text: 'Hallo?' }), 'weg@example.nl');
    expect(await acksTo('weg@example.nl')).toBe(0);
    // After 30 days the memory is gone.
    await t.db.ds.query(
      `UPDATE mail_robot_address SET last_seen_at = now() - interval '31 days' WHERE address = 'kees@example.nl'`,
    );
    await deliver(simpleMail({ from: 'Kees <kees@example.nl>', text: 'Weer een vraag.' }), 'kees@example.nl');
    expect(await acksTo('kees@example.nl')).toBe(1);
  });

  it('opens a case for suspected bulk but sends no acknowledgement, and never one to a noreply address', async () => {
    const row = await deliver(
      simpleMail({
        from: 'Eva <eva@student.example.nl>',
        text: 'Ik kan de huur niet betalen.',
        headers: ['Errors-To: postmaster@student.example.nl'],
      }),
      'eva@student.example.nl',
    );
    expect(row.class).toBe('message');
    expect(row.case_id).not.toBeNull();
    expect((await t.db.ds.query(`SELECT kind FROM raw_mail WHERE case_id = $1`, [row.case_id]))[0].kind).toBe(
      'suspected-bulk',
    );
    expect(await acksTo('eva@student.example.nl')).toBe(0);
    const form = await deliver(
      simpleMail({
        from: 'Website <noreply@buurthuis.example.nl>',
        text: 'Naam: Karin\nBericht: ik zoek hulp.',
        headers: ['Reply-To: Karin <karin@example.nl>'],
      }),
      'noreply@buurthuis.example.nl',
    );
    expect(form.case_id).not.toBeNull();
    expect(await acksTo('noreply@buurthuis.example.nl')).toBe(0);
  });

  it('does not mark the address undeliverable on a delay warning, but does on a failure', async () => {
    const c = await emailCase(t, 'traag@example.nl');
    const report = (action: string, status: string) =>
      [
        'From: Mail Delivery System <MAILER-DAEMON@mx.example.nl>',
        `To: reply+${c.token}@luister.example`,
        'Subject: Delivery report',
        `Message-ID: <dsn-${action}@mx.example.nl>`,
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'report',
        '--b',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.nl',
        '',
        'Final-Recipient: rfc822; traag@example.nl',
        `Action: ${action}`,
        `Status: ${status}`,
        '--b--',
        '',
      ].join('\r\n');
    const undeliverable = async () =>
      (await t.db.ds.query(`SELECT email_undeliverable_at FROM cases WHERE id = $1`, [c.caseId]))[0]
        .email_undeliverable_at;
    const delay = await deliver(report('delayed', '4.4.1'), '', `reply+${c.token}@luister.example`);
    expect(delay).toEqual({ class: 'bounce', case_id: c.caseId });
    expect(await undeliverable()).toBeNull();
    await deliver(report('failed', '5.1.1'), '', `reply+${c.token}@luister.example`);
    expect(await undeliverable()).not.toBeNull();
  });

  it("never promises a time when nobody works: a due time at night names the team's next opening", async () => {
    const row = await deliver(
      simpleMail({ from: 'Nacht <nacht@example.nl>', text: 'Ik wil niet meer leven.' }),
      'nacht@example.nl',
    );
    const ackText = async () => {
      // Written again as the case's first mail would be, with the due time set by the test.
      await t.db.ds.query(`DELETE FROM outbox WHERE case_id = $1`, [row.case_id]);
      await t.db.ds.transaction((m) =>
        t.app.get(OutboxService).enqueueAcknowledgement(m, { caseId: row.case_id!, caseToken: 'a'.repeat(43) }),
      );
      const [o] = await t.db.ds.query(`SELECT text_body FROM outbox WHERE case_id = $1`, [row.case_id]);
      return o.text_body as string;
    };
    // A crisis target counted around the clock ends on a Sunday at 02:02 (Amsterdam, UTC+1).
    await t.db.ds.query(`UPDATE cases SET first_reply_due_at = '2027-01-10T01:02:00Z' WHERE id = $1`, [row.case_id]);
    const night = await ackText();
    expect(night).not.toContain('02:02');
    expect(night).toContain('Je krijgt antwoord zodra ons team weer aan het werk is, vanaf maandag 11 januari 09:00.');
    // In working hours the due time is promised as it is.
    await t.db.ds.query(`UPDATE cases SET first_reply_due_at = '2027-01-11T10:00:00Z' WHERE id = $1`, [row.case_id]);
    expect(await ackText()).toContain('Je krijgt uiterlijk maandag 11 januari 11:00 antwoord.');
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
