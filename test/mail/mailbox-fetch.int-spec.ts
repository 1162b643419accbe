import { MailboxFetchers } from '../../src/mail/mailboxes/mailbox-fetchers.service';
import { startTestApp, TestApp } from '../support/app';
import { Dovecot, dovecotAvailable, startDovecot, testMail } from '../support/dovecot';
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

const run = dovecotAvailable() ? describe : describe.skip;
const USERS = ['gent@org.test', 'idle@org.test', 'flag@org.test', 'uidvalidity@org.test'];

/**
 * Fetching from a real IMAP server (a throw-away Dovecot): mail is stored in raw_mail, then moved
 * (or flagged) on the server, and the unchanged inbound pipeline turns it into cases.
 */
run('mailboxes: fetching over IMAP', () => {
  let dovecot: Dovecot;
  let polling: Dovecot;
  let t: TestApp;

  beforeAll(async () => {
    [dovecot, polling, t] = await Promise.all([
      startDovecot({ users: Object.fromEntries(USERS.map((u) => [u, 'secret'])) }),
      startDovecot({ idle: false, users: { 'poll@org.test': 'secret' } }),
      startTestApp(mailboxConfig({ pollSeconds: 1 })),
    ]);
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([dovecot?.destroy(), polling?.destroy()]);
  });

  it('stores every mail, moves it to the processed folder, and the pipeline makes a case of each', async () => {
    const user = 'gent@org.test';
    const c = await imap(dovecot, user);
    for (let i = 0; i < 5; i++) await c.append('INBOX', testMail(i, { prefix: 'gent', messageId: i !== 2 }));
    await c.logout();

    const id = await addMailbox(t, dovecot, user, { region: 'gent' });
    await waitFor(
      '5 stored and moved',
      () => folderCounts(dovecot, user),
      (f) => f['Luister.Verwerkt'] === 5,
    );
    expect(await folderCounts(dovecot, user)).toMatchObject({ INBOX: 0, 'Luister.Verwerkt': 5 });
    expect(await storedFrom(t.db.ds, id)).toEqual({ raw: 5, rows: 5 });

    // From raw_mail on, the existing pipeline: one case per mail, routed to the mailbox's region.
    expect(await processStored(t)).toBe(5);
    expect(await casesFrom(t.db.ds, id)).toBe(5);
    const regions = await t.db.ds.query(
      `SELECT DISTINCT r.code FROM raw_mail rm JOIN mailbox_message mm ON mm.raw_mail_id = rm.id
         JOIN cases c ON c.id = rm.case_id JOIN region r ON r.id = c.region_id WHERE mm.mailbox_id = $1`,
      [id],
    );
    expect(regions).toEqual([{ code: 'gent' }]);
    const [status] = await t.db.ds.query(
      `SELECT fetched_count, last_fetch_at, failing_since FROM mailbox WHERE id = $1`,
      [id],
    );
    expect(Number(status.fetched_count)).toBe(5);
    expect(status.last_fetch_at).not.toBeNull();
    expect(status.failing_since).toBeNull();
  });

  it('wakes up on IDLE when new mail arrives, long before the next poll', async () => {
    const user = 'idle@org.test';
    // The app polls every second for servers without IDLE; with IDLE it waits 5 minutes.
    const id = await addMailbox(t, dovecot, user);
    await waitFor(
      'connected',
      async () => (await t.db.ds.query(`SELECT connected FROM mailbox WHERE id = $1`, [id]))[0],
      (r) => r.connected,
    );
    const synced = new Promise<number>((resolve) => {
      const off = t.app.get(MailboxFetchers).onSynced((box, r) => {
        if (box.id === id && r.stored) {
          off();
          resolve(Date.now());
        }
      });
    });
    const c = await imap(dovecot, user);
    const sent = Date.now();
    await c.append('INBOX', testMail(1, { prefix: 'idle' }));
    await c.logout();
    const at = await synced;
    expect(at - sent).toBeLessThan(3000);
    expect(await storedFrom(t.db.ds, id)).toEqual({ raw: 1, rows: 1 });
  });

  it('polls a server without IDLE', async () => {
    const user = 'poll@org.test';
    const id = await addMailbox(t, polling, user);
    await waitFor(
      'connected',
      async () => (await t.db.ds.query(`SELECT connected FROM mailbox WHERE id = $1`, [id]))[0],
      (r) => r.connected,
    );
    const c = await imap(polling, user);
    expect(c.capabilities.has('IDLE')).toBe(false);
    await c.append('INBOX', testMail(1, { prefix: 'poll' }));
    await c.logout();
    await waitFor(
      'polled',
      () => storedFrom(t.db.ds, id),
      (s) => s.raw === 1,
      5000,
    );
    expect(await folderCounts(polling, user)).toMatchObject({ INBOX: 0, 'Luister.Verwerkt': 1 });
  });

  it('flags instead of moving when asked, and fetches mail a person flagged before Luister saw it', async () => {
    const user = 'flag@org.test';
    const c = await imap(dovecot, user);
    await c.append('INBOX', testMail(1, { prefix: 'flag' }), ['\\Flagged']);
    await c.append('INBOX', testMail(2, { prefix: 'flag' }));
    const id = await addMailbox(t, dovecot, user, { processed: 'flag' });
    await waitFor(
      '2 stored',
      () => storedFrom(t.db.ds, id),
      (s) => s.raw === 2,
    );
    await c.mailboxOpen('INBOX');
    const flagged = await waitFor(
      'flagged',
      async () => (await c.search({ flagged: true }, { uid: true })) || [],
      (u) => u.length === 2,
    );
    expect(flagged).toHaveLength(2);
    // New mail later: only that one is fetched (the sync position skips what was done).
    await c.append('INBOX', testMail(3, { prefix: 'flag' }));
    await waitFor(
      '3 stored',
      () => storedFrom(t.db.ds, id),
      (s) => s.raw === 3,
    );
    await c.logout();
    expect(await folderCounts(dovecot, user)).toEqual({ INBOX: 3 });
  });

  it('survives a UIDVALIDITY change without storing old mail twice', async () => {
    const user = 'uidvalidity@org.test';
    const c = await imap(dovecot, user);
    // One without a Message-ID: recognised by its bytes.
    for (let i = 0; i < 4; i++) await c.append('INBOX', testMail(i, { prefix: 'uv', messageId: i !== 0 }));
    const id = await addMailbox(t, dovecot, user, { processed: 'flag' });
    await waitFor(
      '4 stored',
      () => storedFrom(t.db.ds, id),
      (s) => s.raw === 4,
    );
    await waitFor(
      'synced',
      async () => (await t.db.ds.query(`SELECT synced_uid FROM mailbox WHERE id = $1`, [id]))[0],
      (r) => Number(r.synced_uid) === 4,
    );

    await c.logout();
    const before = dovecot.uidValidity(user, 'INBOX');
    dovecot.setUidValidity(user, 'INBOX', before + 1000);
    const c2 = await imap(dovecot, user);
    await c2.append('INBOX', testMail(9, { prefix: 'uv' }));
    await c2.logout();
    // The server drops selected clients on a UIDVALIDITY change; the fetcher reconnects and resyncs.
    t.app.get(MailboxFetchers).syncAll();
    await waitFor(
      'resynced under the new UIDVALIDITY',
      async () => (await t.db.ds.query(`SELECT uid_validity FROM mailbox WHERE id = $1`, [id]))[0],
      (r) => Number(r.uid_validity) === before + 1000,
    );
    await waitFor(
      '5 stored',
      () => storedFrom(t.db.ds, id),
      (s) => s.raw === 5,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await storedFrom(t.db.ds, id)).toEqual({ raw: 5, rows: 5 });
  });
});
