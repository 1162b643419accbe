import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerAddress, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { countSmtpAnswer } from '../../metrics/process-metrics';
import { isAllowedClient } from './client-allowlist';
import { InboundMailQueue } from './inbound-mail.queue';
import { RawMailStore } from './raw-mail.store';
import { parseRecipient } from './recipient';
import { RegionAddresses } from './region-addresses.service';

export const SMTP_DEFAULTS = { maxClients: 64, maxClientsPerAddress: 20, idleSeconds: 60 };

/** The parts of smtp-server's (untyped) connection object used here. */
interface SmtpConnection {
  session: SMTPServerSession;
  remoteAddress: string;
  send(code: number, message: string): void;
  _handlerPending?: boolean;
}

interface IdleWatch {
  connection: SmtpConnection;
  timer?: NodeJS.Timeout;
  inData: boolean;
}

function smtpError(responseCode: number, message: string): Error {
  countSmtpAnswer(responseCode);
  return Object.assign(new Error(message), { responseCode });
}

/**
 * Luister's own inbound SMTP server. It accepts mail for the service address, the regions'
 * addresses and case reply addresses, and answers 250 only once the raw bytes are committed
 * to `raw_mail`: when the database is down the answer is 451, so the sending server keeps the
 * mail and retries. Everything else (parsing, cases) happens right after, in a background run
 * (InboundMailQueue) that this server wakes.
 */
@Injectable()
export class InboundSmtpServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('mail-inbound');
  private server?: SMTPServer;
  private boundPort?: number;
  /** Per session: the timer that closes a connection that delivers nothing (see SMTP_IDLE_SECONDS). */
  private readonly idle = new Map<string, IdleWatch>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: RawMailStore,
    private readonly queue: InboundMailQueue,
    private readonly regions: RegionAddresses,
  ) {}

  /** The port actually bound (differs from config.smtpPort when that is 0, as in tests). */
  get port(): number {
    if (this.boundPort === undefined) throw new Error('The SMTP server is not listening');
    return this.boundPort;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { inboundMail } = this.config;
    const tls =
      inboundMail.tlsKeyFile && inboundMail.tlsCertFile
        ? { key: fs.readFileSync(inboundMail.tlsKeyFile), cert: fs.readFileSync(inboundMail.tlsCertFile) }
        : undefined;
    const server = new SMTPServer({
      name: this.config.mailDomain,
      banner: 'Luister',
      size: inboundMail.maxBytes,
      authOptional: true,
      disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
      ...tls,
      logger: false,
      closeTimeout: 3000,
      // Each connection may hold up to maxBytes in memory; beyond this senders get 421 and retry.
      maxClients: inboundMail.maxClients ?? SMTP_DEFAULTS.maxClients,
      onConnect: (session, cb) => this.onConnect(server, session, cb),
      onRcptTo: (address, session, cb) => void this.onRcptTo(address, cb),
      onData: (stream, session, cb) => this.onData(stream, session, cb),
      onClose: (session) => this.forget(session),
    });
    server.on('error', (e: Error & { code?: string }) =>
      this.logger.warn({ err: { type: e.name, code: e.code } }, 'smtp connection error'),
    );
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.config.smtpPort, '0.0.0.0', () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.boundPort = (server.server.address() as AddressInfo).port;
    this.logger.log({ port: this.boundPort, starttls: !!tls }, 'inbound SMTP listening');
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const id of [...this.idle.keys()]) this.forget({ id } as SMTPServerSession);
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private onConnect(server: SMTPServer, session: SMTPServerSession, cb: (err?: Error | null) => void): void {
    if (!isAllowedClient(session.remoteAddress, this.config.inboundMail.allowedClients)) {
      this.logger.warn({ session: session.id }, 'smtp client not on the allowlist');
      return cb(smtpError(554, 'Access denied'));
    }
    // Fairness: one address may hold only so many of the maxClients slots (the count includes
    // this connection). The client's address is not logged: it may be a help-seeker's.
    const connections = [...(server as unknown as { connections: Set<SmtpConnection> }).connections];
    const fromAddress = connections.filter((c) => c.remoteAddress === session.remoteAddress).length;
    const limit = this.config.inboundMail.maxClientsPerAddress ?? SMTP_DEFAULTS.maxClientsPerAddress;
    if (fromAddress > limit) {
      this.logger.warn({ session: session.id, limit }, 'smtp client over its connection limit');
      return cb(smtpError(421, 'Too many connections from your address, try again later'));
    }
    const connection = connections.find((c) => c.session === session);
    if (connection) {
      this.idle.set(session.id, { connection, inData: false });
      this.armIdle(session.id);
    }
    cb();
  }

  /**
   * (Re)starts the session's idle clock. It runs from the greeting and from each delivered mail,
   * and stands still during DATA (the socket timeout covers a stalled upload) and while one of our
   * handlers has the client waiting. NOOP, RSET, HELP and unfinished transactions don't reset it.
   */
  private armIdle(sessionId: string): void {
    const watch = this.idle.get(sessionId);
    const seconds = this.config.inboundMail.idleSeconds ?? SMTP_DEFAULTS.idleSeconds;
    if (!watch || seconds <= 0) return;
    if (watch.timer) clearTimeout(watch.timer);
    watch.timer = setTimeout(() => {
      if (this.idle.get(sessionId) !== watch) return;
      if (watch.inData || watch.connection._handlerPending) return this.armIdle(sessionId);
      this.idle.delete(sessionId);
      this.logger.warn({ session: sessionId }, 'smtp session idle without a mail; closing');
      countSmtpAnswer(421);
      watch.connection.send(421, 'Idle too long without a mail, closing connection');
    }, seconds * 1000).unref();
  }

  private forget(session: SMTPServerSession): void {
    const watch = this.idle.get(session.id);
    if (watch?.timer) clearTimeout(watch.timer);
    this.idle.delete(session.id);
  }

  private async onRcptTo(address: SMTPServerAddress, cb: (err?: Error | null) => void): Promise<void> {
    let codes: ReadonlySet<string>;
    try {
      codes = await this.regions.codes();
    } catch {
      return cb(smtpError(451, 'Temporary local problem, please try again later'));
    }
    const r = parseRecipient(address.address, this.config.mailDomain, codes);
    if (r.kind === 'unknown') return cb(smtpError(550, 'No such recipient here'));
    cb();
  }

  private onData(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    answer: (err?: Error | null, message?: string) => void,
  ): void {
    // One answer per mail, whichever of error/end comes first.
    let answered = false;
    const watch = this.idle.get(session.id);
    if (watch) watch.inData = true;
    const cb = (err?: Error | null, message?: string) => {
      if (answered) return;
      answered = true;
      if (watch) {
        watch.inData = false;
        // A delivered mail is progress; a refused one is not.
        if (!err) this.armIdle(session.id);
      }
      answer(err, message);
    };
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => {
      // Past the limit the rest is drained, not kept.
      if (!stream.sizeExceeded) chunks.push(chunk);
    });
    stream.on('error', () => cb(smtpError(451, 'Temporary local problem, please try again later')));
    stream.on('end', () => {
      if (stream.sizeExceeded)
        return cb(smtpError(552, `Message exceeds the maximum size of ${this.config.inboundMail.maxBytes} bytes`));
      const bytes = Buffer.concat(chunks);
      const envelope = {
        mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        rcptTo: session.envelope.rcptTo.map((r) => r.address),
        remoteAddress: session.remoteAddress,
      };
      // Once a burst has run ahead of processing, the 250 waits (at most a second) for it to catch up.
      const pacer = this.queue.pacer;
      void pacer
        .take()
        .then(() => this.store.store(envelope, bytes))
        .then(
          (id) => {
            this.logger.log({ rawMailId: id, size: bytes.length }, 'mail stored');
            countSmtpAnswer(250);
            cb(null, `Queued as ${id}`);
            this.queue.wake();
          },
          (e: Error) => {
            // Not stored, so never processed: its place goes back.
            pacer.give(1);
            this.logger.error({ err: { type: e.name } }, 'could not store mail; answering 451');
            cb(smtpError(451, 'Temporary local problem, please try again later'));
          },
        );
    });
  }
}
