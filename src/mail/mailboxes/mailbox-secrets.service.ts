import { Inject, Injectable } from '@nestjs/common';
import { SecretBox } from '../../common/secret-box';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { parseImapUrl } from './imap-url';
import { MailboxError } from './mailbox-errors';
import { Mailbox, MailboxSecret } from './mailbox-settings';
import { MailboxStore } from './mailbox.store';
import { OAuthTokens } from './oauth-tokens';

/** Sealed values are bound to their row: a secret copied into another mailbox does not open. */
export function secretContext(mailboxId: string): string {
  return `mailbox/${mailboxId}`;
}

/**
 * A mailbox's secret, sealed at rest with the key from LUISTER_SECRET_KEY(_FILE) and opened only
 * when a connection is made. IMAP_URL's password lives in the environment and never in the
 * database.
 */
@Injectable()
export class MailboxSecrets {
  readonly box: SecretBox;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: MailboxStore,
  ) {
    this.box = new SecretBox(config.secrets);
  }

  seal(mailboxId: string, secret: MailboxSecret): Buffer {
    return this.box.seal(JSON.stringify(secret), secretContext(mailboxId));
  }

  open(mailboxId: string, sealed: Buffer): MailboxSecret {
    return JSON.parse(this.box.open(sealed, secretContext(mailboxId))) as MailboxSecret;
  }

  async secretOf(box: Pick<Mailbox, 'id' | 'source'>): Promise<MailboxSecret> {
    if (box.source === 'env') {
      if (!this.config.mailboxes.imapUrl) throw new MailboxError('secret-missing', 'IMAP_URL is not set');
      return { password: parseImapUrl(this.config.mailboxes.imapUrl).password };
    }
    const sealed = await this.store.sealedSecret(box.id);
    if (!sealed) throw new MailboxError('secret-missing', 'no password or app secret saved');
    return this.open(box.id, sealed);
  }

  /** A refresh token the provider rotated: sealed and saved before it is used. */
  async saveRefreshToken(mailboxId: string, refreshToken: string): Promise<void> {
    const sealed = await this.store.sealedSecret(mailboxId);
    const secret = sealed ? this.open(mailboxId, sealed) : {};
    await this.store.saveSecret(mailboxId, this.seal(mailboxId, { ...secret, refreshToken }));
  }
}

/** The process-wide OAuth token cache, shared by IMAP fetching and SMTP sending. */
@Injectable()
export class MailboxTokens extends OAuthTokens {
  constructor(secrets: MailboxSecrets) {
    super((id, token) => secrets.saveRefreshToken(id, token));
  }
}
