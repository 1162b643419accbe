import { ImapFlow } from 'imapflow';
import { DataSource } from 'typeorm';
import { newSecretKey } from '../../../src/common/secret-box';
import { AppConfig, loadConfig } from '../../../src/config/config';
import { InboundMailProcessor } from '../../../src/mail/inbound/inbound-mail.processor';
import type { Dovecot } from '../../support/dovecot';
import type { TestApp } from '../../support/app';
import { MailboxesService, MailboxInput } from '../../../src/mail/mailboxes/mailboxes.service';

/** App settings for mailbox tests: fetching on, short lease, a secret key of its own. */
export function mailboxConfig(over: Partial<AppConfig['mailboxes']> = {}): Partial<AppConfig> {
  const base = loadConfig({ NODE_ENV: 'test' });
  return {
    mailboxes: { ...base.mailboxes, fetch: true, pollSeconds: 600, leaseSeconds: 4, ...over },
    secrets: { key: newSecretKey() },
  };
}

export async function adminId(ds: DataSource): Promise<string> {
  const [r] = await ds.query(`SELECT id FROM staff_user WHERE email = 'admin@luister.example'`);
  return r.id;
}

/** Adds a mailbox on the test Dovecot (password login, no TLS on loopback) through the admin service. */
export async function addMailbox(
  t: TestApp,
  dovecot: Dovecot,
  user: string,
  input: MailboxInput = {},
): Promise<string> {
  const { id } = await t.app.get(MailboxesService).create(await adminId(t.db.ds), {
    address: user,
    host: dovecot.host,
    port: dovecot.port,
    security: 'none',
    password: 'secret',
    ...input,
  });
  return id;
}

export async function imap(dovecot: Dovecot, user: string, password = 'secret'): Promise<ImapFlow> {
  const c = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user, pass: password },
    logger: false,
  });
  c.on('error', () => undefined);
  await c.connect();
  return c;
}

/** How many mails each folder of a user's mailbox holds. */
export async function folderCounts(dovecot: Dovecot, user: string): Promise<Record<string, number>> {
  const c = await imap(dovecot, user);
  try {
    const out: Record<string, number> = {};
    for (const f of await c.list({ statusQuery: { messages: true } })) out[f.path] = f.status?.messages ?? 0;
    return out;
  } finally {
    await c.logout();
  }
}

export async function waitFor<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  let last: T;
  for (;;) {
    last = await fn();
    if (ok(last)) return last;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Raw mails stored from one mailbox, and how many distinct fingerprints they have. */
export async function storedFrom(ds: DataSource, mailboxId: string): Promise<{ raw: number; rows: number }> {
  const [r] = await ds.query(
    `SELECT count(rm.id)::int AS raw, count(*)::int AS rows
       FROM mailbox_message mm LEFT JOIN raw_mail rm ON rm.id = mm.raw_mail_id WHERE mm.mailbox_id = $1`,
    [mailboxId],
  );
  return r;
}

/** Runs the existing inbound pipeline over every stored mail (jobs are off in tests). */
export async function processStored(t: TestApp): Promise<number> {
  const rows: { id: string }[] = await t.db.ds.query(
    `SELECT id FROM raw_mail WHERE status = 'stored' ORDER BY received_at`,
  );
  const p = t.app.get(InboundMailProcessor);
  for (const r of rows) await p.process(r.id);
  return rows.length;
}

/** Cases made from one mailbox's mail. */
export async function casesFrom(ds: DataSource, mailboxId: string): Promise<number> {
  const [r] = await ds.query(
    `SELECT count(DISTINCT rm.case_id)::int AS n FROM mailbox_message mm JOIN raw_mail rm ON rm.id = mm.raw_mail_id
      WHERE mm.mailbox_id = $1 AND rm.case_id IS NOT NULL`,
    [mailboxId],
  );
  return r.n;
}
