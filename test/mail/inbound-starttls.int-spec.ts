import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import nodemailer from 'nodemailer';
import { InboundSmtpServer } from '../../src/mail/inbound/inbound-smtp.server';
import { startTestApp, TestApp } from '../support/app';
import { simpleMail } from './support/smtp';

/** Sends with `requireTLS`: the client refuses to go on without a STARTTLS upgrade. */
async function sendRequiringTls(port: number): Promise<{ ok: boolean; response?: string; error?: string }> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    requireTLS: true,
    tls: { rejectUnauthorized: false },
    connectionTimeout: 5000,
  });
  try {
    const info = await transport.sendMail({
      envelope: { from: 'anna@example.nl', to: ['hulp@luister.example'] },
      raw: simpleMail({ text: 'Versleuteld verstuurd.' }),
    });
    return { ok: true, response: info.response };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  } finally {
    transport.close();
  }
}

describe('STARTTLS on the inbound SMTP server', () => {
  let dir: string;
  const apps: TestApp[] = [];
  beforeAll(() => {
    // A throw-away self-signed certificate, made for this run only.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luister-smtp-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=luister.example',
      ],
      { stdio: 'ignore' },
    );
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('offers STARTTLS when a key and certificate are configured, and accepts mail over it', async () => {
    const t = await startTestApp({
      inboundMail: {
        maxBytes: 1024 * 1024,
        allowedClients: [],
        sweepIntervalSeconds: 0,
        tlsKeyFile: path.join(dir, 'key.pem'),
        tlsCertFile: path.join(dir, 'cert.pem'),
      },
    });
    apps.push(t);
    const res = await sendRequiringTls(t.app.get(InboundSmtpServer).port);
    expect(res.ok).toBe(true);
    const [n] = await t.db.ds.query(`SELECT count(*)::int AS n FROM raw_mail`);
    expect(n.n).toBe(1);
  });

  it('does not offer STARTTLS without configuration', async () => {
    const t = await startTestApp();
    apps.push(t);
    const res = await sendRequiringTls(t.app.get(InboundSmtpServer).port);
    expect(res.ok).toBe(false);
    expect(res.error).toMatch(/STARTTLS/i);
  });
});
