import { Module } from '@nestjs/common';
import { IntakeModule } from '../intake/intake.module';
import { EvaluationApiController } from './evaluation-api.controller';
import { EvaluationPagesController } from './evaluation-pages.controller';
import { EvaluationModule } from './evaluation.module';

/** The help-seeker's evaluation routes; they use intake's token throttle and case view. */
@Module({
  imports: [IntakeModule, EvaluationModule],
  controllers: [EvaluationPagesController, EvaluationApiController],
})
export class EvaluationWebModule {}
