import { simpleParser } from 'mailparser';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One mail as the relay saw it: the envelope and the parsed message. */
export interface SinkMail {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: string;
  messageId: string;
  headers: Map<string, unknown>;
  subject: string;
  text: string;
  html: string;
  /** The answer the sink gave: 250, or the error code it chose. */
  answer: number;
}

export interface Sink {
  port: number;
  url: string;
  /** Every DATA the sink received, accepted or not, in order. */
  received: SinkMail[];
  accepted(): SinkMail[];
  close(): Promise<void>;
}

/**
 * A local SMTP relay (smtp-server) that keeps what it is sent. `answer(n)` picks the reply to
 * the n-th mail (0-based): 250 by default, or an error code such as 451 or 550; `delayMs` holds
 * each answer back, so a test can catch a batch in flight.
 */
export async function startSink(
  opts: { answer?: (n: number, mail: SinkMail) => number; delayMs?: number } = {},
): Promise<Sink> {
  const received: SinkMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        const parsed = await simpleParser(raw);
        const mail: SinkMail = {
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          raw: raw.toString('utf8'),
          messageId: parsed.messageId ?? '',
          headers: parsed.headers as Map<string, unknown>,
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          html: typeof parsed.html === 'string' ? parsed.html : '',
          answer: 250,
        };
        mail.answer = opts.answer ? opts.answer(received.length, mail) : 250;
        received.push(mail);
        if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
        if (mail.answer === 250) return callback(null, 'Queued');
        callback(
          Object.assign(new Error(mail.answer >= 500 ? 'Mailbox unavailable' : 'Try again later'), {
            responseCode: mail.answer,
          }),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    accepted: () => received.filter((m) => m.answer === 250),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
