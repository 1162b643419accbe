import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { SlaModule } from '../sla/sla.module';
import { TriageModule } from '../triage/triage.module';
import { CasesService } from './cases.service';

@Module({ imports: [RoutingModule, SlaModule, TriageModule], providers: [CasesService], exports: [CasesService] })
export class CasesModule {}
