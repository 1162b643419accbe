import { Controller, Get, NotFoundException, Param, Query, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentStaff, RequireRole, StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffIdentity } from '../auth/staff-identity';
import { InputInvalidException } from '../common/validation';
import { ApiErrorDto } from '../common/web/api-error.dto';
import { DashboardQuery } from './dashboard-filter';
import { FIGURE_NAMES, isFigure } from './dashboard-figures';
import { toCsv } from './dashboard-table';
import { DashboardService, FigureResult } from './dashboard.service';

/** Manager figures as JSON or CSV: managers see their own regions, admins every region. */
@ApiTags('dashboard')
@ApiBearerAuth('staff')
@Controller('api/v1/dashboard')
@UseGuards(StaffAuthGuard)
@RequireRole('manager', 'org-admin', 'admin')
@ApiForbiddenResponse({ type: ApiErrorDto, description: 'Only managers and admins' })
export class DashboardApiController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @ApiOkResponse({ description: '`{ items }`: the names of the figures' })
  list(): { items: string[] } {
    return { items: FIGURE_NAMES };
  }

  @Get(':figure')
  @ApiParam({ name: 'figure', enum: FIGURE_NAMES })
  @ApiQuery({
    name: 'from',
    required: false,
    description: 'First day (YYYY-MM-DD, Europe/Amsterdam); default 27 days before `to`',
  })
  @ApiQuery({ name: 'to', required: false, description: 'Last day, inclusive; default today' })
  @ApiQuery({ name: 'region', required: false, description: 'A region code of yours; default all your regions' })
  @ApiQuery({ name: 'topic', required: false, description: "A topic code, or 'none'" })
  @ApiQuery({ name: 'channel', required: false, enum: ['web', 'email'] })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiOkResponse({
    description:
      '`{ figure, filter, now, columns: [{ key, kind }], rows, baselines, minCount, rolledUpAt }`. Hours in business or wall-clock hours, shares 0–1. ' +
      "A count from 1 to minCount − 1 (and what is derived from it) is null and listed in the row's `suppressed`; in CSV it reads `<minCount`.",
  })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'fields: from, to, region, topic, channel, format' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'Unknown figure' })
  async figure(
    @Param('figure') name: string,
    @Query() q: DashboardQuery & { format?: unknown },
    @CurrentStaff() staff: StaffIdentity,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FigureResult | string> {
    if (!isFigure(name)) throw new NotFoundException({ code: 'unknown_figure', message: 'errors.http404' });
    if (q.format !== undefined && q.format !== 'json' && q.format !== 'csv')
      throw new InputInvalidException({ format: ['dashboard.invalid.format'] });
    const csv = q.format === 'csv';
    const filter = await this.dashboard.parseFilter(staff, q);
    const result = await this.dashboard.figure(name, filter);
    if (!csv) return result;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="luister-${name}-${filter.from}-${filter.to}.csv"`);
    return toCsv(result.columns, result.rows, result.minCount);
  }
}
