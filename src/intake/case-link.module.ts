import { Module } from '@nestjs/common';
import { CaseLinkController } from './case-link.controller';
import { IntakeModule } from './intake.module';

/** `GET /c/<token>` and its older sub-pages; imported last by AppModule (see CaseLinkController). */
@Module({ imports: [IntakeModule], controllers: [CaseLinkController] })
export class CaseLinkModule {}
