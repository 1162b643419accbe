import { DEFAULT_PROCESSED_FOLDER, defaultPort, isLoopback, Security } from './mailbox-settings';

export interface ImapUrlSettings {
  address: string;
  host: string;
  port: number;
  security: Security;
  username: string;
  password: string;
  folder: string;
  processedFolder: string | null;
  regionCode: string | null;
}

/**
 * `IMAP_URL`: `imaps://user:password@host:993/Folder` (TLS) or `imap://…:143/Folder` (STARTTLS,
 * required unless the host is loopback and `?tls=none`). User and password are URL-encoded
 * (`hulp%40org.nl`). Optional query: `processed=<folder>` (default `Luister/Verwerkt`) or
 * `processed=flag`, `region=<code>` (default: by postcode/text), `address=<help address>`
 * (default: the user name when it is an address). Throws with a message naming the problem,
 * never the password.
 */
export function parseImapUrl(value: string): ImapUrlSettings {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new Error('IMAP_URL is not a URL (imaps://user:password@host:993/INBOX)');
  }
  if (u.protocol !== 'imap:' && u.protocol !== 'imaps:')
    throw new Error('IMAP_URL must start with imap:// or imaps://');
  const q = u.searchParams;
  let security: Security = u.protocol === 'imaps:' ? 'tls' : 'starttls';
  if (q.get('tls') === 'none') {
    if (!isLoopback(u.hostname)) throw new Error('IMAP_URL: tls=none is only allowed for a loopback host');
    security = 'none';
  }
  const username = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  if (!u.hostname) throw new Error('IMAP_URL has no host');
  if (!username || !password) throw new Error('IMAP_URL needs a user and a password (imaps://user:password@host/)');
  const folder = decodeURIComponent(u.pathname.replace(/^\/+/, '')) || 'INBOX';
  const processed = q.get('processed');
  const address = (q.get('address') ?? (username.includes('@') ? username : '')).trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address))
    throw new Error('IMAP_URL: the user is no e-mail address; add ?address=<the help address>');
  return {
    address,
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : defaultPort(security, 'imap'),
    security,
    username,
    password,
    folder,
    processedFolder: processed === 'flag' ? null : processed || DEFAULT_PROCESSED_FOLDER,
    regionCode: q.get('region') || null,
  };
}
