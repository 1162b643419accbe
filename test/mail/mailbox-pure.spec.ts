import { createPublicKey, createVerify, generateKeyPairSync } from 'node:crypto';
import { dkimFor, relayOptions } from '../../src/mail/outbound/mail-transports';
import { OutboxRow, toMailOptions } from '../../src/mail/outbound/outbound-message';
import { fetchedEnvelope, fingerprintOf, fingerprintOfMessageId } from '../../src/mail/mailboxes/fetched-mail';
import { parseImapUrl } from '../../src/mail/mailboxes/imap-url';
import { describeMailboxError, MailboxError } from '../../src/mail/mailboxes/mailbox-errors';
import { googleAssertion, tokenRequestBody, tokenUrlOf } from '../../src/mail/mailboxes/oauth-tokens';

describe('IMAP_URL', () => {
  it('reads user, password, server, folder and the options', () => {
    expect(
      parseImapUrl('imaps://hulp%40welzijn.nl:geheim%20wachtwoord@imap.welzijn.nl/Hulp%20vragen?region=gent'),
    ).toEqual({
      address: 'hulp@welzijn.nl',
      host: 'imap.welzijn.nl',
      port: 993,
      security: 'tls',
      username: 'hulp@welzijn.nl',
      password: 'geheim wachtwoord',
      folder: 'Hulp vragen',
      processedFolder: 'Luister/Verwerkt',
      regionCode: 'gent',
    });
    expect(parseImapUrl('imap://u:p@mail.example.nl/?processed=flag&address=hulp@example.nl')).toMatchObject({
      port: 143,
      security: 'starttls',
      folder: 'INBOX',
      processedFolder: null,
      address: 'hulp@example.nl',
    });
  });

  it('says what is wrong without repeating the password', () => {
    expect(() => parseImapUrl('imap://u:hunter2@mail.example.nl/?tls=none')).toThrow(/loopback/);
    expect(() => parseImapUrl('imap://u:hunter2@mail.example.nl/')).toThrow(/address/);
    expect(() => parseImapUrl('pop3://u:hunter2@mail.example.nl/')).toThrow(/imap:\/\//);
    expect(() => parseImapUrl('imaps://mail.example.nl/')).toThrow(/user and a password/);
    try {
      parseImapUrl('imap://u:hunter2@mail.example.nl/');
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2');
    }
  });
});

describe('a fetched mail in the pipeline', () => {
  const mail = (head: string) => Buffer.from(`${head}\r\nSubject: x\r\n\r\nHallo\r\n`);

  it('gets the envelope the SMTP path would have given it', () => {
    expect(
      fetchedEnvelope(mail('Return-Path: <Anna@Example.NL>\r\nFrom: Anna <anna@example.nl>'), {
        mailDomain: 'luister.example',
        regionCode: 'gent',
      }),
    ).toEqual({ mailFrom: 'anna@example.nl', rcptTo: ['gent@luister.example'] });
    // The null sender stays the null sender (a bounce); without Return-Path the From address.
    expect(
      fetchedEnvelope(mail('Return-Path: <>\r\nFrom: MAILER-DAEMON@x.nl'), {
        mailDomain: 'l.example',
        regionCode: null,
      }),
    ).toEqual({ mailFrom: '', rcptTo: ['hulp@l.example'] });
    expect(
      fetchedEnvelope(mail('From: "Bo, B." <bo@example.nl>'), { mailDomain: 'l.example', regionCode: null }).mailFrom,
    ).toBe('bo@example.nl');
    // A reply address of ours among the recipients (our domain forwarded into the mailbox) threads by token.
    const token = 'abcdefghijklmnopqrstuvwxyz';
    expect(
      fetchedEnvelope(mail(`From: a@b.nl\r\nTo: hulp@org.nl,\r\n Reply+${token.toUpperCase()}@l.example`), {
        mailDomain: 'l.example',
        regionCode: null,
      }).rcptTo,
    ).toEqual([`reply+${token}@l.example`, 'hulp@l.example']);
  });

  it('is recognised by its Message-ID whatever its UID, else by its bytes', () => {
    const a = mail('Message-ID: <x1@example.nl>\r\nFrom: a@b.nl');
    const moved = Buffer.concat([Buffer.from('X-Moved: yes\r\n'), a]);
    expect(fingerprintOf(moved).equals(fingerprintOf(a))).toBe(true);
    expect(fingerprintOfMessageId('<x1@example.nl>').equals(fingerprintOf(a))).toBe(true);
    const noId = mail('From: a@b.nl');
    expect(fingerprintOf(noId).equals(fingerprintOf(Buffer.from(noId)))).toBe(true);
    expect(fingerprintOf(noId).equals(fingerprintOf(mail('From: c@d.nl')))).toBe(false);
  });
});

describe('mailbox problems in plain words', () => {
  it('names the kind of failure and keeps only a short technical detail', () => {
    const codes = [
      { authenticationFailed: true, responseText: 'AUTHENTICATE failed.' },
      { code: 'ECONNREFUSED' },
      { code: 'ENOTFOUND' },
      { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
      { code: 'ERR_TLS_CERT_ALTNAME_INVALID' },
      { code: 'ETIMEDOUT' },
      { serverResponseCode: 'NONEXISTENT', responseText: "Mailbox doesn't exist: Hulp" },
      { code: 'ECONNRESET' },
      { name: 'SecretUnreadableError', message: 'x' },
      { code: '57P01' },
      new MailboxError('token-refused', '401 invalid_client'),
      { code: 'EWHATEVER' },
    ].map((e) => describeMailboxError(e).code);
    expect(codes).toEqual([
      'login-refused',
      'server-unreachable',
      'server-unreachable',
      'tls-untrusted',
      'tls-untrusted',
      'timeout',
      'folder-missing',
      'connection-lost',
      'secret-unreadable',
      'database-unavailable',
      'token-refused',
      'unknown',
    ]);
    expect(describeMailboxError({ responseText: 'x'.repeat(500) }).detail.length).toBeLessThanOrEqual(200);
  });
});

describe('OAuth2 token requests', () => {
  const secret = { clientSecret: 's3cret' };
  it('asks Entra ID for an app-only token with the Exchange Online scope', () => {
    const s = {
      mailboxId: 'm',
      auth: 'microsoft' as const,
      username: 'hulp@org.nl',
      oauth: { tenantId: 'org.nl', clientId: 'c' },
      secret,
    };
    expect(tokenUrlOf(s)).toBe('https://login.microsoftonline.com/org.nl/oauth2/v2.0/token');
    expect(Object.fromEntries(tokenRequestBody(s))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'c',
      client_secret: 's3cret',
      scope: 'https://outlook.office365.com/.default',
    });
  });

  it("signs Google's service-account JWT for the mailbox as subject", () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const s = {
      mailboxId: 'm',
      auth: 'google' as const,
      username: 'hulp@org.nl',
      oauth: { serviceAccount: 'sa@p.iam.gserviceaccount.com' },
      secret: { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
    };
    const jwt = googleAssertion(s, 1_800_000_000);
    const [h, c, sig] = jwt.split('.');
    const v = createVerify('RSA-SHA256');
    v.update(`${h}.${c}`);
    expect(
      v.verify(createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })), Buffer.from(sig, 'base64url')),
    ).toBe(true);
    expect(JSON.parse(Buffer.from(c, 'base64url').toString())).toEqual({
      iss: 'sa@p.iam.gserviceaccount.com',
      sub: 'hulp@org.nl',
      scope: 'https://mail.google.com/',
      aud: 'https://oauth2.googleapis.com/token',
      iat: 1_800_000_000,
      exp: 1_800_003_600,
    });
  });
});

describe('the relay and the From address', () => {
  it('requires TLS whenever credentials are sent, and checks certificates', () => {
    expect(relayOptions('smtp://user%40org.nl:p%40ss@smtp.org.nl:587')).toMatchObject({
      host: 'smtp.org.nl',
      port: 587,
      secure: false,
      requireTLS: true,
      auth: { user: 'user@org.nl', pass: 'p@ss' },
      tls: { rejectUnauthorized: true },
    });
    expect(relayOptions('smtps://u:p@smtp.org.nl')).toMatchObject({ port: 465, secure: true, requireTLS: false });
    // The old form (a local relay without a login) works as before.
    expect(relayOptions('smtp://127.0.0.1:2526')).toMatchObject({ port: 2526, requireTLS: false });
    expect(relayOptions('smtp://127.0.0.1:2526')).not.toHaveProperty('auth');
    expect(() => relayOptions('http://x')).toThrow(/smtp:\/\//);
  });

  it('signs only mail from the DKIM domain or below it', () => {
    const d = { domainName: 'org.nl', keySelector: 's', privateKey: 'k' };
    expect(dkimFor('hulp@org.nl', d)).toBe(d);
    expect(dkimFor('hulp@mail.org.nl', d)).toBe(d);
    expect(dkimFor('hulp@notorg.nl', d)).toBeUndefined();
    expect(dkimFor('hulp@org.nl', undefined)).toBeUndefined();
  });

  it('a reply from a mailbox leaves from its address; answers and bounces go back to it', () => {
    const row: OutboxRow = {
      id: 'o',
      caseId: 'c',
      kind: 'reply',
      automatic: false,
      recipient: 'anna@example.nl',
      subject: 'Re: vraag',
      textBody: 'Hallo',
      htmlBody: null,
      messageId: '<l.x@luister.example>',
      inReplyTo: null,
      references: [],
      sealedLink: null,
      attempts: 0,
    };
    const viaMailbox = toMailOptions(row, {
      domain: 'luister.example',
      replyTo: 'reply+t@luister.example',
      from: 'hulp@org.nl',
    });
    expect(viaMailbox).toMatchObject({ from: 'hulp@org.nl', envelope: { from: 'hulp@org.nl', to: 'anna@example.nl' } });
    expect(viaMailbox).not.toHaveProperty('replyTo');
    expect(viaMailbox.headers).toMatchObject({ 'X-Loop': 'hulp@luister.example' });
    const service = toMailOptions(row, { domain: 'luister.example', replyTo: 'reply+t@luister.example' });
    expect(service).toMatchObject({ from: { address: 'hulp@luister.example' }, replyTo: 'reply+t@luister.example' });
  });
});
