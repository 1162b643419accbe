import nodemailer from 'nodemailer';

export interface SendResult {
  ok: boolean;
  code?: number;
  response?: string;
}

/** Sends raw bytes over a real SMTP socket (nodemailer client, no TLS on loopback). */
export async function sendRaw(
  port: number,
  raw: Buffer | string,
  envelope: { from: string; to: string[] },
): Promise<SendResult> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 5000,
  });
  try {
    const info = await transport.sendMail({ envelope, raw });
    return { ok: true, response: info.response };
  } catch (e) {
    const err = e as { responseCode?: number; response?: string };
    return { ok: false, code: err.responseCode, response: err.response };
  } finally {
    transport.close();
  }
}

/** A small well-formed mail. */
export function simpleMail(opts: {
  from?: string;
  to?: string;
  subject?: string;
  text: string;
  messageId?: string;
  headers?: string[];
}): string {
  return [
    `From: ${opts.from ?? 'Anna de Vries <anna@example.nl>'}`,
    `To: ${opts.to ?? 'hulp@luister.example'}`,
    `Subject: ${opts.subject ?? 'Vraag'}`,
    `Message-ID: ${opts.messageId ?? `<${Math.random().toString(36).slice(2)}@example.nl>`}`,
    'Date: Tue, 24 Nov 2026 10:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    ...(opts.headers ?? []),
    '',
    opts.text,
    '',
  ].join('\r\n');
}
