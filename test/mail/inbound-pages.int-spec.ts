import { InboundMailProcessor } from '../../src/mail/inbound/inbound-mail.processor';
import { InboundSmtpServer } from '../../src/mail/inbound/inbound-smtp.server';
import { csrfFrom, startTestApp, TestApp } from '../support/app';
import { pageLogin } from '../staff/staff-login';
import { rawMailIdOf } from './support/mail-world';
import { sendRaw, simpleMail } from './support/smtp';

describe('admin page for incoming mail', () => {
  let t: TestApp;
  let quarantined: string;
  beforeAll(async () => {
    t = await startTestApp();
    const port = t.app.get(InboundSmtpServer).port;
    const env = { from: 'anna@example.nl', to: ['hulp@luister.example'] };
    const ok = await sendRaw(
      port,
      simpleMail({
        from: 'Anna Geheim <anna.geheim@example.nl>',
        subject: 'Geheim onderwerp',
        text: 'Geheime vraag over mijn schulden.',
      }),
      env,
    );
    await t.app.get(InboundMailProcessor).process(rawMailIdOf(ok.response));
    // Quarantined by a fault in processing, to be replayed from the page once it is gone.
    await t.db.ds.query(
      `CREATE FUNCTION fail_mail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'storage fault'; END $$`,
    );
    await t.db.ds.query(
      `CREATE TRIGGER fail_mail BEFORE INSERT ON mail_message FOR EACH ROW EXECUTE FUNCTION fail_mail()`,
    );
    const bad = await sendRaw(port, simpleMail({ text: 'Deze mail gaat eerst mis.' }), env);
    quarantined = rawMailIdOf(bad.response);
    await t.app.get(InboundMailProcessor).process(quarantined);
    await t.db.ds.query(`DROP TRIGGER fail_mail ON mail_message`);
  });
  afterAll(() => t?.close());

  it('lists mail with status and kind, without addresses, subjects or text', async () => {
    const admin = await pageLogin(t, 'admin@luister.example');
    const page = await admin.get('/admin/mail/inbound');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Inkomende mail');
    expect(page.text).toContain('In quarantaine');
    expect(page.text).toContain('storage fault');
    expect(page.text).toContain('Bericht van hulpvrager');
    expect(page.text).not.toMatch(/geheim|anna@|schulden/i);
    expect((await admin.get('/admin')).text).toContain('href="/admin/mail/inbound"');
  });

  it('replays a quarantined mail from the page (with CSRF), then shows it processed', async () => {
    const admin = await pageLogin(t, 'admin@luister.example');
    const list = await admin.get('/admin/mail/inbound?status=quarantined');
    expect(list.text).toContain(`/admin/mail/inbound/${quarantined}/replay`);
    const refused = await admin.post(`/admin/mail/inbound/${quarantined}/replay`).type('form').send({ _csrf: 'wrong' });
    expect(refused.status).toBe(403);
    const res = await admin
      .post(`/admin/mail/inbound/${quarantined}/replay`)
      .type('form')
      .send({ _csrf: csrfFrom(list.text), status: 'quarantined' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/mail/inbound?done=replayed&status=quarantined');
    const [row] = await t.db.ds.query(`SELECT status, class FROM raw_mail WHERE id = $1`, [quarantined]);
    expect(row).toEqual({ status: 'processed', class: 'message' });
    expect((await admin.get('/admin/mail/inbound?status=quarantined')).text).not.toContain(quarantined);
  });

  it('is for admins only', async () => {
    const worker = await pageLogin(t, 'worker@luister.example');
    expect((await worker.get('/admin/mail/inbound')).status).toBe(403);
  });
});
