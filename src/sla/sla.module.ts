import { Module } from '@nestjs/common';
import { SlaApiController } from './sla-api.controller';
import { SlaService } from './sla.service';
import { StaffNotificationsService } from './staff-notifications.service';

/** Calendars, policies, pauses and due-time calculation, staff notifications and their API. SLA writes no case. */
@Module({
  controllers: [SlaApiController],
  providers: [SlaService, StaffNotificationsService],
  exports: [SlaService, StaffNotificationsService],
})
export class SlaModule {}
