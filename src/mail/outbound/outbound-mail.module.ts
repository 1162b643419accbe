import { Global, Module } from '@nestjs/common';
import { MailboxCoreModule } from '../mailboxes/mailbox-core.module';
import { MailTransports } from './mail-transports';
import { OutboundMailAdminController } from './outbound-mail-admin.controller';
import { OutboundMailLogService } from './outbound-mail-log.service';
import { OutboundMailPagesController } from './outbound-mail-pages.controller';
import { OutboxSender } from './outbox.sender';
import { OutboxService } from './outbox.service';

/**
 * Outgoing mail: the outbox every module writes into inside its own transactions, the sender,
 * and the admins' view. Global, so the inbound mail processor and the staff reply flow can
 * inject OutboxService without imports.
 */
@Global()
@Module({
  imports: [MailboxCoreModule],
  controllers: [OutboundMailAdminController, OutboundMailPagesController],
  providers: [OutboxService, OutboxSender, OutboundMailLogService, MailTransports],
  exports: [OutboxService, OutboxSender, MailTransports],
})
export class OutboundMailModule {}
