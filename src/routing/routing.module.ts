import { Global, Module } from '@nestjs/common';
import { RegionDirectory } from './region-directory';
import { RegionRoutingService } from './region-routing.service';

/** Regions and postcode routing; global, since nearly every page lists or routes to regions. */
@Global()
@Module({ providers: [RegionRoutingService, RegionDirectory], exports: [RegionRoutingService, RegionDirectory] })
export class RoutingModule {}
