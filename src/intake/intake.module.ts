import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { EvaluationModule } from '../evaluation/evaluation.module';
import { CaseLinkThrottle } from './case-link-throttle.service';
import { IntakeApiController } from './intake-api.controller';
import { IntakePagesController } from './intake-pages.controller';
import { IntakeService } from './intake.service';

@Module({
  imports: [CasesModule, EvaluationModule],
  controllers: [IntakePagesController, IntakeApiController],
  providers: [IntakeService, CaseLinkThrottle],
  exports: [IntakeService, CaseLinkThrottle],
})
export class IntakeModule {}
