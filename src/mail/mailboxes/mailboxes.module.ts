import { Module } from '@nestjs/common';
import { MailModule } from '../mail.module';
import { MailboxCoreModule } from './mailbox-core.module';
import { MailboxFetchers } from './mailbox-fetchers.service';
import { MailboxesApiController } from './mailboxes-api.controller';
import { MailboxesPagesController } from './mailboxes-pages.controller';
import { MailboxesService } from './mailboxes.service';

/**
 * The organisation's own mailboxes (docs/mailboxes.md): IMAP fetching into `raw_mail` (from
 * there the inbound pipeline runs unchanged), the admins' page and API, status for /metrics and
 * /health.
 */
@Module({
  imports: [MailboxCoreModule, MailModule],
  controllers: [MailboxesApiController, MailboxesPagesController],
  providers: [MailboxesService, MailboxFetchers],
  exports: [MailboxFetchers, MailboxesService, MailboxCoreModule],
})
export class MailboxesModule {}
