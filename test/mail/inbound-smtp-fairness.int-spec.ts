import * as net from 'node:net';
import { loadConfig } from '../../src/config/config';
import { InboundSmtpServer } from '../../src/mail/inbound/inbound-smtp.server';
import { startTestApp, TestApp } from '../support/app';
import { simpleMail } from './support/smtp';

/** A raw SMTP client on a real socket, from a chosen local address (127.0.0.x are all loopback). */
class RawSmtp {
  private buffer = '';
  private waiters: (() => void)[] = [];
  closed = false;
  readonly socket: net.Socket;

  constructor(port: number, localAddress: string) {
    this.socket = net.connect({ host: '127.0.0.1', port, localAddress });
    this.socket.setEncoding('utf8');
    this.socket.on('data', (d: string) => {
      this.buffer += d;
      this.wake();
    });
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** The next complete reply (its last line), or 'closed'. */
  async reply(timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = /^(\d{3}) .*\r\n/m.exec(this.buffer);
      if (m) {
        const end = m.index + m[0].length;
        this.buffer = this.buffer.slice(end);
        return m[0].trim();
      }
      if (this.closed) return 'closed';
      if (Date.now() > deadline) throw new Error(`no SMTP reply within ${timeoutMs} ms: ${this.buffer}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  async command(line: string): Promise<string> {
    this.socket.write(line + '\r\n');
    return this.reply();
  }

  close(): void {
    this.socket.destroy();
  }
}

async function sendMailFrom(port: number, localAddress: string, text: string): Promise<string> {
  const c = new RawSmtp(port, localAddress);
  try {
    const greeting = await c.reply();
    if (!greeting.startsWith('220')) return greeting;
    await c.command('EHLO sender.example');
    await c.command('MAIL FROM:<anna@example.nl>');
    await c.command('RCPT TO:<hulp@luister.example>');
    await c.command('DATA');
    return await c.command(simpleMail({ text }).replace(/\r\n\./g, '\r\n..') + '\r\n.');
  } finally {
    c.close();
  }
}

describe('inbound SMTP fairness', () => {
  let t: TestApp;
  let port: number;
  /** A second app whose sessions may idle for only 2 s (the first has the idle limit off). */
  let quick: TestApp;
  let quickPort: number;
  const clients: RawSmtp[] = [];
  beforeAll(async () => {
    const base = loadConfig({ NODE_ENV: 'test' }).inboundMail;
    t = await startTestApp({ inboundMail: { ...base, allowedClients: [], sweepIntervalSeconds: 0, idleSeconds: 0 } });
    port = t.app.get(InboundSmtpServer).port;
    quick = await startTestApp({
      inboundMail: { ...base, allowedClients: [], sweepIntervalSeconds: 0, idleSeconds: 2 },
    });
    quickPort = quick.app.get(InboundSmtpServer).port;
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await t?.close();
    await quick?.close();
  });

  it('has sensible defaults', () => {
    const d = loadConfig({}).inboundMail;
    expect(d).toMatchObject({ maxClients: 64, maxClientsPerAddress: 20, idleSeconds: 60 });
    expect(loadConfig({ SMTP_MAX_CLIENTS_PER_ADDRESS: '3', SMTP_IDLE_SECONDS: '0' }).inboundMail).toMatchObject({
      maxClientsPerAddress: 3,
      idleSeconds: 0,
    });
  });

  it('one address holding every connection it can, kept alive with NOOP, cannot starve another address', async () => {
    // The attack from the issue: 64 connections from one address, each kept busy with NOOPs.
    const greetings: string[] = [];
    for (let i = 0; i < 64; i++) {
      const c = new RawSmtp(port, '127.0.0.1');
      clients.push(c);
      greetings.push(await c.reply());
    }
    const admitted = clients.filter((_, i) => greetings[i].startsWith('220'));
    expect(admitted).toHaveLength(20);
    expect(greetings.filter((g) => g.startsWith('421'))).toHaveLength(44);
    expect(greetings.find((g) => g.startsWith('421'))).toMatch(/Too many connections from your address/);
    for (const c of admitted) expect(await c.command('NOOP')).toMatch(/^250/);

    // Another sender gets through while the hog's connections are still open.
    const reply = await sendMailFrom(port, '127.0.0.2', 'Van een andere afzender.');
    expect(reply).toMatch(/^250 /);
    const rows = await t.db.ds.query(`SELECT remote_address FROM raw_mail`);
    expect(rows.length).toBe(1);
  }, 60_000);

  it('closes a session that only sends NOOPs once it has been idle too long, outside DATA', async () => {
    for (const c of clients.splice(0)) c.close();
    const c = new RawSmtp(quickPort, '127.0.0.3');
    clients.push(c);
    expect(await c.reply()).toMatch(/^220/);
    expect(await c.command('EHLO hog.example')).toMatch(/^250/);
    const started = Date.now();
    let last = '';
    // NOOP every 200 ms would reset a plain socket timeout forever.
    while (Date.now() - started < 20_000) {
      last = await c.command('NOOP');
      if (!last.startsWith('250')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(last).toMatch(/^421 .*Idle too long/);
    expect(await c.reply()).toBe('closed');
  }, 30_000);

  it('a session that keeps delivering mail is not cut off, and the clock stands still during DATA', async () => {
    const c = new RawSmtp(quickPort, '127.0.0.4');
    clients.push(c);
    expect(await c.reply()).toMatch(/^220/);
    await c.command('EHLO relay.example');
    for (let i = 0; i < 3; i++) {
      expect(await c.command('MAIL FROM:<bert@example.nl>')).toMatch(/^250/);
      expect(await c.command('RCPT TO:<hulp@luister.example>')).toMatch(/^250/);
      expect(await c.command('DATA')).toMatch(/^354/);
      // A slow upload, longer than the idle limit (2 s), in pieces.
      const mail = simpleMail({ text: `Langzaam bericht ${i}` });
      const half = Math.floor(mail.length / 2);
      c.socket.write(mail.slice(0, half));
      await new Promise((r) => setTimeout(r, 1500));
      c.socket.write(mail.slice(half));
      await new Promise((r) => setTimeout(r, 1000));
      expect(await c.command('\r\n.')).toMatch(/^250 /);
    }
    expect(await c.command('QUIT')).toMatch(/^221/);
  }, 30_000);
});
