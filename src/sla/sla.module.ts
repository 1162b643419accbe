import { Module } from '@nestjs/common';
import { SlaApiController } from './sla-api.controller';
import { SlaWarningService } from './sla-warning.service';
import { SlaService } from './sla.service';
import { StaffNotificationsService } from './staff-notifications.service';

/** Calendars, policies, due times, pauses, the warning scan, staff notifications and their API. */
@Module({
  controllers: [SlaApiController],
  providers: [SlaService, SlaWarningService, StaffNotificationsService],
  exports: [SlaService, SlaWarningService, StaffNotificationsService],
})
export class SlaModule {}
