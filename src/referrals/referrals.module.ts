import { Module } from '@nestjs/common';
import { ReferralPagesController } from './referral-pages.controller';
import { ReferralsApiController } from './referrals-api.controller';
import { ReferralsService } from './referrals.service';

/** The referral directory, its API and the managers' page. */
@Module({
  controllers: [ReferralsApiController, ReferralPagesController],
  providers: [ReferralsService],
  exports: [ReferralsService],
})
export class ReferralsModule {}
