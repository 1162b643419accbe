import { InboundSmtpServer } from '../../src/mail/inbound/inbound-smtp.server';
import { RunningServer, startupBanner } from '../../src/server';
import { startTestApp, TestApp } from '../support/app';
import { sendRaw, simpleMail } from './support/smtp';

describe('inbound SMTP server', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    // debug: per-mail log lines are debug level; the privacy test must see them.
    t = await startTestApp({
      logLevel: 'debug',
      // maxClientsPerAddress: the burst test below opens 40 connections at once from one address.
      inboundMail: { maxBytes: 64 * 1024, allowedClients: [], sweepIntervalSeconds: 0, maxClientsPerAddress: 40 },
    });
    port = t.app.get(InboundSmtpServer).port;
  });
  afterAll(() => t?.close());

  const rawRows = () =>
    t.db.ds.query(
      `SELECT mail_from, rcpt_to, size, sha256, bytes, status, message_id FROM raw_mail ORDER BY received_at`,
    );

  it('stores the raw bytes, envelope and hash before answering 250', async () => {
    const mail = simpleMail({ text: 'Hallo, ik heb een vraag.', messageId: '<first@example.nl>' });
    const res = await sendRaw(port, mail, { from: 'anna@example.nl', to: ['hulp@luister.example'] });
    expect(res.ok).toBe(true);
    expect(res.response).toMatch(/^250 .*Queued as [0-9a-f-]{36}/);
    const rows = await rawRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      mail_from: 'anna@example.nl',
      rcpt_to: ['hulp@luister.example'],
      status: 'stored',
      message_id: '<first@example.nl>',
    });
    expect(rows[0].bytes.toString('utf8')).toContain('Hallo, ik heb een vraag.');
    expect(rows[0].size).toBe(rows[0].bytes.length);
    expect(rows[0].sha256).toHaveLength(32);
  });

  it('accepts region addresses and reply addresses, case-insensitively', async () => {
    const token = 'abcdefghijklmnopqrstuvwxyz';
    const res = await sendRaw(port, simpleMail({ text: 'Regio' }), {
      from: 'a@example.nl',
      to: ['Gent@Luister.Example', `reply+${token}@luister.example`],
    });
    expect(res.ok).toBe(true);
  });

  it('answers 550 for unknown recipients and other domains', async () => {
    for (const to of ['nobody@luister.example', 'hulp@example.org', 'reply+short@luister.example']) {
      const res = await sendRaw(port, simpleMail({ text: 'x' }), { from: 'a@example.nl', to: [to] });
      expect(res).toMatchObject({ ok: false, code: 550 });
    }
  });

  it('answers 552 for a message over the size limit and keeps nothing of it', async () => {
    const before = (await rawRows()).length;
    const res = await sendRaw(port, simpleMail({ text: 'x'.repeat(100 * 1024) }), {
      from: 'a@example.nl',
      to: ['hulp@luister.example'],
    });
    expect(res).toMatchObject({ ok: false, code: 552 });
    expect(await rawRows()).toHaveLength(before);
  });

  it('stores every one of many mails sent at once (group commit), each under its own id', async () => {
    const before = (await rawRows()).length;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        sendRaw(port, simpleMail({ text: `Mail nummer ${i}.`, messageId: `<burst-${i}@example.nl>` }), {
          from: 'a@example.nl',
          to: ['hulp@luister.example'],
        }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const ids = results.map((r) => /Queued as (\S+)/.exec(r.response ?? '')?.[1]);
    expect(new Set(ids).size).toBe(40);
    const rows = await t.db.ds.query(`SELECT id, message_id, bytes FROM raw_mail WHERE message_id LIKE '<burst-%'`);
    expect(rows).toHaveLength(40);
    expect((await rawRows()).length).toBe(before + 40);
    // Each id holds its own mail.
    for (const r of rows) expect(r.bytes.toString()).toContain(`Mail nummer ${/burst-(\d+)/.exec(r.message_id)![1]}.`);
    expect(rows.map((r: { id: string }) => r.id).sort()).toEqual([...ids].sort());
  });

  it('shows the SMTP port in the startup banner', () => {
    const banner = startupBanner({ ...t.config, demo: false }, {
      app: t.app,
      url: 'http://localhost:3000',
    } as RunningServer);
    expect(banner).toContain(`Inbound mail:  smtp://localhost:${port} for hulp@luister.example`);
  });

  it('never logs addresses or mail text', async () => {
    await sendRaw(
      port,
      simpleMail({ from: 'Geheim Persoon <geheim@example.nl>', subject: 'Geheim onderwerp', text: 'Geheime tekst' }),
      {
        from: 'geheim@example.nl',
        to: ['hulp@luister.example'],
      },
    );
    const logs = t.logLines.join('\n');
    expect(logs).toContain('mail stored');
    expect(logs).not.toMatch(/geheim/i);
  });
});

describe('inbound SMTP client allowlist', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('refuses clients that are not on the allowlist', async () => {
    t = await startTestApp({
      inboundMail: { maxBytes: 1024 * 1024, allowedClients: ['10.1.2.0/24'], sweepIntervalSeconds: 0 },
    });
    const res = await sendRaw(t.app.get(InboundSmtpServer).port, simpleMail({ text: 'x' }), {
      from: 'a@example.nl',
      to: ['hulp@luister.example'],
    });
    expect(res.ok).toBe(false);
    expect(res.code).toBe(554);
  });
});
