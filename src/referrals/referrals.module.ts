import { Module } from '@nestjs/common';
import { ReferralsApiController } from './referrals-api.controller';
import { ReferralsService } from './referrals.service';

/** The referral directory and its API. */
@Module({ controllers: [ReferralsApiController], providers: [ReferralsService], exports: [ReferralsService] })
export class ReferralsModule {}
