import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentStaff, RequireRole, StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffIdentity } from '../auth/staff-identity';
import { ApiErrorDto } from '../common/web/api-error.dto';
import { CalendarDto, ClosedDayDto, PolicyDto } from './sla.dto';
import { RegionSlaSettings } from './sla.service';
import { SlaSettingsService } from './sla-settings.service';

/**
 * Managers and org-admins set the calendar, closed days and reply targets of their organisation's
 * regions, the platform admin of any (open cases follow from then on, see docs/sla.md).
 */
@ApiTags('sla')
@ApiBearerAuth('staff')
@Controller('api/v1')
@UseGuards(StaffAuthGuard)
export class SlaApiController {
  constructor(private readonly settings: SlaSettingsService) {}

  @Get('sla/regions')
  @RequireRole('manager', 'org-admin', 'admin')
  @ApiOkResponse({
    description:
      '`[{ code, name, timeZone, organisation, customCalendar, closedDays }]`: the regions of your organisation (the platform admin: all); `closedDays` counts those still to come',
  })
  async regions(@CurrentStaff() s: StaffIdentity) {
    return this.settings.regions(s);
  }

  @Get('sla/regions/:code')
  @RequireRole('manager', 'org-admin', 'admin')
  @ApiOkResponse({
    description:
      '`{ region, timeZone, calendar: { isDefault, weeklyHours, holidayCountry, holidayState, optInHolidays }, closedDays, policies, defaults }`',
  })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'Managers, org-admins and admins' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: "Unknown region, or another organisation's" })
  async regionSettings(@Param('code') code: string, @CurrentStaff() s: StaffIdentity): Promise<RegionSlaSettings> {
    return this.settings.settings(s, code);
  }

  @Put('sla/regions/:code/calendar')
  @RequireRole('manager', 'org-admin', 'admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBody({ type: CalendarDto })
  @ApiNoContentResponse({ description: 'Stored; due times of the region’s open cases recomputed' })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: "Unknown region, or another organisation's" })
  async saveCalendar(
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentStaff() s: StaffIdentity,
  ): Promise<void> {
    await this.settings.saveCalendar(s, code, body);
  }

  @Put('sla/regions/:code/policies')
  @RequireRole('manager', 'org-admin', 'admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBody({ type: PolicyDto })
  @ApiNoContentResponse({
    description: 'Created or replaced (per region, topic and crisis); open cases follow from now on',
  })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: "Unknown region, or another organisation's" })
  async savePolicy(
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentStaff() s: StaffIdentity,
  ): Promise<void> {
    await this.settings.savePolicy(s, code, body);
  }

  @Post('sla/regions/:code/closed-days')
  @RequireRole('manager', 'org-admin', 'admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBody({ type: ClosedDayDto })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: "Unknown region, or another organisation's" })
  async addClosedDay(
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentStaff() s: StaffIdentity,
  ): Promise<void> {
    await this.settings.addClosedDay(s, code, body);
  }

  @Delete('sla/regions/:code/closed-days/:day')
  @RequireRole('manager', 'org-admin', 'admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The day is open again (also when it was not closed); open cases follow' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: "Unknown region, or another organisation's" })
  async removeClosedDay(
    @Param('code') code: string,
    @Param('day') day: string,
    @CurrentStaff() s: StaffIdentity,
  ): Promise<void> {
    await this.settings.removeClosedDay(s, code, day);
  }
}
