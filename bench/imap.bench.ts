/**
 * IMAP initial sync: an organisation connects a mailbox that already holds BENCH_IMAP_MAILS
 * (10,000) mails of about 2 KB. Our fetcher (sizes and Message-IDs, bodies, each batch committed
 * to raw_mail + mailbox_message, then moved to Luister/Verwerkt) in mails per second, beside a
 * bare imapflow client that only downloads the same mails (before and after ours: the mean is the
 * baseline). Both against a throw-away Dovecot on loopback. Run: `npm run bench -- imap`.
 * Env: BENCH_IMAP_MAILS (10000), DATABASE_URL (else a throw-away embedded PostgreSQL).
 * Exits 1 unless every mail was stored exactly once and moved.
 */
import { ImapFlow } from 'imapflow';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { newSecretKey } from '../src/common/secret-box';
import { loadConfig } from '../src/config/config';
import { createDataSource } from '../src/database/data-source';
import { RawMailStore } from '../src/mail/inbound/raw-mail.store';
import { MailboxFetcher } from '../src/mail/mailboxes/mailbox-fetcher';
import { MailboxSecrets, MailboxTokens } from '../src/mail/mailboxes/mailbox-secrets.service';
import { MailboxStore } from '../src/mail/mailboxes/mailbox.store';
import { startDovecot, testMail } from '../test/support/dovecot';
import { createBenchDatabase } from './database';

const MAILS = Number(process.env.BENCH_IMAP_MAILS || 10_000);
const USER = 'hulp@bench.test';

const cleanups: (() => Promise<unknown>)[] = [];
async function cleanUp(): Promise<void> {
  while (cleanups.length) await cleanups.pop()!().catch((e) => console.error(`cleanup: ${String(e)}`));
}
process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));

/** About 2 KB, like a help-seeker's first mail; every one with its own Message-ID. */
function benchMail(i: number): Buffer {
  return testMail(i, { prefix: 'bench', bodyBytes: 1500 });
}

async function bareFetch(port: number, folder: string): Promise<{ mails: number; seconds: number; bytes: number }> {
  const c = new ImapFlow({
    host: '127.0.0.1',
    port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: USER, pass: 'secret' },
    logger: false,
  });
  await c.connect();
  const start = performance.now();
  await c.mailboxOpen(folder, { readOnly: true });
  let mails = 0;
  let bytes = 0;
  for await (const m of c.fetch('1:*', { uid: true, source: true })) {
    mails++;
    bytes += m.source?.length ?? 0;
  }
  const seconds = (performance.now() - start) / 1000;
  await c.logout();
  return { mails, seconds, bytes };
}

async function main(): Promise<void> {
  const db = await createBenchDatabase();
  cleanups.push(() => db.drop());
  const dovecot = await startDovecot({ users: { [USER]: 'secret' } });
  cleanups.push(() => dovecot.destroy());
  const t0 = performance.now();
  for (let i = 0; i < MAILS; i += 1000)
    dovecot.writeMaildir(
      USER,
      Array.from({ length: Math.min(1000, MAILS - i) }, (_, k) => benchMail(i + k)),
    );
  console.log(
    `${MAILS} mails written to the maildir in ${((performance.now() - t0) / 1000).toFixed(1)} s (${db.label})`,
  );

  // Dovecot indexes a new maildir at its first SELECT: done here, so neither side pays for it.
  const warm = await bareFetch(dovecot.port, 'INBOX');
  const before = await bareFetch(dovecot.port, 'INBOX');

  const base = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent' });
  const config = { ...base, databaseUrl: db.url, secrets: { key: newSecretKey() } };
  const ds: DataSource = createDataSource(db.url, { poolSize: 4 });
  await ds.initialize();
  cleanups.push(() => ds.destroy());
  const store = new MailboxStore(ds);
  const secrets = new MailboxSecrets(config, store);
  const id = randomUUID();
  await ds.transaction((m) =>
    store.insert(
      m,
      id,
      {
        address: USER,
        host: '127.0.0.1',
        port: dovecot.port,
        security: 'none',
        username: USER,
        auth: 'password',
        oauth: {},
        folder: 'INBOX',
        processedFolder: 'Luister/Verwerkt',
        regionId: null,
        fetchSince: null,
        sendVia: 'relay',
        smtpHost: null,
        smtpPort: null,
        smtpSecurity: null,
        active: true,
      },
      secrets.seal(id, { password: 'secret' }),
    ),
  );
  const box = (await store.get(id))!;
  let stored = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const start = performance.now();
  const fetcher = new MailboxFetcher(box, {
    db: ds,
    store,
    rawMail: new RawMailStore(ds),
    enqueue: () => undefined,
    mailDomain: config.mailDomain,
    maxBytes: config.inboundMail.maxBytes,
    tokens: new MailboxTokens(secrets),
    secretOf: (b) => secrets.secretOf(b),
    logger: { log: () => undefined, warn: (o: unknown) => console.error('fetcher:', JSON.stringify(o)) },
    owner: 'bench',
    leaseSeconds: 60,
    pollSeconds: 600,
    onSynced: (_b, r) => {
      stored += r.stored;
      if (stored >= MAILS) done();
    },
  });
  fetcher.start();
  await finished;
  const ours = (performance.now() - start) / 1000;
  await fetcher.stop();

  const after = await bareFetch(dovecot.port, 'Luister.Verwerkt');
  const [{ raw, rows }] = await ds.query(
    `SELECT (SELECT count(*)::int FROM raw_mail) AS raw, (SELECT count(*)::int FROM mailbox_message) AS rows`,
  );
  const inboxLeft = (await bareFetch(dovecot.port, 'INBOX')).mails;

  const bareRate = (before.mails / before.seconds + after.mails / after.seconds) / 2;
  const ourRate = MAILS / ours;
  const mb = before.bytes / 1024 / 1024;
  console.log(`\nInitial sync of ${MAILS} mails (${mb.toFixed(1)} MB) from Dovecot on loopback:`);
  console.log(
    `  bare imapflow download (no store, no move): ${(before.mails / before.seconds).toFixed(0)} mails/s before, ${(after.mails / after.seconds).toFixed(0)} mails/s after (warm-up ${(warm.mails / warm.seconds).toFixed(0)})`,
  );
  console.log(
    `  Luister (commit to raw_mail, then move):     ${ourRate.toFixed(0)} mails/s (${ours.toFixed(1)} s)  ratio ${(ourRate / bareRate).toFixed(2)}`,
  );
  console.log(`  stored ${raw} raw mails, ${rows} mailbox rows, ${after.mails} moved, ${inboxLeft} left in INBOX`);
  const ok = raw === MAILS && rows === MAILS && after.mails === MAILS && inboxLeft === 0;
  if (!ok) console.error('FAILED: not every mail stored exactly once and moved');
  await cleanUp();
  process.exit(ok ? 0 : 1);
}

main().catch(async (e: unknown) => {
  console.error(e);
  await cleanUp();
  process.exit(1);
});
