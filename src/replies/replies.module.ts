import { Module } from '@nestjs/common';
import { ReferralsModule } from '../referrals/referrals.module';
import { StaffCaseModule } from '../cases/staff-case.module';
import { CasesModule } from '../cases/cases.module';
import { StaffModule } from '../staff/staff.module';
import { RepliesApiController } from './replies-api.controller';
import { ReplyPagesController } from './reply-pages.controller';
import { ReplyTemplatePagesController } from './reply-template-pages.controller';
import { ReplyTemplatesService } from './reply-templates.service';
import { RepliesService } from './replies.service';

/** Reply templates, the checklist, drafts, review and sending. */
@Module({
  imports: [CasesModule, ReferralsModule, StaffCaseModule, StaffModule],
  controllers: [RepliesApiController, ReplyPagesController, ReplyTemplatePagesController],
  providers: [RepliesService, ReplyTemplatesService],
  exports: [RepliesService, ReplyTemplatesService],
})
export class RepliesModule {}
