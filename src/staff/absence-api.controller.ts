import { Body, Controller, Delete, HttpCode, HttpStatus, Param, Put, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentStaff, StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffIdentity } from '../auth/staff-identity';
import { ApiErrorDto } from '../common/web/api-error.dto';
import { absenceJson } from './absence';
import { AbsenceInput, AbsenceService } from './absence.service';

export class AbsenceBodyDto {
  @ApiProperty({ example: '2026-12-24', description: 'A date (start of that day, UTC) or an ISO 8601 date-time' })
  from!: string;
  @ApiProperty({
    example: '2027-01-02',
    description: 'A date (through that day) or an ISO 8601 date-time; in the future',
  })
  to!: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'An active colleague of the same region; none: returning help-seekers go to the team',
  })
  substituteId?: string | null;
}

export class AbsenceDto {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) substituteId!: string | null;
  @ApiProperty({ nullable: true, type: String }) substituteName!: string | null;
}

/**
 * Absence and hand-over: your own (`/me/absence`) or, for supervisors and up, a colleague's of
 * your regions (`/staff/:id/absence`; anyone else's: 404). Ends by itself at `to`.
 */
@ApiTags('staff')
@ApiBearerAuth('staff')
@Controller('api/v1')
@UseGuards(StaffAuthGuard)
export class AbsenceApiController {
  constructor(private readonly absence: AbsenceService) {}

  @Put('me/absence')
  @ApiBody({ type: AbsenceBodyDto })
  @ApiOkResponse({ type: AbsenceDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async setMine(@Body() body: unknown, @CurrentStaff() staff: StaffIdentity): Promise<AbsenceDto | null> {
    return absenceJson(await this.absence.set(staff, staff.id, (body ?? {}) as AbsenceInput));
  }

  @Delete('me/absence')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Ended (or there was none)' })
  async endMine(@CurrentStaff() staff: StaffIdentity): Promise<void> {
    await this.absence.end(staff, staff.id);
  }

  @Put('staff/:id/absence')
  @ApiBody({ type: AbsenceBodyDto })
  @ApiOkResponse({ type: AbsenceDto, description: 'Supervisors and up, for staff of their regions' })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'Not a colleague of your regions, or you may not' })
  async setFor(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<AbsenceDto | null> {
    return absenceJson(await this.absence.set(staff, id, (body ?? {}) as AbsenceInput));
  }

  @Delete('staff/:id/absence')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async endFor(@Param('id') id: string, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    await this.absence.end(staff, id);
  }
}
