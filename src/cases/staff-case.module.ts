import { Module } from '@nestjs/common';
import { SlaModule } from '../sla/sla.module';
import { CasesModule } from './cases.module';
import { CaseApiController } from './case-api.controller';
import { CaseBulkApiController } from './case-bulk-api.controller';
import { CaseBulkService } from './case-bulk';
import { CaseBulkPagesController } from './case-bulk-pages.controller';
import { CaseActionsService } from './case-actions.service';
import { CasePagesController } from './case-pages.controller';
import { CaseTransfersApiController, CaseTransfersPagesController } from './case-transfers.controller';
import { CaseTransfersService } from './case-transfers.service';
import { StaffCaseService } from './staff-case.service';

/** The staff side of a case: /cases/<id>, GET /api/v1/cases/:id, the actions, and what was transferred away. */
@Module({
  imports: [SlaModule, CasesModule],
  controllers: [
    CaseBulkPagesController,
    CaseBulkApiController,
    CasePagesController,
    CaseApiController,
    CaseTransfersPagesController,
    CaseTransfersApiController,
  ],
  providers: [StaffCaseService, CaseActionsService, CaseBulkService, CaseTransfersService],
  exports: [StaffCaseService, CaseActionsService, CaseBulkService],
})
export class StaffCaseModule {}
