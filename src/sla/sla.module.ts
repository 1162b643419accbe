import { Module } from '@nestjs/common';
import { SlaApiController } from './sla-api.controller';
import { SlaPagesController } from './sla-pages.controller';
import { SlaSettingsService } from './sla-settings.service';
import { SlaService } from './sla.service';

/** Calendars, policies, pauses and due-time calculation, their API and staff pages. SLA writes no case (nor notifications). */
@Module({
  controllers: [SlaApiController, SlaPagesController],
  providers: [SlaService, SlaSettingsService],
  exports: [SlaService],
})
export class SlaModule {}
