import { Module } from '@nestjs/common';
import { DashboardApiController } from './dashboard-api.controller';
import { DashboardPagesController } from './dashboard-pages.controller';
import { DashboardRollupService } from './dashboard-rollup.service';
import { DashboardService } from './dashboard.service';

/** Manager dashboards: daily roll-ups of the case facts, the figures, their CSV export and page. */
@Module({
  controllers: [DashboardApiController, DashboardPagesController],
  providers: [DashboardService, DashboardRollupService],
  exports: [DashboardService, DashboardRollupService],
})
export class DashboardModule {}
