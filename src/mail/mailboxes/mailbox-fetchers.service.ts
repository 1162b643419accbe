import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { InboundMailQueue } from '../inbound/inbound-mail.queue';
import { RawMailStore } from '../inbound/raw-mail.store';
import { caBundle } from '../outbound/mail-transports';
import { parseImapUrl } from './imap-url';
import { FetcherDeps, MailboxFetcher } from './mailbox-fetcher';
import { MailboxSecrets, MailboxTokens } from './mailbox-secrets.service';
import { Mailbox } from './mailbox-settings';
import type { SyncResult } from './mailbox-sync';
import { MailboxStore } from './mailbox.store';
import { regionIdByCode } from './mailboxes.repository';
import { MailboxesService } from './mailboxes.service';

const REFRESH_MS = 30_000;

/**
 * Runs one fetcher per active mailbox in this process and keeps the set in step with the
 * database (admins' changes here at once, another instance's within half a minute). At start it
 * brings IMAP_URL's mailbox row in step with the setting.
 */
@Injectable()
export class MailboxFetchers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('mailboxes');
  private readonly fetchers = new Map<string, MailboxFetcher>();
  private timer?: NodeJS.Timeout;
  private refreshing?: Promise<void>;
  private again = false;
  private stopped = false;
  /** This process as lease owner: host, pid and a random part (two apps in one process differ). */
  readonly owner = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly listeners = new Set<(box: Mailbox, r: SyncResult) => void>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly store: MailboxStore,
    private readonly secrets: MailboxSecrets,
    private readonly tokens: MailboxTokens,
    private readonly rawMail: RawMailStore,
    private readonly queue: InboundMailQueue,
    mailboxes: MailboxesService,
  ) {
    mailboxes.onChange = () => void this.refresh();
  }

  private get fetching(): boolean {
    return this.config.mailboxes.fetch ?? this.config.jobs.enabled;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.syncEnvMailbox();
    if (!this.fetching) return;
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.refreshing?.catch(() => undefined);
    await Promise.all([...this.fetchers.values()].map((f) => f.stop()));
    this.fetchers.clear();
  }

  /** Tests and the bench: be told after every sync of any mailbox. */
  onSynced(listener: (box: Mailbox, r: SyncResult) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ask every running fetcher to sync now. */
  syncAll(): void {
    for (const f of this.fetchers.values()) f.trigger();
  }

  /** Starts, restarts (settings changed) and stops fetchers to match the active mailboxes. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      try {
        do {
          this.again = false;
          await this.reconcile();
        } while (this.again && !this.stopped);
      } catch (e) {
        this.logger.warn({ err: { type: (e as Error).name } }, 'mailbox list could not be read; next round retries');
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  private async reconcile(): Promise<void> {
    if (this.stopped || !this.fetching) return;
    const active = await this.store.active();
    const wanted = new Map(active.map((b) => [b.id, b]));
    for (const [id, f] of this.fetchers) {
      const b = wanted.get(id);
      if (!b || b.updatedAt.getTime() !== f.box.updatedAt.getTime()) {
        this.fetchers.delete(id);
        await f.stop();
      }
    }
    for (const b of active) {
      if (this.fetchers.has(b.id) || this.stopped) continue;
      const f = new MailboxFetcher(b, this.deps());
      this.fetchers.set(b.id, f);
      f.start();
    }
  }

  private deps(): FetcherDeps {
    return {
      db: this.db,
      store: this.store,
      rawMail: this.rawMail,
      enqueue: () => this.queue.wake(),
      mailDomain: this.config.mailDomain,
      maxBytes: this.config.inboundMail.maxBytes,
      tokens: this.tokens,
      secretOf: (b) => this.secrets.secretOf(b),
      ca: caBundle(this.config.outboundMail.tlsCaFile),
      logger: this.logger,
      owner: this.owner,
      leaseSeconds: this.config.mailboxes.leaseSeconds,
      pollSeconds: this.config.mailboxes.pollSeconds,
      onSynced: (box, r) => this.listeners.forEach((l) => l(box, r)),
    };
  }

  /** IMAP_URL → the `env` mailbox row (its password stays in the environment). */
  private async syncEnvMailbox(): Promise<void> {
    const url = this.config.mailboxes.imapUrl;
    if (!url) return this.store.deactivateEnv();
    const s = parseImapUrl(url);
    let regionId: number | null = null;
    if (s.regionCode) {
      const id = await regionIdByCode(this.db, s.regionCode);
      if (id === undefined) throw new Error(`IMAP_URL: there is no region with code "${s.regionCode}"`);
      regionId = id;
    }
    await this.store.upsertEnv(
      {
        address: s.address,
        host: s.host,
        port: s.port,
        security: s.security,
        username: s.username,
        auth: 'password',
        oauth: {},
        folder: s.folder,
        processedFolder: s.processedFolder,
        regionId,
        fetchSince: null,
        sendVia: 'relay',
        smtpHost: null,
        smtpPort: null,
        smtpSecurity: null,
        active: true,
      },
      randomUUID(),
    );
  }
}
