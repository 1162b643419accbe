import { Global, Module } from '@nestjs/common';
import { OrganisationLogoController } from './organisation-logo.controller';
import { OrganisationPagesController } from './organisation-pages.controller';
import { OrganisationsApiController } from './organisations-api.controller';
import { OrganisationsService } from './organisations.service';

/** The consortium's organisations. Global: intake, mail, admin and dashboards ask it for scope and look. */
@Global()
@Module({
  controllers: [OrganisationsApiController, OrganisationLogoController, OrganisationPagesController],
  providers: [OrganisationsService],
  exports: [OrganisationsService],
})
export class OrganisationsModule {}
