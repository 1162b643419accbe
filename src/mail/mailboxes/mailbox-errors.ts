/**
 * What went wrong with a mailbox, as a stable code the admin page turns into plain words
 * (`mailboxes.error.<code>` in the locale files) and a short technical detail for the IT partner.
 * The detail is built from error codes and server responses only: never a password or token.
 */
export type MailboxErrorCode =
  | 'login-refused'
  | 'token-refused'
  | 'token-unreachable'
  | 'server-unreachable'
  | 'timeout'
  | 'tls-untrusted'
  | 'tls-failed'
  | 'starttls-missing'
  | 'folder-missing'
  | 'processed-folder-failed'
  | 'connection-lost'
  | 'database-unavailable'
  | 'secret-unreadable'
  | 'secret-missing'
  | 'too-large'
  | 'unknown';

export interface MailboxProblem {
  code: MailboxErrorCode;
  detail: string;
}

/** An error we raise ourselves with a known code (token service, folder checks). */
export class MailboxError extends Error {
  override name = 'MailboxError';
  constructor(
    readonly code: MailboxErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

const TLS_UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
]);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EADDRNOTAVAIL']);
const TIMEOUTS = new Set(['ETIMEDOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'ETIMEOUT', 'ESOCKETTIMEDOUT']);
const LOST = new Set(['ECONNRESET', 'EPIPE', 'NoConnection', 'EConnectionClosed', 'ClosedAfterConnectTLS', 'ETLS']);

function clean(s: unknown): string {
  return String(s ?? '')
    .replace(/[\r\n]+/g, ' ')
    .slice(0, 200);
}

/** Names an IMAP, SMTP, TLS, token or database failure in our terms. */
export function describeMailboxError(e: unknown): MailboxProblem {
  if (e instanceof MailboxError) return { code: e.code, detail: clean(e.detail) };
  const err = (e ?? {}) as {
    name?: string;
    code?: string;
    authenticationFailed?: boolean;
    responseText?: string;
    serverResponseCode?: string;
    responseCode?: number;
    response?: string;
    message?: string;
  };
  const code = String(err.code ?? '');
  if (err.name === 'SecretUnreadableError') return { code: 'secret-unreadable', detail: clean(err.message) };
  if (err.name === 'SecretKeyMissingError') return { code: 'secret-missing', detail: clean(err.message) };
  if (err.authenticationFailed || err.serverResponseCode === 'AUTHENTICATIONFAILED' || code === 'EAUTH')
    return { code: 'login-refused', detail: clean(err.responseText ?? err.response ?? 'authentication failed') };
  if (TLS_UNTRUSTED.has(code)) return { code: 'tls-untrusted', detail: code };
  if (/^ERR_SSL|^ERR_TLS|EPROTO/.test(code)) return { code: 'tls-failed', detail: code };
  if (UNREACHABLE.has(code)) return { code: 'server-unreachable', detail: code };
  if (TIMEOUTS.has(code)) return { code: 'timeout', detail: code };
  if (err.serverResponseCode === 'NONEXISTENT') return { code: 'folder-missing', detail: clean(err.responseText) };
  if (/STARTTLS/i.test(String(err.message)) && /support|not available|missing/i.test(String(err.message)))
    return { code: 'starttls-missing', detail: clean(err.message) };
  if (LOST.has(code) || /connection (not available|closed)|Unexpected close|socket/i.test(String(err.message)))
    return { code: 'connection-lost', detail: code || clean(err.message) };
  // node-postgres and TypeORM: the database, not the mailbox, is in trouble.
  if (/^(08|57P|53)/.test(code) || err.name === 'QueryFailedError' || err.name === 'CannotConnectAlreadyConnectedError')
    return { code: 'database-unavailable', detail: code || clean(err.name) };
  if (err.responseText)
    return { code: 'unknown', detail: clean(`${err.serverResponseCode ?? ''} ${err.responseText}`) };
  return { code: 'unknown', detail: clean(code || err.name || 'error') };
}
