import { Module } from '@nestjs/common';
import { AbsenceApiController } from './absence-api.controller';
import { AbsencePagesController } from './absence-pages.controller';
import { AbsenceService } from './absence.service';
import { StaffTextsApiController } from './staff-texts-api.controller';
import { StaffTextsPagesController } from './staff-texts-pages.controller';
import { StaffTextsService } from './staff-texts.service';

/** A staff member's own settings around the work: absence and hand-over, signature and snippets. */
@Module({
  controllers: [AbsencePagesController, AbsenceApiController, StaffTextsPagesController, StaffTextsApiController],
  providers: [AbsenceService, StaffTextsService],
  exports: [AbsenceService, StaffTextsService],
})
export class StaffModule {}
