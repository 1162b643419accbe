import { Module } from '@nestjs/common';
import { RegionRoutingService } from './region-routing.service';

@Module({ providers: [RegionRoutingService], exports: [RegionRoutingService] })
export class RoutingModule {}
