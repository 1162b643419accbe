import { Module } from '@nestjs/common';
import { MailboxSecrets, MailboxTokens } from './mailbox-secrets.service';
import { MailboxStore } from './mailbox.store';

/**
 * The mailbox settings, their sealed secrets and the OAuth token cache: what both fetching
 * (IMAP) and sending (per-mailbox SMTP) need. No imports, so the outbound module can use it.
 */
@Module({
  providers: [MailboxStore, MailboxSecrets, MailboxTokens],
  exports: [MailboxStore, MailboxSecrets, MailboxTokens],
})
export class MailboxCoreModule {}
