import { Module } from '@nestjs/common';
import { SlaModule } from '../sla/sla.module';
import { CrisisTriageService } from './crisis-triage.service';

@Module({ imports: [SlaModule], providers: [CrisisTriageService], exports: [CrisisTriageService] })
export class TriageModule {}
