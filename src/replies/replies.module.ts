import { Module } from '@nestjs/common';
import { ReferralsModule } from '../referrals/referrals.module';
import { SlaModule } from '../sla/sla.module';
import { RepliesApiController } from './replies-api.controller';
import { ReplyTemplatesService } from './reply-templates.service';
import { RepliesService } from './replies.service';

/** Reply templates, the checklist, drafts, review and sending. */
@Module({
  imports: [SlaModule, ReferralsModule],
  controllers: [RepliesApiController],
  providers: [RepliesService, ReplyTemplatesService],
  exports: [RepliesService, ReplyTemplatesService],
})
export class RepliesModule {}
