import { ImapFlow, ImapFlowOptions } from 'imapflow';
import { isIP } from 'node:net';
import type { Logger } from '@nestjs/common';
import { describeMailboxError, MailboxError, MailboxProblem } from './mailbox-errors';
import { Mailbox, MailboxSecret } from './mailbox-settings';
import { syncFolder, SyncDeps, SyncResult } from './mailbox-sync';
import { MailboxStore } from './mailbox.store';
import { OAuthTokens } from './oauth-tokens';

export interface FetcherDeps extends SyncDeps {
  store: MailboxStore;
  tokens: OAuthTokens;
  /** The mailbox's opened secret (env mailbox: from IMAP_URL; others: unsealed from the row). */
  secretOf(box: Mailbox): Promise<MailboxSecret>;
  /** Extra CAs (MAIL_TLS_CA_FILE) added to Node's own. */
  ca?: string[];
  logger: Pick<Logger, 'log' | 'warn'>;
  /** This process, as lease owner. */
  owner: string;
  leaseSeconds: number;
  pollSeconds: number;
  /** First pause before reconnecting (default 1 s; doubles while logins fail, up to a minute). */
  retryBaseMs?: number;
  /** Called after every sync (tests and the bench wait on it). */
  onSynced?(box: Mailbox, r: SyncResult): void;
}

const IDLE_SAFETY_SYNC_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 60_000;

/** ImapFlow options for a mailbox: TLS checked (with MAIL_TLS_CA_FILE's CAs), STARTTLS required when chosen, no logging. */
export async function imapOptions(
  box: Mailbox,
  deps: Pick<FetcherDeps, 'tokens' | 'secretOf' | 'ca'>,
  opts: { forceToken?: boolean } = {},
): Promise<ImapFlowOptions> {
  const secret = await deps.secretOf(box);
  const auth =
    box.auth === 'password'
      ? { user: box.username, pass: secret.password ?? '' }
      : {
          user: box.username,
          accessToken: await deps.tokens.accessToken(
            { mailboxId: box.id, auth: box.auth, username: box.username, oauth: box.oauth, secret },
            { force: opts.forceToken },
          ),
        };
  return {
    host: box.host,
    port: box.port,
    secure: box.security === 'tls',
    doSTARTTLS: box.security === 'starttls' ? true : box.security === 'none' ? false : undefined,
    ...(isIP(box.host) ? {} : { servername: box.host }),
    auth,
    tls: { rejectUnauthorized: true, minVersion: 'TLSv1.2', ...(deps.ca ? { ca: deps.ca } : {}) },
    // imapflow logs every command with the account name by default: never.
    logger: false,
    connectionTimeout: 30_000,
    greetingTimeout: 16_000,
    socketTimeout: 5 * 60_000,
    // IDLE as soon as a sync is done (its commands run back to back), so new mail wakes us at once;
    // some servers end IDLE silently after a while, so it is restarted regularly.
    autoIdleDelay: 1000,
    maxIdleTime: 4 * 60_000,
    clientInfo: { name: 'Luister' },
  };
}

/**
 * Connects, logs in (retrying once with a fresh OAuth token when a cached one is refused), and
 * makes sure the processed folder exists. Returns the server path of that folder (null: flag).
 * Moving needs MOVE or UIDPLUS: without either, imapflow's fallback would expunge every \Deleted
 * mail in the folder, not only ours, so such a server gets the flag instead.
 */
export async function openMailbox(
  box: Mailbox,
  deps: Pick<FetcherDeps, 'tokens' | 'secretOf' | 'ca'>,
): Promise<{ client: ImapFlow; processedPath: string | null }> {
  let client = new ImapFlow(await imapOptions(box, deps));
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    client.close();
    if (box.auth === 'password' || describeMailboxError(e).code !== 'login-refused') throw e;
    client = new ImapFlow(await imapOptions(box, deps, { forceToken: true }));
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (e2) {
      client.close();
      throw e2;
    }
  }
  try {
    let processedPath: string | null = null;
    const canMove = client.capabilities.has('MOVE') || client.capabilities.has('UIDPLUS');
    if (box.processedFolder && canMove) {
      const parts = box.processedFolder.split('/').filter(Boolean);
      try {
        processedPath = (await client.mailboxCreate(parts)).path;
      } catch (e) {
        // Already there is fine (imapflow reports some servers' ALREADYEXISTS as an error).
        const err = e as { serverResponseCode?: string };
        if (err.serverResponseCode !== 'ALREADYEXISTS')
          throw new MailboxError('processed-folder-failed', box.processedFolder);
        const list = await client.list();
        const delimiter = list.find((l) => l.delimiter)?.delimiter ?? '/';
        processedPath = parts.join(delimiter);
      }
    }
    return { client, processedPath };
  } catch (e) {
    client.close();
    throw e;
  }
}

/**
 * Keeps one mailbox fetched: holds the lease (so one instance fetches at a time), connects,
 * syncs, then waits in IDLE (or polls every `pollSeconds` where the server has no IDLE) for new
 * mail, and on any failure records it in plain words and reconnects with a growing pause.
 * Correctness never rests on the lease: storing is idempotent, so two fetchers at once (a lease
 * that lapsed during a long pause) still store every mail once.
 */
export class MailboxFetcher {
  private stopped = false;
  private loop?: Promise<void>;
  private client?: ImapFlow;
  private pending = false;
  private wakeUp?: () => void;
  private reachedFolder = false;

  constructor(
    readonly box: Mailbox,
    private readonly deps: FetcherDeps,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.trigger();
    this.client?.close();
    await this.loop;
  }

  /** Sync as soon as possible (new mail announced, a poll, a test). */
  trigger(): void {
    this.pending = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    const base = this.deps.retryBaseMs ?? 1000;
    let backoff = base;
    while (!this.stopped) {
      let leased = false;
      try {
        leased = await this.deps.store.acquireLease(this.box.id, this.deps.owner, this.deps.leaseSeconds);
      } catch (e) {
        this.deps.logger.warn(
          { mailboxId: this.box.id, err: { type: (e as Error).name } },
          'mailbox lease check failed',
        );
      }
      if (!leased) {
        // Another instance fetches this mailbox; take over when its lease lapses.
        await this.sleep((this.deps.leaseSeconds * 1000) / 2);
        continue;
      }
      this.reachedFolder = false;
      try {
        await this.session();
      } catch (e) {
        const problem = describeMailboxError(e);
        this.report(problem);
      }
      await this.deps.store.markConnected(this.box.id, this.deps.owner, false).catch(() => undefined);
      if (this.stopped) break;
      // A session that got in was fine (the server dropped it): reconnect soon. Failing to get
      // in at all backs off, doubling up to a minute, so a refused login is not hammered.
      backoff = this.reachedFolder ? base : Math.min(backoff * 2, MAX_BACKOFF_MS);
      await this.sleep(backoff / 2 + Math.random() * (backoff / 2));
    }
    await this.deps.store.releaseLease(this.box.id, this.deps.owner).catch(() => undefined);
  }

  private report(problem: MailboxProblem, failing = true): void {
    this.deps.logger.warn({ mailboxId: this.box.id, error: problem.code }, 'mailbox problem');
    void this.deps.store.markProblem(this.box.id, this.deps.owner, problem, failing).catch(() => undefined);
  }

  private async session(): Promise<void> {
    const { client, processedPath } = await openMailbox(this.box, this.deps);
    this.client = client;
    const timers: NodeJS.Timeout[] = [];
    let leaseLost = false;
    try {
      client.on('exists', () => this.trigger());
      client.on('close', () => this.trigger());
      if (this.stopped) return;
      await client.mailboxOpen(this.box.folder);
      this.reachedFolder = true;
      await this.deps.store.markConnected(this.box.id, this.deps.owner, true);
      const idle = client.capabilities.has('IDLE');
      timers.push(
        setInterval(() => this.trigger(), idle ? IDLE_SAFETY_SYNC_MS : this.deps.pollSeconds * 1000),
        setInterval(
          () =>
            void this.deps.store
              .acquireLease(this.box.id, this.deps.owner, this.deps.leaseSeconds)
              .then((ok) => {
                if (!ok) {
                  leaseLost = true;
                  client.close();
                }
              })
              .catch(() => undefined),
          (this.deps.leaseSeconds * 1000) / 3,
        ),
      );
      for (const t of timers) t.unref();
      this.pending = true;
      while (!this.stopped) {
        if (!client.usable) {
          if (leaseLost) return;
          throw new MailboxError('connection-lost', 'the server closed the connection');
        }
        if (this.pending) {
          this.pending = false;
          const r = await syncFolder(client, this.box, processedPath, this.deps);
          await this.deps.store.markSynced(this.box.id, this.deps.owner);
          if (r.stored || r.tooLarge) this.deps.logger.log({ mailboxId: this.box.id, ...r }, 'mailbox synced');
          if (r.tooLarge)
            this.report(
              { code: 'too-large', detail: `${r.tooLarge} mail(s) over the size limit stay in the mailbox` },
              false,
            );
          this.deps.onSynced?.(this.box, r);
          continue;
        }
        await new Promise<void>((resolve) => {
          this.wakeUp = resolve;
          if (this.pending || this.stopped || !client.usable) resolve();
        });
        this.wakeUp = undefined;
      }
    } finally {
      for (const t of timers) clearInterval(t);
      this.client = undefined;
      if (client.usable) await client.logout().catch(() => client.close());
      else client.close();
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wakeUp = undefined;
        resolve();
      }, ms);
      this.wakeUp = () => {
        clearTimeout(t);
        this.wakeUp = undefined;
        resolve();
      };
    });
  }
}
