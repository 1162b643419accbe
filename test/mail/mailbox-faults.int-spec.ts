import { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database/data-source';
import { RawMailStore } from '../../src/mail/inbound/raw-mail.store';
import { MailboxFetcher } from '../../src/mail/mailboxes/mailbox-fetcher';
import { MailboxSecrets, MailboxTokens } from '../../src/mail/mailboxes/mailbox-secrets.service';
import type { SyncResult } from '../../src/mail/mailboxes/mailbox-sync';
import { MailboxStore } from '../../src/mail/mailboxes/mailbox.store';
import { startTestApp, TestApp } from '../support/app';
import { Dovecot, dovecotAvailable, startDovecot, testMail } from '../support/dovecot';
import { ProxyConnection, startProxy, TcpProxy } from '../support/tcp-proxy';
import {
  addMailbox,
  casesFrom,
  folderCounts,
  imap,
  mailboxConfig,
  processStored,
  storedFrom,
  waitFor,
} from './support/mailboxes';

/**
 * Half the mails' bodies have crossed this connection. Counted by their Subject lines, not by
 * bytes: the protocol's own share of the bytes varies, and a byte mark could fall after the last
 * body (the stop then lands once every mail is stored, and the test tests nothing).
 */
function halfCrossed(c: ProxyConnection, n: number): boolean {
  return (c.serverText.match(/\r\nSubject: Vraag /g)?.length ?? 0) >= n / 2;
}
const run = dovecotAvailable() ? describe : describe.skip;
const USERS = [
  'restart@org.test',
  'cut@org.test',
  'cutmid@org.test',
  'twice@org.test',
  'failover@org.test',
  'moved@org.test',
];

/** A second instance whose lease check always says yes: both fetch at once (a lapsed lease, a paused process). */
class NoLeaseStore extends MailboxStore {
  override async acquireLease(): Promise<boolean> {
    return true;
  }
}

/**
 * The durability promises of IMAP fetching, each with counts of mails sent vs stored vs cases:
 * the server stopped and restarted mid-fetch, the connection cut after the FETCH before the
 * commit (and in the middle of it), two instances on one mailbox, failover between them, and
 * mails moved by a person meanwhile. Nothing lost, nothing doubled.
 */
run('mailboxes: faults while fetching', () => {
  let dovecot: Dovecot;
  let t: TestApp;
  const dataSources: DataSource[] = [];
  const fetchers: MailboxFetcher[] = [];
  const proxies: TcpProxy[] = [];

  beforeAll(async () => {
    [dovecot, t] = await Promise.all([
      startDovecot({ users: Object.fromEntries(USERS.map((u) => [u, 'secret'])) }),
      // Fetchers are built by the tests here (as separate instances), not by the app.
      startTestApp(mailboxConfig({ fetch: false })),
    ]);
  });
  afterEach(async () => {
    await Promise.all(fetchers.splice(0).map((f) => f.stop()));
    await Promise.all(proxies.splice(0).map((p) => p.close()));
    // A failed test must not leave the next one without a server.
    if (!dovecot.running()) await dovecot.start();
  });
  afterAll(async () => {
    for (const ds of dataSources) if (ds.isInitialized) await ds.destroy();
    await t?.close();
    await dovecot?.destroy();
  });

  /** An instance of the fetcher with a database connection pool of its own. */
  async function instance(
    mailboxId: string,
    o: { noLease?: boolean; onSynced?: (r: SyncResult) => void } = {},
  ): Promise<MailboxFetcher> {
    const ds = createDataSource(t.db.url, { poolSize: 3 });
    await ds.initialize();
    dataSources.push(ds);
    const store = o.noLease ? new NoLeaseStore(ds) : new MailboxStore(ds);
    const box = (await store.get(mailboxId))!;
    const secrets = t.app.get(MailboxSecrets);
    const f = new MailboxFetcher(box, {
      db: ds,
      store,
      rawMail: new RawMailStore(ds),
      enqueue: () => undefined,
      mailDomain: t.config.mailDomain,
      maxBytes: t.config.inboundMail.maxBytes,
      tokens: t.app.get(MailboxTokens),
      secretOf: (b) => secrets.secretOf(b),
      logger: { log: () => undefined, warn: () => undefined },
      owner: `instance-${dataSources.length}`,
      leaseSeconds: 2,
      pollSeconds: 600,
      // Small commits, so a cut or a stop lands between commits with few mails; quick reconnects.
      batchSize: 20,
      retryBaseMs: 200,
      onSynced: (_b, r) => o.onSynced?.(r),
    });
    fetchers.push(f);
    return f;
  }

  async function counts(mailboxId: string, sent: number) {
    await processStored(t);
    const s = await storedFrom(t.db.ds, mailboxId);
    return { sent, stored: s.raw, rows: s.rows, cases: await casesFrom(t.db.ds, mailboxId) };
  }

  it('the server stopped and restarted in the middle of a fetch: every mail once', async () => {
    const user = 'restart@org.test';
    const N = 80;
    const mails = Array.from({ length: N }, (_, i) => testMail(i, { prefix: 'restart' }));
    dovecot.writeMaildir(user, mails);
    // Slowed down, and the server stopped when half the mail has crossed the first connection.
    let stopped: Promise<void> | undefined;
    const proxy = await startProxy(dovecot.port, {
      delayMs: 3,
      chunkBytes: 1024,
      onServerData: (c) => {
        // A server going down cuts its connections at that moment.
        if (c.id === 1 && halfCrossed(c, N) && !stopped) {
          c.cut();
          stopped = dovecot.stop();
        }
      },
    });
    proxies.push(proxy);
    const id = await addMailbox(t, dovecot, user, { port: proxy.port });
    (await instance(id)).start();
    await waitFor(
      'stopped mid-fetch',
      async () => ({ stopping: !!stopped }),
      (s) => s.stopping,
      20_000,
    );
    await stopped;
    const atStop = await storedFrom(t.db.ds, id);
    expect(atStop.raw).toBeLessThan(N);
    await new Promise((r) => setTimeout(r, 300));
    await dovecot.start();
    await waitFor(
      'all stored',
      () => storedFrom(t.db.ds, id),
      (s) => s.raw === N,
      30_000,
    );
    await waitFor(
      'all moved',
      () => folderCounts(dovecot, user),
      (f) => f.INBOX === 0,
      15_000,
    );
    expect(await folderCounts(dovecot, user)).toMatchObject({ INBOX: 0, 'Luister.Verwerkt': N });
    expect(await counts(id, N)).toEqual({ sent: N, stored: N, rows: N, cases: N });
  });

  it('the connection cut right after the FETCH, before the commit: stored once, moved on reconnect', async () => {
    const user = 'cut@org.test';
    const N = 30;
    dovecot.writeMaildir(
      user,
      Array.from({ length: N }, (_, i) => testMail(i, { prefix: 'cut', messageId: i % 10 !== 0 })),
    );
    let fetches = 0;
    const proxy = await startProxy(dovecot.port, {
      onServerData: (c, chunk) => {
        // Right after the first connection's FETCH of the bodies has completed.
        if (c.id !== 1) return;
        fetches += (chunk.toString('latin1').match(/ OK Fetch completed/g) ?? []).length;
        if (fetches === 1) c.cut();
      },
    });
    proxies.push(proxy);
    const id = await addMailbox(t, dovecot, user, { port: proxy.port });
    (await instance(id)).start();
    await waitFor(
      'moved after reconnecting',
      () => folderCounts(dovecot, user),
      (f) => f.INBOX === 0,
      20_000,
    );
    expect(proxy.connections.length).toBeGreaterThanOrEqual(2);
    expect(await folderCounts(dovecot, user)).toMatchObject({ INBOX: 0, 'Luister.Verwerkt': N });
    expect(await counts(id, N)).toEqual({ sent: N, stored: N, rows: N, cases: N });
  });

  it('the connection cut in the middle of the FETCH: what was committed stays, the rest is fetched again', async () => {
    const user = 'cutmid@org.test';
    const N = 80;
    const mails = Array.from({ length: N }, (_, i) => testMail(i, { prefix: 'cutmid' }));
    dovecot.writeMaildir(user, mails);
    const proxy = await startProxy(dovecot.port, {
      delayMs: 2,
      chunkBytes: 1024,
      onServerData: (c) => {
        if (c.id === 1 && halfCrossed(c, N)) c.cut();
      },
    });
    proxies.push(proxy);
    const id = await addMailbox(t, dovecot, user, { port: proxy.port });
    (await instance(id)).start();
    await waitFor(
      'moved after reconnecting',
      () => folderCounts(dovecot, user),
      (f) => f.INBOX === 0,
      20_000,
    );
    expect(proxy.connections.length).toBeGreaterThanOrEqual(2);
    expect(await counts(id, N)).toEqual({ sent: N, stored: N, rows: N, cases: N });
  });

  it('two instances fetching one mailbox at the same moment store every mail once', async () => {
    const user = 'twice@org.test';
    const N = 100;
    dovecot.writeMaildir(
      user,
      Array.from({ length: N }, (_, i) => testMail(i, { prefix: 'twice', messageId: i % 25 !== 0 })),
    );
    const id = await addMailbox(t, dovecot, user);
    const stored = [0, 0];
    const a = await instance(id, { noLease: true, onSynced: (r) => (stored[0] += r.stored) });
    const b = await instance(id, { noLease: true, onSynced: (r) => (stored[1] += r.stored) });
    a.start();
    b.start();
    await waitFor(
      'all moved',
      () => folderCounts(dovecot, user),
      (f) => f.INBOX === 0,
      30_000,
    );
    await waitFor(
      'both synced',
      async () => stored[0] + stored[1],
      (n) => n === N,
      5000,
    );
    expect(await counts(id, N)).toEqual({ sent: N, stored: N, rows: N, cases: N });
    expect(stored[0] + stored[1]).toBe(N);
  });

  it('with the lease, a second instance stands by and takes over when the first stops mid-sync', async () => {
    const user = 'failover@org.test';
    const N = 80;
    const mails = Array.from({ length: N }, (_, i) => testMail(i, { prefix: 'failover' }));
    dovecot.writeMaildir(user, mails);
    let stopping: Promise<void> | undefined;
    const stored = [0, 0];
    const proxy = await startProxy(dovecot.port, {
      delayMs: 2,
      chunkBytes: 1024,
      // The first instance stops (a deploy, a crash) halfway through its first transfer.
      onServerData: (c) => {
        if (c.id === 1 && halfCrossed(c, N) && !stopping) stopping = a.stop();
      },
    });
    proxies.push(proxy);
    const id = await addMailbox(t, dovecot, user, { port: proxy.port });
    const a = await instance(id, { onSynced: (r) => (stored[0] += r.stored) });
    const b = await instance(id, { onSynced: (r) => (stored[1] += r.stored) });
    a.start();
    await waitFor(
      'a holds the lease',
      async () => (await t.db.ds.query(`SELECT lease_owner FROM mailbox WHERE id = $1`, [id]))[0],
      (r) => r.lease_owner !== null,
    );
    // b stands by while a holds the lease, then takes over once a's lease is released.
    b.start();
    await waitFor(
      'a stopped',
      async () => ({ stopping: !!stopping }),
      (s) => s.stopping,
      20_000,
    );
    await stopping;
    await waitFor(
      'b took over',
      () => storedFrom(t.db.ds, id),
      (s) => s.raw === N,
      30_000,
    );
    await waitFor(
      'all moved',
      () => folderCounts(dovecot, user),
      (f) => f.INBOX === 0,
      15_000,
    );
    // a never finished a sync; b stored the rest after taking over (at least the half that had
    // not crossed a's line). b reports a sync only after moving the mail: wait for the report.
    await waitFor(
      "b's sync reported",
      async () => stored[1],
      (n) => n >= N / 2,
      15_000,
    );
    expect(stored[0]).toBe(0);
    expect(await counts(id, N)).toEqual({ sent: N, stored: N, rows: N, cases: N });
  });

  it('mail a person moves away and back (a new UID) is not stored again', async () => {
    const user = 'moved@org.test';
    const c = await imap(dovecot, user);
    for (let i = 0; i < 4; i++) await c.append('INBOX', testMail(i, { prefix: 'moved', messageId: i !== 3 }));
    const id = await addMailbox(t, dovecot, user, { processed: 'flag' });
    const f = await instance(id);
    f.start();
    await waitFor(
      '4 stored',
      () => storedFrom(t.db.ds, id),
      (s) => s.raw === 4,
    );
    // In Outlook: two processed mails dragged to another folder and back; one new mail arrives.
    await c.mailboxCreate('Archief');
    await c.mailboxOpen('INBOX');
    await waitFor(
      'flagged',
      async () => (await c.search({ flagged: true }, { uid: true })) || [],
      (u) => u.length === 4,
    );
    await c.messageMove('1,4', 'Archief', { uid: true });
    await c.mailboxOpen('Archief');
    await c.messageMove('1:*', 'INBOX', { uid: true });
    await c.append('INBOX', testMail(9, { prefix: 'moved' }));
    await c.mailboxOpen('INBOX');
    f.trigger();
    await waitFor(
      'new mail stored',
      () => storedFrom(t.db.ds, id),
      (s) => s.raw === 5,
    );
    await waitFor(
      'all flagged',
      async () => (await c.search({ flagged: false }, { uid: true })) || [],
      (u) => u.length === 0,
    );
    await c.logout();
    expect(await counts(id, 5)).toEqual({ sent: 5, stored: 5, rows: 5, cases: 5 });
  });
});
