import { Module } from '@nestjs/common';
import { SlaApiController } from './sla-api.controller';
import { SlaWarningService } from './sla-warning.service';
import { SlaService } from './sla.service';

/** Calendars, policies, due times, pauses, the warning scan (staff are told through the SLA_STAFF_ALERTS port) and the API. */
@Module({
  controllers: [SlaApiController],
  providers: [SlaService, SlaWarningService],
  exports: [SlaService, SlaWarningService],
})
export class SlaModule {}
