import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import selfsigned from 'selfsigned';
import { SMTPServer, SMTPServerOptions } from 'smtp-server';
import { loadConfig } from '../../src/config/config';
import { MailTransports } from '../../src/mail/outbound/mail-transports';
import { OutboxSender } from '../../src/mail/outbound/outbox.sender';
import { OutboxService } from '../../src/mail/outbound/outbox.service';
import { AppSecrets } from '../../src/common/app-secrets.service';
import { startTestApp, TestApp } from '../support/app';
import { Dovecot, dovecotAvailable, startDovecot, testMail } from '../support/dovecot';
import { addMailbox, adminId, mailboxConfig, processStored, storedFrom, waitFor } from './support/mailboxes';
import { TokenServer } from './support/token-server';
import { MailboxesService } from '../../src/mail/mailboxes/mailboxes.service';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { dkimVerify } = require('mailauth/lib/dkim/verify') as {
  dkimVerify(
    m: Buffer,
    o: { resolver: (name: string, type: string) => Promise<string[][]> },
  ): Promise<{ results: { status: { result: string }; signingDomain: string; selector: string }[] }>;
};

const run = dovecotAvailable() ? describe : describe.skip;

interface Received {
  raw: Buffer;
  from: string;
  to: string[];
  user?: string;
  secure: boolean;
  accessToken?: string;
}

/** A test relay: smtp-server with a certificate from our own CA, requiring a login (never before TLS). */
async function relay(
  opts: Partial<SMTPServerOptions>,
  check: (auth: { username?: string | null; password?: string | null; accessToken?: string | null }) => boolean,
) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: false,
    // Never accept a login over a connection that is not encrypted yet.
    allowInsecureAuth: false,
    logger: false,
    ...opts,
    onAuth(auth, _session, cb) {
      if (!check(auth)) return cb(new Error('Invalid username or password'));
      cb(null, { user: auth.username ?? 'oauth' });
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          raw: Buffer.concat(chunks),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: String(session.user ?? ''),
          secure: session.secure,
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, received, port: (server.server.address() as AddressInfo).port };
}

/**
 * Authenticated relay out: STARTTLS (587) and TLS (465) with the certificate checked against a
 * private CA, a reply leaving from the mailbox address the help-seeker wrote to (through the relay
 * or through the mailbox's own server with XOAUTH2), delivered once, DKIM verifiable with the
 * public key.
 */
run('mailboxes: sending through an authenticated relay, per mailbox, with DKIM', () => {
  let dir: string;
  let dovecot: Dovecot;
  let tokens: TokenServer;
  let t: TestApp;
  let starttls: Awaited<ReturnType<typeof relay>>;
  let implicit: Awaited<ReturnType<typeof relay>>;
  let own: Awaited<ReturnType<typeof relay>>;
  const dkim = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const dkimTxt = `v=DKIM1; k=rsa; p=${dkim.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luister-relay-'));
    // A private CA and a server certificate it signed, made here: nothing trusts them but us.
    const ca = await selfsigned.generate([{ name: 'commonName', value: 'Luister Test CA' }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      ],
    });
    const cert = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048,
      algorithm: 'sha256',
      ca: { key: ca.private, cert: ca.cert },
      extensions: [
        { name: 'basicConstraints', cA: false },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    });
    fs.writeFileSync(path.join(dir, 'ca.pem'), ca.cert);
    fs.writeFileSync(path.join(dir, 'dkim.pem'), dkim.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const tls = { key: cert.private, cert: cert.cert };

    tokens = new TokenServer({
      microsoft: { clientId: 'ms-client', clientSecret: 'ms-secret-value', mailbox: 'm365@org.test' },
      google: { serviceAccount: 'none', publicKey: dkim.publicKey },
      refresh: { clientId: 'none', mailbox: 'none', expiresIn: 60 },
    });
    await tokens.start();
    [starttls, implicit, own] = await Promise.all([
      relay(
        { ...tls, authMethods: ['PLAIN', 'LOGIN'] },
        (a) => a.username === 'luister' && a.password === 'relay pass',
      ),
      relay(
        { ...tls, secure: true, authMethods: ['PLAIN', 'LOGIN'] },
        (a) => a.username === 'luister' && a.password === 'relay pass',
      ),
      // The mailbox's own server (smtp.office365.com in life): XOAUTH2 with a token from the app registration.
      relay(
        { ...tls, authMethods: ['XOAUTH2'] },
        (a) => a.username === 'm365@org.test' && tokens.accepts(a.accessToken ?? ''),
      ),
    ]);
    const base = loadConfig({ NODE_ENV: 'test' });
    [dovecot, t] = await Promise.all([
      startDovecot({ users: { 'hulp@org.test': 'secret' }, oauth2IntrospectionUrl: `${tokens.url}/introspect` }),
      startTestApp({
        ...mailboxConfig(),
        outboundMail: {
          ...base.outboundMail,
          relayUrl: `smtp://luister:relay%20pass@127.0.0.1:${starttls.port}`,
          tlsCaFile: path.join(dir, 'ca.pem'),
          dkim: { domain: 'org.test', selector: 'luister2026', privateKeyFile: path.join(dir, 'dkim.pem') },
        },
      }),
    ]);
  });
  afterAll(async () => {
    await t?.close();
    await dovecot?.destroy();
    await tokens?.stop();
    for (const r of [starttls, implicit, own])
      await new Promise<void>((res) => (r ? r.server.close(() => res()) : res()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const resolver = async (name: string) => {
    if (name !== 'luister2026._domainkey.org.test')
      throw Object.assign(new Error('no such record'), { code: 'ENOTFOUND' });
    return [[dkimTxt]];
  };

  it('a reply to a mail fetched from hulp@org.test leaves from that address, once, over STARTTLS with a login, DKIM-signed', async () => {
    dovecot.writeMaildir('hulp@org.test', [testMail(1, { prefix: 'relay' })]);
    const id = await addMailbox(t, dovecot, 'hulp@org.test', { sendVia: 'relay' });
    await waitFor(
      'fetched',
      () => storedFrom(t.db.ds, id),
      (s) => s.raw === 1,
    );
    await processStored(t);
    const [ack] = await t.db.ds.query(`SELECT id, status FROM outbox WHERE kind = 'acknowledgement'`);
    expect(ack.status).toBe('pending');

    // Without the private CA the relay's certificate is refused: nothing leaves, the mail waits for a retry.
    const untrusting = new OutboxSender(
      { ...t.config, outboundMail: { ...t.config.outboundMail, tlsCaFile: undefined, retryBaseSeconds: 0 } },
      t.db.ds,
      t.app.get(AppSecrets),
    );
    expect(await untrusting.sendBatch()).toMatchObject({ sent: 0, retrying: 1 });
    await untrusting.onApplicationShutdown();
    expect(starttls.received).toHaveLength(0);
    const [waiting] = await t.db.ds.query(`SELECT status, last_error FROM outbox WHERE id = $1`, [ack.id]);
    expect(waiting.status).toBe('pending');
    expect(waiting.last_error).toMatch(/^ESOCKET (SELF_SIGNED|UNABLE_TO|DEPTH_ZERO)/);

    await t.db.ds.query(`UPDATE outbox SET next_attempt_at = now() WHERE id = $1`, [ack.id]);
    const sender = t.app.get(OutboxSender);
    await sender.drain();
    await sender.drain();
    expect(starttls.received).toHaveLength(1);
    const got = starttls.received[0];
    expect(got).toMatchObject({ from: 'hulp@org.test', to: ['relay1@hulpvrager.test'], user: 'luister', secure: true });
    const head = got.raw.toString('latin1').split(/\r?\n\r?\n/)[0];
    // The answering organisation names the From line; the address is the mailbox's.
    expect(head).toMatch(/^From: Landelijk team <hulp@org\.test>$/m);
    expect(head).not.toMatch(/^Reply-To:/im);

    const verified = await dkimVerify(got.raw, { resolver });
    expect(verified.results.map((r) => [r.signingDomain, r.selector, r.status.result])).toEqual([
      ['org.test', 'luister2026', 'pass'],
    ]);
    // Changed on the way: the signature no longer holds.
    const tampered = Buffer.from(got.raw.toString('latin1').replace(/^Subject: /m, 'Subject: Re: '), 'latin1');
    expect((await dkimVerify(tampered, { resolver })).results[0].status.result).toBe('fail');
  });

  it('smtps:// (TLS from the first byte, port 465 style) with the certificate checked', async () => {
    const base = loadConfig({ NODE_ENV: 'test' });
    const transports = MailTransports.standalone(
      {
        ...base,
        outboundMail: {
          ...base.outboundMail,
          relayUrl: `smtps://luister:relay%20pass@127.0.0.1:${implicit.port}`,
          tlsCaFile: path.join(dir, 'ca.pem'),
        },
      },
      t.db.ds,
    );
    try {
      await transports
        .relayTransport()!
        .sendMail({ from: 'hulp@org.test', to: 'a@example.nl', subject: 's', text: 't' });
    } finally {
      transports.onApplicationShutdown();
    }
    expect(implicit.received.map((r) => [r.user, r.secure])).toEqual([['luister', true]]);
  });

  it('a Microsoft 365 mailbox sends through its own server with XOAUTH2 (no password)', async () => {
    dovecot.writeMaildir('m365@org.test', [testMail(7, { prefix: 'own' })]);
    const { id } = await t.app.get(MailboxesService).create(await adminId(t.db.ds), {
      address: 'm365@org.test',
      auth: 'microsoft',
      tenantId: 'contoso',
      clientId: 'ms-client',
      clientSecret: 'ms-secret-value',
      tokenUrl: `${tokens.url}/token`,
      host: dovecot.host,
      port: dovecot.port,
      security: 'none',
      sendVia: 'mailbox',
      smtpHost: '127.0.0.1',
      smtpPort: own.port,
      smtpSecurity: 'starttls',
    });
    await waitFor(
      'fetched',
      () => storedFrom(t.db.ds, id),
      (s) => s.raw === 1,
    );
    await processStored(t);
    await t.app.get(OutboxSender).drain();
    expect(own.received).toHaveLength(1);
    expect(own.received[0]).toMatchObject({ from: 'm365@org.test', to: ['own7@hulpvrager.test'], secure: true });
    // The connection test checks the SMTP login too.
    const test = await t.app.get(MailboxesService).test(id, 'en');
    expect(test).toMatchObject({ ok: true, imap: { ok: true }, smtp: { ok: true } });
  });

  it("a mailbox whose secret no longer opens holds back only its own replies, threaded as the help-seeker's", async () => {
    // A worker answers both help-seekers; the Microsoft 365 mailbox's sealed secret was damaged.
    const cases: { id: string; address: string }[] = await t.db.ds.query(
      `SELECT DISTINCT ON (mm.mailbox_id) rm.case_id AS id, m.address FROM mailbox_message mm
         JOIN raw_mail rm ON rm.id = mm.raw_mail_id JOIN mailbox m ON m.id = mm.mailbox_id ORDER BY mm.mailbox_id`,
    );
    expect(cases.map((c) => c.address).sort()).toEqual(['hulp@org.test', 'm365@org.test']);
    await t.db.ds.query(
      `UPDATE mailbox SET secret_sealed = '\\x01'::bytea || decode(md5(random()::text) || md5(random()::text) || md5(random()::text), 'hex'), updated_at = now() WHERE address = 'm365@org.test'`,
    );
    const outbox = t.app.get(OutboxService);
    await t.db.ds.transaction(async (m) => {
      for (const c of cases) await outbox.enqueueReply(m, { caseId: c.id, text: 'Fijn dat je schrijft.' });
    });
    const before = [starttls.received.length, own.received.length];
    await t.app.get(OutboxSender).drain();
    expect([starttls.received.length - before[0], own.received.length - before[1]]).toEqual([1, 0]);
    const reply = starttls.received[starttls.received.length - 1].raw.toString('latin1');
    expect(reply).toMatch(/^From: Landelijk team <hulp@org\.test>$/m);
    expect(reply).toMatch(/^In-Reply-To: <relay-1-/m);
    const [held] = await t.db.ds.query(
      `SELECT o.status, o.last_error FROM outbox o WHERE o.kind = 'reply' AND o.recipient = 'own7@hulpvrager.test'`,
    );
    expect(held).toEqual({ status: 'pending', last_error: 'secret-unreadable' });
  });
});
