import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentStaff, RequireRole, StaffAuthGuard } from '../../auth/staff-auth.guard';
import { rolesAtLeast, StaffIdentity } from '../../auth/staff-identity';
import { ApiErrorDto } from '../../common/web/api-error.dto';
import { InputInvalidException } from '../../common/validation';
import { BulkMailService } from './bulk-mail.service';

class BulkMailDto {
  @ApiProperty() id!: string;
  @ApiProperty() receivedAt!: string;
  @ApiPropertyOptional({ nullable: true, example: 'feedback-id', description: 'Which rule made it bulk' })
  reason!: string | null;
  @ApiProperty({ example: 'landelijk', description: 'The region whose workers see it' }) regionCode!: string;
  @ApiPropertyOptional({ nullable: true }) fromName!: string | null;
  @ApiPropertyOptional({ nullable: true }) fromAddress!: string | null;
  @ApiPropertyOptional({ nullable: true }) subject!: string | null;
}

class BulkMailPageDto {
  @ApiProperty({ type: [BulkMailDto] }) items!: BulkMailDto[];
  @ApiPropertyOptional({ nullable: true, description: 'Cursor for `after` on the next page; null on the last' })
  next!: string | null;
}

class ConvertedDto {
  @ApiProperty({ description: 'The case the mail now belongs to' }) caseId!: string;
}

/**
 * Bulk mail (newsletters, notifications) is stored without a case; workers of its region and
 * admins list it and turn one into a case when a person wrote it after all.
 */
@ApiTags('mail')
@ApiBearerAuth('staff')
@Controller('api/v1/mail/bulk')
@UseGuards(StaffAuthGuard)
@RequireRole(...rolesAtLeast('worker'))
export class BulkMailController {
  constructor(private readonly bulk: BulkMailService) {}

  @Get()
  @ApiQuery({ name: 'limit', required: false, description: '1–200, default 50' })
  @ApiQuery({ name: 'after', required: false, description: 'The `next` cursor of the previous page' })
  @ApiOkResponse({ type: BulkMailPageDto, description: "Newest first, the caller's regions only (admins: all)" })
  @ApiUnauthorizedResponse({ type: ApiErrorDto })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'Workers and up' })
  async list(
    @CurrentStaff() staff: StaffIdentity,
    @Query('limit') limit?: string,
    @Query('after') after?: string,
  ): Promise<BulkMailPageDto> {
    const n = limit === undefined ? undefined : Number(limit);
    if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > 200))
      throw new InputInvalidException({ limit: ['errors.http400'] });
    const page = await this.bulk.list(staff, { limit: n, after: after || undefined });
    return { items: page.items.map((i) => ({ ...i, receivedAt: i.receivedAt.toISOString() })), next: page.next };
  }

  @Post(':id/case')
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({ type: ConvertedDto, description: 'The mail is now a message in a case (no acknowledgement)' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: "Unknown, or outside the caller's regions" })
  @ApiConflictResponse({ type: ApiErrorDto, description: '`mail_not_bulk`: not (or no longer) bulk mail' })
  @ApiUnauthorizedResponse({ type: ApiErrorDto })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'Workers and up' })
  async convert(@CurrentStaff() staff: StaffIdentity, @Param('id') id: string): Promise<ConvertedDto> {
    return this.bulk.convert(staff, id);
  }
}
