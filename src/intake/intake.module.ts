import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { EvaluationModule } from '../evaluation/evaluation.module';
import { SlaModule } from '../sla/sla.module';
import { CaseLinkThrottle } from './case-link-throttle.service';
import { HelpSeekerSessions } from './help-seeker-session.service';
import { IntakeApiController } from './intake-api.controller';
import { IntakePagesController } from './intake-pages.controller';
import { IntakeService } from './intake.service';

@Module({
  imports: [CasesModule, EvaluationModule, SlaModule],
  controllers: [IntakePagesController, IntakeApiController],
  providers: [IntakeService, CaseLinkThrottle, HelpSeekerSessions],
  exports: [IntakeService, CaseLinkThrottle, HelpSeekerSessions],
})
export class IntakeModule {}
