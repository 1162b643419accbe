import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentStaff, StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffIdentity } from '../auth/staff-identity';
import { ApiErrorDto } from '../common/web/api-error.dto';
import { BULK_ACTIONS, BULK_MAX, BulkRequest, CaseBulkService } from './case-bulk';

class BulkDto {
  @ApiProperty({ type: [String], format: 'uuid', description: `1–${BULK_MAX} case ids` }) ids!: string[];
  @ApiProperty({ enum: BULK_ACTIONS }) action!: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'assign: the worker (null: nobody)',
  })
  workerId?: string | null;
  @ApiPropertyOptional({ description: 'tag: the tag to add', example: 'schulden' }) tag?: string;
  @ApiPropertyOptional({ description: 'transfer: region code', example: 'rotterdam' }) region?: string;
  @ApiPropertyOptional({ description: 'transfer: the reason (an internal note for the new team)' }) reason?: string;
}

class BulkResultDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() ok!: boolean;
  @ApiPropertyOptional({
    description:
      'Why not: `case_not_found` (unknown, or outside your regions), `already_assigned`, `forbidden`, `validation_failed`, …',
  })
  code?: string;
}

class BulkResponseDto {
  @ApiProperty({ type: [BulkResultDto] }) results!: BulkResultDto[];
}

/** One action on several cases; each case is checked, changed and audited on its own. */
@ApiTags('staff cases')
@ApiBearerAuth('staff')
@Controller('api/v1/cases')
@UseGuards(StaffAuthGuard)
export class CaseBulkApiController {
  constructor(private readonly bulk: CaseBulkService) {}

  @Post('bulk')
  @HttpCode(HttpStatus.OK)
  @ApiBody({ type: BulkDto })
  @ApiOkResponse({ type: BulkResponseDto, description: 'One result per id, in order; partial failures are normal' })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async run(@Body() body: unknown, @CurrentStaff() staff: StaffIdentity): Promise<BulkResponseDto> {
    return { results: await this.bulk.run(staff, (body ?? {}) as BulkRequest) };
  }
}
