import { Global, Module } from '@nestjs/common';
import { OutboxSender } from './outbox.sender';
import { OutboxService } from './outbox.service';

/**
 * Outgoing mail: the outbox every module writes into inside its own transactions. Global, so
 * the inbound mail processor and the staff reply flow can inject OutboxService without imports.
 */
@Global()
@Module({
  providers: [OutboxService, OutboxSender],
  exports: [OutboxService, OutboxSender],
})
export class OutboundMailModule {}
