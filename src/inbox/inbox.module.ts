import { Module } from '@nestjs/common';
import { SlaModule } from '../sla/sla.module';
import { StaffModule } from '../staff/staff.module';
import { InboxApiController } from './inbox-api.controller';
import { InboxPagesController } from './inbox-pages.controller';
import { InboxService } from './inbox.service';

/** The region-scoped case inbox: /inbox and GET /api/v1/cases. */
@Module({
  imports: [SlaModule, StaffModule],
  controllers: [InboxPagesController, InboxApiController],
  providers: [InboxService],
  exports: [InboxService],
})
export class InboxModule {}
