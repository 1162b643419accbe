import { Module } from '@nestjs/common';
import { SlaApiController } from './sla-api.controller';
import { SlaService } from './sla.service';

/** Calendars, policies, pauses and due-time calculation and their API. SLA writes no case (nor notifications). */
@Module({
  controllers: [SlaApiController],
  providers: [SlaService],
  exports: [SlaService],
})
export class SlaModule {}
