import { randomUUID } from 'node:crypto';
import { MailboxStore, MailboxWrite } from '../../src/mail/mailboxes/mailbox.store';
import { createTestDatabase, TestDatabase } from '../support/database';

const settings = (address: string): MailboxWrite => ({
  address,
  host: 'imap.example.test',
  port: 143,
  security: 'none',
  username: address,
  auth: 'password',
  oauth: {},
  folder: 'INBOX',
  processedFolder: null,
  regionId: null,
  fetchSince: null,
  sendVia: 'relay',
  smtpHost: null,
  smtpPort: null,
  smtpSecurity: null,
  active: true,
});

/**
 * The store's yes/no answers come from the UPDATE's row count. TypeORM's plain `query` answers an
 * UPDATE with `[rows, count]`, whose length is always 2: read as rows, every lease looked taken
 * and every settings update looked applied.
 */
describe('mailbox store: answers from row counts', () => {
  let db: TestDatabase;
  let store: MailboxStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new MailboxStore(db.ds);
  });
  afterAll(() => db.drop());

  it('a second instance does not get a lease another holds, and gets it once released', async () => {
    const id = randomUUID();
    await store.insert(db.ds.manager, id, settings('lease@org.test'), null);
    expect(await store.acquireLease(id, 'a', 60)).toBe(true);
    expect(await store.acquireLease(id, 'b', 60)).toBe(false);
    expect(await store.acquireLease(id, 'a', 60)).toBe(true);
    await store.releaseLease(id, 'a');
    expect(await store.acquireLease(id, 'b', 60)).toBe(true);
  });

  it('an admin update of the IMAP_URL mailbox (or of none) changes nothing and says so', async () => {
    const envId = await store.upsertEnv(settings('env@org.test'), randomUUID());
    expect(await store.update(db.ds.manager, envId, settings('changed@org.test'), undefined)).toBe(false);
    expect(await store.update(db.ds.manager, randomUUID(), settings('none@org.test'), undefined)).toBe(false);
    const id = randomUUID();
    await store.insert(db.ds.manager, id, settings('admin@org.test'), null);
    expect(await store.update(db.ds.manager, id, settings('admin2@org.test'), undefined)).toBe(true);
    expect((await store.get(envId))?.address).toBe('env@org.test');
  });
});
