import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { SlaModule } from '../sla/sla.module';
import { CaseAutoCloseService } from './case-auto-close.service';
import { CaseSlaService } from './case-sla.service';
import { CasesService } from './cases.service';
import { SlaWarningService } from './sla-warning.service';

/** The case's owner: the only module that writes `cases` and `case_event` (due times included). */
@Module({
  imports: [RoutingModule, SlaModule],
  providers: [CasesService, CaseSlaService, SlaWarningService, CaseAutoCloseService],
  exports: [CasesService, CaseSlaService, SlaWarningService, CaseAutoCloseService],
})
export class CasesModule {}
