import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { InboundMailProcessor } from './inbound/inbound-mail.processor';
import { InboundMailQueue } from './inbound/inbound-mail.queue';
import { InboundSmtpServer } from './inbound/inbound-smtp.server';
import { RawMailStore } from './inbound/raw-mail.store';
import { RegionAddresses } from './inbound/region-addresses.service';

/** The e-mail channel: inbound SMTP, processing of received mail into cases. */
@Module({
  imports: [CasesModule],
  providers: [RawMailStore, RegionAddresses, InboundMailProcessor, InboundMailQueue, InboundSmtpServer],
  exports: [InboundSmtpServer, InboundMailProcessor, RawMailStore],
})
export class MailModule {}
