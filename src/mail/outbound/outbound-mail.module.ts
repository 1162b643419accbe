import { Global, Module } from '@nestjs/common';
import { SlaModule } from '../../sla/sla.module';
import { MailboxCoreModule } from '../mailboxes/mailbox-core.module';
import { MailTransports } from './mail-transports';
import { OutboundMailAdminController } from './outbound-mail-admin.controller';
import { OutboundMailLogService } from './outbound-mail-log.service';
import { OutboundMailPagesController } from './outbound-mail-pages.controller';
import { OutboxSender } from './outbox.sender';
import { OutboxService } from './outbox.service';
import { StaffSlaMailService } from './staff-sla-mail.service';

/**
 * Outgoing mail: the outbox every module writes into inside its own transactions, the sender,
 * and the admins' view. Global, so the inbound mail processor and the staff reply flow can
 * inject OutboxService without imports (src/notifications sends the staff SLA mail through it).
 */
@Global()
@Module({
  imports: [MailboxCoreModule, SlaModule],
  controllers: [OutboundMailAdminController, OutboundMailPagesController],
  providers: [OutboxService, OutboxSender, OutboundMailLogService, MailTransports, StaffSlaMailService],
  exports: [OutboxService, OutboxSender, MailTransports, StaffSlaMailService],
})
export class OutboundMailModule {}
