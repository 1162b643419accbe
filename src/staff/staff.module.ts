import { Global, Module } from '@nestjs/common';
import { AbsenceApiController } from './absence-api.controller';
import { AbsencePagesController } from './absence-pages.controller';
import { AbsenceService } from './absence.service';
import { StaffDirectory } from './staff-directory';
import { StaffTextsApiController } from './staff-texts-api.controller';
import { StaffTextsPagesController } from './staff-texts-pages.controller';
import { StaffTextsService } from './staff-texts.service';

/**
 * Staff accounts as lists for pages, and a staff member's own settings around the work: absence
 * and hand-over, signature and snippets. Global, since assignment, audit and admin pages list staff.
 */
@Global()
@Module({
  controllers: [AbsencePagesController, AbsenceApiController, StaffTextsPagesController, StaffTextsApiController],
  providers: [StaffDirectory, AbsenceService, StaffTextsService],
  exports: [StaffDirectory, AbsenceService, StaffTextsService],
})
export class StaffModule {}
