import { InboundSmtpServer } from '../../src/mail/inbound/inbound-smtp.server';
import { RawMailStore } from '../../src/mail/inbound/raw-mail.store';
import { startTestApp, TestApp } from '../support/app';
import { rawMailIdOf } from './support/mail-world';
import { sendRaw, simpleMail } from './support/smtp';
import { eventually } from '../support/eventually';

const until = <T>(probe: () => Promise<T | undefined>, what: string, ms = 20_000) => eventually(what, probe, ms, 200);

describe('inbound mail processing in background jobs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      jobs: { enabled: true },
      inboundMail: { maxBytes: 1024 * 1024, allowedClients: [], sweepIntervalSeconds: 1 },
    });
  });
  afterAll(() => t?.close());

  const processed = (id: string) => async () => {
    const [r] = await t.db.ds.query(`SELECT status, class, case_id FROM raw_mail WHERE id = $1`, [id]);
    return r.status === 'processed' ? r : undefined;
  };

  it('turns a mail received over SMTP into a case without anyone asking', async () => {
    const res = await sendRaw(
      t.app.get(InboundSmtpServer).port,
      simpleMail({ text: 'Kan iemand mij helpen met mijn huur?' }),
      {
        from: 'anna@example.nl',
        to: ['hulp@luister.example'],
      },
    );
    const row = await until(processed(rawMailIdOf(res.response)), 'the job');
    expect(row.class).toBe('message');
    const [c] = await t.db.ds.query(`SELECT channel FROM cases WHERE id = $1`, [row.case_id]);
    expect(c.channel).toBe('email');
  });

  it('picks up mail that was stored but never queued (a crash between commit and queueing)', async () => {
    // Stored exactly as the SMTP server does, but no job sent.
    const id = await t.app
      .get(RawMailStore)
      .store(
        { mailFrom: 'piet@example.nl', rcptTo: ['hulp@luister.example'] },
        Buffer.from(simpleMail({ from: 'Piet <piet@example.nl>', text: 'Mijn vraag bleef liggen.' })),
      );
    const row = await until(processed(id), 'the sweeper');
    expect(row.class).toBe('message');
    const [n] = await t.db.ds.query(`SELECT count(*)::int AS n FROM mail_message WHERE raw_mail_id = $1`, [id]);
    expect(n.n).toBe(1);
  });
});
