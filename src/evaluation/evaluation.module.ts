import { Module } from '@nestjs/common';
import { EvaluationService } from './evaluation.service';

/** The evaluation itself; the case page (intake) imports it to show the invitation. */
@Module({
  providers: [EvaluationService],
  exports: [EvaluationService],
})
export class EvaluationModule {}
