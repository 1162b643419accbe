import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A throw-away Dovecot IMAP server (Debian's `dovecot-imapd`, installed by .ci/run) on a free
 * loopback port, with its own config, state and maildirs under a temp directory: the real IMAP
 * server the mailbox tests fetch from, the way test/support/global-setup.ts starts a real
 * PostgreSQL. Runs beside (never touching) a system Dovecot.
 */
export interface DovecotOptions {
  /** Users and passwords (`user@domain: password`). */
  users?: Record<string, string>;
  /** false: the server does not announce IDLE (clients must poll). */
  idle?: boolean;
  /** XOAUTH2/OAUTHBEARER logins checked against this token introspection URL (RFC 7662, POST). */
  oauth2IntrospectionUrl?: string;
}

export interface Dovecot {
  host: string;
  port: number;
  dir: string;
  conf: string;
  /** Adds a user; resolves once Dovecot will see it (it rereads the file at most once a second). */
  addUser(user: string, password: string): Promise<void>;
  /** Writes mails straight into a user's maildir (fast: the bench's 10,000 mails). */
  writeMaildir(user: string, mails: Buffer[], folder?: string): void;
  /** Sets a folder's UIDVALIDITY (the rare server event a client must survive). */
  setUidValidity(user: string, folder: string, value: number): void;
  uidValidity(user: string, folder: string): number;
  stop(): Promise<void>;
  start(): Promise<void>;
  running(): boolean;
  destroy(): Promise<void>;
}

export function findDovecot(): string | undefined {
  return ['/usr/sbin/dovecot', '/usr/bin/dovecot'].find((p) => fs.existsSync(p));
}

/** Like the browser tests: skipped with a warning locally without Dovecot, failing in CI. */
export function dovecotAvailable(): boolean {
  if (findDovecot()) return true;
  if (process.env.CI) throw new Error('CI=true but no Dovecot found: .ci/run must install dovecot-imapd');
  process.stderr.write('\n\n!!! IMAP TESTS SKIPPED: no Dovecot found (apt-get install dovecot-imapd) !!!\n\n');
  return false;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitForPort(port: number, up: boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (open === up) return;
    if (Date.now() > until) throw new Error(`Dovecot port ${port} did not go ${up ? 'up' : 'down'}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startDovecot(opts: DovecotOptions = {}): Promise<Dovecot> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luister-dovecot-'));
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const conf = path.join(dir, 'dovecot.conf');
  const users = path.join(dir, 'users');
  const mail = path.join(dir, 'mail');
  fs.mkdirSync(mail);
  fs.mkdirSync(path.join(dir, 'run'));
  fs.mkdirSync(path.join(dir, 'state'));
  fs.writeFileSync(users, '');
  const oauth = opts.oauth2IntrospectionUrl;
  if (oauth)
    fs.writeFileSync(
      path.join(dir, 'oauth2.conf'),
      [
        'introspection_mode = post',
        `introspection_url = ${oauth}`,
        'username_attribute = username',
        'active_attribute = active',
        'active_value = true',
        '',
      ].join('\n'),
    );
  fs.writeFileSync(
    conf,
    [
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `instance_name = luister-${randomBytes(4).toString('hex')}`,
      'protocols = imap',
      'listen = 127.0.0.1',
      'ssl = no',
      'disable_plaintext_auth = no',
      `auth_mechanisms = plain login${oauth ? ' xoauth2 oauthbearer' : ''}`,
      'auth_failure_delay = 0',
      // Tokens must be checked on every login (the refresh tests log in with new ones).
      'auth_cache_size = 0',
      `log_path = ${dir}/dovecot.log`,
      'mail_max_userip_connections = 100',
      ...(opts.idle === false
        ? ['protocol imap {', '  imap_capability = IMAP4rev1 SASL-IR LITERAL+ ID ENABLE UIDPLUS MOVE NAMESPACE', '}']
        : []),
      'service imap-login {',
      `  inet_listener imap {\n    port = ${port}\n  }`,
      '  inet_listener imaps {\n    port = 0\n  }',
      '}',
      `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${users}\n}`,
      ...(oauth
        ? [`passdb {\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n  args = ${dir}/oauth2.conf\n}`]
        : []),
      `userdb {\n  driver = static\n  args = uid=mail gid=mail home=${mail}/%u\n}`,
      `mail_location = maildir:${mail}/%u`,
      'mail_uid = mail',
      'mail_gid = mail',
      'first_valid_uid = 1',
      'default_login_user = dovenull',
      'default_internal_user = dovecot',
      '',
    ].join('\n'),
  );
  const doveadm = (...args: string[]) => execFileSync('doveadm', ['-c', conf, ...args], { encoding: 'utf8' });
  let seq = 0;
  let usersMtime = 0;
  let started = false;
  const d: Dovecot = {
    host: '127.0.0.1',
    port,
    dir,
    conf,
    async addUser(user, password) {
      fs.appendFileSync(users, `${user}:{PLAIN}${password}\n`);
      // Dovecot rereads the file when its mtime (in seconds) changed, checking at most once a
      // second: the change gets a later mtime, and the next login waits for the next second.
      usersMtime = Math.max(usersMtime + 1, Math.floor(Date.now() / 1000));
      fs.utimesSync(users, usersMtime, usersMtime);
      for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(mail, user, sub), { recursive: true });
      execFileSync('chown', ['-R', 'mail:mail', path.join(mail, user)]);
      if (started) await new Promise((r) => setTimeout(r, 1050 - (Date.now() % 1000)));
    },
    writeMaildir(user, mails, folder) {
      const base = path.join(mail, user, folder ? `.${folder}` : '');
      for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(base, sub), { recursive: true });
      const stamp = Math.floor(Date.now() / 1000);
      for (const m of mails) fs.writeFileSync(path.join(base, 'new', `${stamp}.M${++seq}P${process.pid}.luister`), m);
      execFileSync('chown', ['-R', 'mail:mail', path.join(mail, user)]);
    },
    setUidValidity(user, folder, value) {
      doveadm('mailbox', 'update', '-u', user, '--uid-validity', String(value), folder);
    },
    uidValidity(user, folder) {
      const out = doveadm('mailbox', 'status', '-u', user, 'uidvalidity', folder);
      return Number(/uidvalidity=(\d+)/.exec(out)?.[1]);
    },
    running() {
      const pidFile = path.join(dir, 'run', 'master.pid');
      if (!fs.existsSync(pidFile)) return false;
      try {
        process.kill(Number(fs.readFileSync(pidFile, 'utf8')), 0);
        return true;
      } catch {
        return false;
      }
    },
    async start() {
      execFileSync(findDovecot() ?? 'dovecot', ['-c', conf], { stdio: 'ignore' });
      await waitForPort(port, true);
    },
    async stop() {
      const pidFile = path.join(dir, 'run', 'master.pid');
      if (!fs.existsSync(pidFile)) return;
      const pid = Number(fs.readFileSync(pidFile, 'utf8'));
      const alive = () => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      if (!alive()) return;
      // Like a server going down: the master and every process of its group, at once.
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        process.kill(pid, 'SIGKILL');
      }
      const until = Date.now() + 10_000;
      while (alive()) {
        if (Date.now() > until) throw new Error('Dovecot did not stop');
        await new Promise((r) => setTimeout(r, 10));
      }
      fs.rmSync(pidFile, { force: true });
      await waitForPort(port, false);
    },
    async destroy() {
      await d.stop().catch(() => undefined);
      if (!process.env.KEEP_DOVECOT) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  for (const [user, password] of Object.entries(opts.users ?? {})) await d.addUser(user, password);
  await d.start();
  started = true;
  return d;
}

/** A small mail with a Message-ID (or none), a distinct sender and some text. */
export function testMail(
  n: number,
  o: { prefix?: string; messageId?: boolean; to?: string; bodyBytes?: number; extraHeaders?: string[] } = {},
): Buffer {
  const prefix = o.prefix ?? 'm';
  const lines = [
    `From: Hulpvrager ${n} <${prefix}${n}@hulpvrager.test>`,
    `To: ${o.to ?? 'hulp@org.test'}`,
    `Subject: Vraag ${n}`,
    `Date: ${new Date().toUTCString()}`,
    ...(o.messageId === false
      ? []
      : [`Message-ID: <${prefix}-${n}-${randomBytes(6).toString('hex')}@hulpvrager.test>`]),
    ...(o.extraHeaders ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Hallo, ik heb een vraag over mijn schulden (${prefix} ${n}).`,
    ...(o.bodyBytes
      ? ['x'.repeat(76) + '\n']
          .join('')
          .repeat(Math.ceil(o.bodyBytes / 77))
          .split('\n')
      : []),
    '',
  ];
  return Buffer.from(lines.join('\r\n'));
}
