import { Module } from '@nestjs/common';
import { AbsenceApiController } from './absence-api.controller';
import { AbsencePagesController } from './absence-pages.controller';
import { AbsenceService } from './absence.service';

/** A staff member's own settings around the work: absence and hand-over. */
@Module({
  controllers: [AbsencePagesController, AbsenceApiController],
  providers: [AbsenceService],
  exports: [AbsenceService],
})
export class StaffModule {}
