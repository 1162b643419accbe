import { Global, Module } from '@nestjs/common';
import { OutboxService } from './outbox.service';

/**
 * Outgoing mail: the outbox every module writes into inside its own transactions. Global, so
 * the inbound mail processor and the staff reply flow can inject OutboxService without imports.
 */
@Global()
@Module({
  providers: [OutboxService],
  exports: [OutboxService],
})
export class OutboundMailModule {}
