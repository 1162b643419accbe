import { Module } from '@nestjs/common';
import { SlaModule } from '../sla/sla.module';
import { CasesModule } from './cases.module';
import { CaseApiController } from './case-api.controller';
import { CaseBulkApiController } from './case-bulk-api.controller';
import { CaseBulkService } from './case-bulk';
import { CaseBulkPagesController } from './case-bulk-pages.controller';
import { CaseActionsService } from './case-actions.service';
import { CasePagesController } from './case-pages.controller';
import { StaffCaseService } from './staff-case.service';

/** The staff side of a case: /cases/<id>, GET /api/v1/cases/:id and the actions. */
@Module({
  imports: [SlaModule, CasesModule],
  controllers: [CaseBulkPagesController, CaseBulkApiController, CasePagesController, CaseApiController],
  providers: [StaffCaseService, CaseActionsService, CaseBulkService],
  exports: [StaffCaseService, CaseActionsService, CaseBulkService],
})
export class StaffCaseModule {}
