import { Module } from '@nestjs/common';
import { SlaWarningService } from './sla-warning.service';
import { SlaService } from './sla.service';
import { StaffNotificationsService } from './staff-notifications.service';

/** Calendars, policies, due times, pauses, the warning scan and staff notifications. */
@Module({ providers: [SlaService, SlaWarningService, StaffNotificationsService], exports: [SlaService, SlaWarningService, StaffNotificationsService] })
export class SlaModule {}
