import { Module } from '@nestjs/common';
import { SlaService } from './sla.service';

/** Calendars, policies, due times, pauses and the warning job. */
@Module({ providers: [SlaService], exports: [SlaService] })
export class SlaModule {}
