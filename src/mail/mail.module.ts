import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { BulkMailPagesController } from './inbound/bulk-mail-pages.controller';
import { BulkMailController } from './inbound/bulk-mail.controller';
import { BulkMailService } from './inbound/bulk-mail.service';
import { InboundMailAdminController } from './inbound/inbound-mail-admin.controller';
import { InboundMailLogService } from './inbound/inbound-mail-log.service';
import { InboundMailPagesController } from './inbound/inbound-mail-pages.controller';
import { InboundMailProcessor } from './inbound/inbound-mail.processor';
import { InboundMailQueue } from './inbound/inbound-mail.queue';
import { InboundSmtpServer } from './inbound/inbound-smtp.server';
import { RawMailStore } from './inbound/raw-mail.store';
import { RegionAddresses } from './inbound/region-addresses.service';

/** The e-mail channel: inbound SMTP, processing of received mail into cases, the admins' mail log. */
@Module({
  imports: [CasesModule],
  controllers: [InboundMailAdminController, InboundMailPagesController, BulkMailController, BulkMailPagesController],
  providers: [
    RawMailStore,
    RegionAddresses,
    InboundMailProcessor,
    InboundMailQueue,
    InboundSmtpServer,
    InboundMailLogService,
    BulkMailService,
  ],
  exports: [InboundSmtpServer, InboundMailProcessor, RawMailStore, InboundMailQueue],
})
export class MailModule {}
