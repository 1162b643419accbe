import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import * as fs from 'node:fs';
import { isIP } from 'node:net';
import { rootCertificates, SecureVersion } from 'node:tls';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { MailboxSecrets, MailboxTokens } from '../mailboxes/mailbox-secrets.service';
import { Mailbox } from '../mailboxes/mailbox-settings';
import { MailboxStore } from '../mailboxes/mailbox.store';

/** Where one outgoing mail goes: the transport (none: keep it in the app) and the From address. */
export interface MailRoute {
  transport?: Transporter;
  /** The mailbox's transport could not be made (its secret unreadable): a failed try, not a kept mail. */
  error?: unknown;
  /** The organisation's mailbox address the help-seeker wrote to; unset: the service address. */
  from?: string;
}

export interface DkimSettings {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

/** The trusted CAs: Node's own plus MAIL_TLS_CA_FILE's (a private CA for an in-house relay or mail server). */
export function caBundle(file: string | undefined): string[] | undefined {
  if (!file) return undefined;
  return [...rootCertificates, fs.readFileSync(file, 'utf8')];
}

/**
 * SMTP_RELAY_URL as nodemailer options: `smtp://user:password@host:587` (STARTTLS, required
 * whenever there are credentials, so a password never crosses the wire in clear) or
 * `smtps://…:465` (TLS from the start). Certificates are always checked.
 */
export function relayOptions(url: string, ca?: string[]): SMTPTransport.Options {
  const u = new URL(url);
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:')
    throw new Error('SMTP_RELAY_URL must start with smtp:// or smtps://');
  const secure = u.protocol === 'smtps:';
  const user = decodeURIComponent(u.username);
  const pass = decodeURIComponent(u.password);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return {
    host,
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    requireTLS: !secure && !!user,
    ...(user ? { auth: { user, pass } } : {}),
    tls: {
      rejectUnauthorized: true,
      ...(isIP(host) ? {} : { servername: host }),
      minVersion: 'TLSv1.2',
      ...(ca ? { ca } : {}),
    },
    pool: true,
    maxConnections: 5,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  } as SMTPTransport.Options;
}

/** DKIM for mail whose From domain is the key's domain or below it (relaxed alignment, what DMARC checks). */
export function dkimFor(from: string, dkim: DkimSettings | undefined): DkimSettings | undefined {
  if (!dkim) return undefined;
  const domain = from.slice(from.lastIndexOf('@') + 1).toLowerCase();
  const d = dkim.domainName.toLowerCase();
  return domain === d || domain.endsWith(`.${d}`) ? dkim : undefined;
}

/**
 * The outgoing transports: the relay from SMTP_RELAY_URL and, per organisation mailbox that
 * sends through its own server (Microsoft 365, Google, a host's SMTP), a pooled transport with
 * that mailbox's login (password or XOAUTH2 with tokens refreshed as needed). Routes each outbox
 * row so that a reply leaves from the address the help-seeker wrote to.
 */
@Injectable()
export class MailTransports implements OnApplicationShutdown {
  private relay?: Transporter;
  private readonly ca?: string[];
  readonly dkim?: DkimSettings;
  private readonly perMailbox = new Map<string, { stamp: number; transport: Transporter }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: MailboxStore,
    private readonly secrets: MailboxSecrets,
    private readonly tokens: MailboxTokens,
  ) {
    this.ca = caBundle(config.outboundMail.tlsCaFile);
    const d = config.outboundMail.dkim;
    if (d)
      this.dkim = {
        domainName: d.domain,
        keySelector: d.selector,
        privateKey: fs.readFileSync(d.privateKeyFile, 'utf8'),
      };
  }

  /** Outside Nest (benches, crash tests): the same transports on their own store and secrets. */
  static standalone(config: AppConfig, db: DataSource): MailTransports {
    const store = new MailboxStore(db);
    const secrets = new MailboxSecrets(config, store);
    return new MailTransports(config, store, secrets, new MailboxTokens(secrets));
  }

  onApplicationShutdown(): void {
    this.relay?.close();
    for (const t of this.perMailbox.values()) t.transport.close();
    this.perMailbox.clear();
  }

  relayTransport(): Transporter | undefined {
    if (!this.config.outboundMail.relayUrl) return undefined;
    this.relay ??= nodemailer.createTransport(relayOptions(this.config.outboundMail.relayUrl, this.ca));
    return this.relay;
  }

  /** A mailbox's own SMTP server with its login; rebuilt when its settings change. */
  async mailboxTransport(box: Mailbox): Promise<Transporter> {
    const stamp = box.updatedAt.getTime();
    const cached = this.perMailbox.get(box.id);
    if (cached && cached.stamp === stamp) return cached.transport;
    cached?.transport.close();
    const host = box.smtpHost ?? box.host;
    const security = box.smtpSecurity ?? 'starttls';
    const base = {
      host,
      port: box.smtpPort ?? 587,
      secure: security === 'tls',
      requireTLS: security === 'starttls',
      ignoreTLS: security === 'none',
      tls: {
        rejectUnauthorized: true,
        ...(isIP(host) ? {} : { servername: host }),
        minVersion: 'TLSv1.2' as SecureVersion,
        ...(this.ca ? { ca: this.ca } : {}),
      },
      pool: true,
      maxConnections: 2,
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    };
    let transport: Transporter;
    // Opened now for every kind of login: a secret that no longer opens is named as such.
    const secret = await this.secrets.secretOf(box);
    if (box.auth === 'password') {
      transport = nodemailer.createTransport({ ...base, auth: { user: box.username, pass: secret.password ?? '' } });
    } else {
      transport = nodemailer.createTransport({ ...base, auth: { type: 'OAuth2', user: box.username } });
      const auth = box.auth;
      // XOAUTH2 with our token cache: nodemailer asks again with renew=true when a token is refused.
      transport.set(
        'oauth2_provision_cb',
        (_user: string, renew: boolean, cb: (e: Error | null, t?: string) => void) => {
          this.secrets
            .secretOf(box)
            .then((secret) =>
              this.tokens.accessToken(
                { mailboxId: box.id, auth, username: box.username, oauth: box.oauth, secret },
                { force: renew },
              ),
            )
            .then(
              (token) => cb(null, token),
              (e: Error) => cb(e),
            );
        },
      );
    }
    this.perMailbox.set(box.id, { stamp, transport });
    return transport;
  }

  /**
   * Per row: mail in a case whose latest mail came from an organisation mailbox leaves from
   * that mailbox's address (through its own server, or the relay); everything else as before,
   * through the relay from the service address, or kept in the app without one.
   */
  async routes(rows: { caseId: string | null }[]): Promise<MailRoute[]> {
    const relay = this.relayTransport();
    const caseIds = [...new Set(rows.map((r) => r.caseId).filter((c): c is string => !!c))];
    if (!caseIds.length || !(await this.hasMailboxes())) return rows.map(() => ({ transport: relay }));
    const ofCase = await this.store.mailboxesOfCases(caseIds);
    const boxes = new Map((await this.store.list()).map((b) => [b.id, b]));
    return Promise.all(
      rows.map(async (r): Promise<MailRoute> => {
        const box = r.caseId ? boxes.get(ofCase.get(r.caseId) ?? '') : undefined;
        if (!box || box.sendVia === 'service') return { transport: relay };
        if (box.sendVia === 'mailbox') {
          // One mailbox with a broken login must not hold up everyone else's mail in the batch.
          try {
            return { transport: await this.mailboxTransport(box), from: box.address };
          } catch (error) {
            return { error, from: box.address };
          }
        }
        return { transport: relay, from: box.address };
      }),
    );
  }

  private hasMailboxes(): Promise<boolean> {
    return this.store.any();
  }
}
