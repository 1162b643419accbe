import { Module } from '@nestjs/common';
import { SlaModule } from '../sla/sla.module';
import { CasesModule } from './cases.module';
import { CaseApiController } from './case-api.controller';
import { CaseActionsService } from './case-actions.service';
import { CasePagesController } from './case-pages.controller';
import { StaffCaseService } from './staff-case.service';

/** The staff side of a case: /cases/<id>, GET /api/v1/cases/:id and the actions. */
@Module({
  imports: [SlaModule, CasesModule],
  controllers: [CasePagesController, CaseApiController],
  providers: [StaffCaseService, CaseActionsService],
  exports: [StaffCaseService, CaseActionsService],
})
export class StaffCaseModule {}
