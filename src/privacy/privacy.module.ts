import { Module } from '@nestjs/common';
import { IntakeModule } from '../intake/intake.module';
import { AdminErasureApiController, HelpSeekerErasureApiController } from './erasure-api.controller';
import { ErasureAdminPagesController } from './erasure-admin-pages.controller';
import { ErasurePagesController } from './erasure-pages.controller';
import { ErasureService } from './erasure.service';
import { RetentionService } from './retention.service';

/** Privacy: erasure on request (help-seeker or admin) and the retention policy's daily job. */
@Module({
  imports: [IntakeModule],
  controllers: [
    ErasurePagesController,
    ErasureAdminPagesController,
    HelpSeekerErasureApiController,
    AdminErasureApiController,
  ],
  providers: [ErasureService, RetentionService],
  exports: [ErasureService, RetentionService],
})
export class PrivacyModule {}
