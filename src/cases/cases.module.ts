import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { CasesService } from './cases.service';

@Module({ imports: [RoutingModule], providers: [CasesService], exports: [CasesService] })
export class CasesModule {}
