import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Put,
  UseGuards,
} from '@nestjs/common';
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
import { AuditService } from '../audit/audit.service';
import { CurrentStaff, RequireRole, StaffAuthGuard } from '../auth/staff-auth.guard';
import { isAdmin, StaffIdentity } from '../auth/staff-identity';
import { InputInvalidException, validateInput } from '../common/validation';
import { ApiErrorDto } from '../common/web/api-error.dto';
import { CalendarError, CalendarSpec } from './business-calendar';
import { CalendarDto, ClosedDayDto, PolicyDto } from './sla.dto';
import { RegionSlaSettings, SlaService } from './sla.service';

const notFound = () => new NotFoundException({ code: 'not_found', message: 'errors.notFound' });

/**
 * Managers set a region's calendar, closed days and reply targets (open cases follow from then on,
 * see docs/sla.md); staff set or clear a case's crisis flag.
 */
@ApiTags('sla')
@ApiBearerAuth('staff')
@Controller('api/v1')
@UseGuards(StaffAuthGuard)
export class SlaApiController {
  constructor(
    private readonly sla: SlaService,
    private readonly audit: AuditService,
  ) {}

  @Get('sla/regions/:code')
  @RequireRole('manager', 'org-admin', 'admin')
  @ApiOkResponse({
    description:
      '`{ region, timeZone, calendar: { isDefault, weeklyHours, holidayCountry, holidayState, optInHolidays }, closedDays, policies, defaults }`',
  })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'Managers and admins' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'Unknown region, or not one of the manager’s regions' })
  async settings(@Param('code') code: string, @CurrentStaff() s: StaffIdentity): Promise<RegionSlaSettings> {
    return this.sla.settings(await this.regionOf(code, s));
  }

  @Put('sla/regions/:code/calendar')
  @RequireRole('manager', 'org-admin', 'admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBody({ type: CalendarDto })
  @ApiNoContentResponse({ description: 'Stored; due times of the region’s open cases recomputed' })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async saveCalendar(
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentStaff() s: StaffIdentity,
  ): Promise<void> {
    const regionId = await this.regionOf(code, s);
    const dto = validateInput(CalendarDto, body, { rejectUnknown: true });
    const spec: Omit<CalendarSpec, 'timeZone' | 'closedDates'> = {
      weeklyHours: dto.weeklyHours,
      holidayCountry: dto.holidayCountry ?? null,
      holidayState: dto.holidayState ?? null,
      optInHolidays: dto.optInHolidays ?? [],
    };
    try {
      await this.sla.saveCalendar(regionId, spec, {
        actorId: s.id,
        action: 'sla.change',
        data: { region: code, what: 'calendar' },
      });
    } catch (e) {
      if (e instanceof CalendarError) throw new InputInvalidException({ weeklyHours: ['sla.invalid.calendar'] });
      throw e;
    }
  }

  @Put('sla/regions/:code/policies')
  @RequireRole('manager', 'org-admin', 'admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBody({ type: PolicyDto })
  @ApiNoContentResponse({
    description: 'Created or replaced (per region, topic and crisis); open cases follow from now on',
  })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async savePolicy(
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentStaff() s: StaffIdentity,
  ): Promise<void> {
    const regionId = await this.regionOf(code, s);
    const dto = validateInput(PolicyDto, body, { rejectUnknown: true });
    const topic = dto.topic ?? null;
    await this.sla.savePolicy(
      regionId,
      { topic, crisis: dto.crisis },
      {
        firstReplyMinutes: dto.firstReplyMinutes,
        nextReplyMinutes: dto.nextReplyMinutes,
        wallClock: dto.wallClock ?? false,
        warnPercent: dto.warnPercent ?? 75,
      },
      { actorId: s.id, action: 'sla.change', data: { region: code, what: 'policy', topic, crisis: dto.crisis } },
    );
  }

  @Post('sla/regions/:code/closed-days')
  @RequireRole('manager', 'org-admin', 'admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBody({ type: ClosedDayDto })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async addClosedDay(
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentStaff() s: StaffIdentity,
  ): Promise<void> {
    const regionId = await this.regionOf(code, s);
    const dto = validateInput(ClosedDayDto, body, { rejectUnknown: true });
    if (Number.isNaN(Date.parse(`${dto.day}T00:00:00Z`))) throw new InputInvalidException({ day: ['sla.invalid.day'] });
    await this.sla.addClosedDay(regionId, dto.day, dto.reason, {
      actorId: s.id,
      action: 'sla.change',
      data: { region: code, what: 'closed-day', day: dto.day },
    });
  }

  /** The region's id if the user may manage it (admins: every region). */
  private async regionOf(code: string, s: StaffIdentity): Promise<number> {
    const id = await this.sla.managedRegionId(code, { all: isAdmin(s), regionIds: s.regionIds });
    if (id === null) throw notFound();
    return id;
  }
}
