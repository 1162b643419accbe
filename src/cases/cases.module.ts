import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { SlaModule } from '../sla/sla.module';
import { TriageModule } from '../triage/triage.module';
import { CaseAutoCloseService } from './case-auto-close.service';
import { CasesService } from './cases.service';

@Module({
  imports: [RoutingModule, SlaModule, TriageModule],
  providers: [CasesService, CaseAutoCloseService],
  exports: [CasesService, CaseAutoCloseService],
})
export class CasesModule {}
