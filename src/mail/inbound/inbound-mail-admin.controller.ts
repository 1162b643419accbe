import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { RequireRole, StaffAuthGuard } from '../../auth/staff-auth.guard';
import { ApiErrorDto } from '../../common/web/api-error.dto';
import { InputInvalidException } from '../../common/validation';
import { InboundMailLogService } from './inbound-mail-log.service';
import { RawMailStatus, RawMailSummary } from './raw-mail.store';

const STATUSES: RawMailStatus[] = ['stored', 'processed', 'quarantined'];

class InboundMailDto {
  @ApiProperty() id!: string;
  @ApiPropertyOptional({
    nullable: true,
    example: '<CAF=abc@mail.example.nl>',
    description: "The mail's Message-ID header",
  })
  messageId!: string | null;
  @ApiProperty() receivedAt!: string;
  @ApiProperty({ enum: STATUSES }) status!: RawMailStatus;
  @ApiPropertyOptional({
    nullable: true,
    enum: ['message', 'auto-reply', 'bounce', 'loop', 'duplicate'],
    description: 'Set once processed; bulk and list mail count as auto-reply',
  })
  class!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    enum: [
      'message',
      'suspected-bulk',
      'suspected-auto-reply',
      'bulk',
      'out-of-office',
      'auto-reply',
      'read-receipt',
      'challenge',
      'bounce',
      'delivery-delay',
      'feedback-report',
      'list-rejection',
      'loop',
      'duplicate',
    ],
    description:
      'The finer kind beside `class`: bulk (newsletters, notifications; no case, convertible with POST /api/v1/mail/bulk/:id/case), out-of-office, suspected bulk (a case, no acknowledgement), delivery delay, …',
  })
  kind!: string | null;
  @ApiPropertyOptional({ nullable: true, example: 'auto-submitted', description: 'Which rule classified it' }) reason!:
    string | null;
  @ApiPropertyOptional({
    nullable: true,
    description: 'The case it created or joined (or, for a bounce, the case it concerns)',
  })
  caseId!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Why a quarantined mail could not be processed' }) error!:
    string | null;
}

class InboundMailPageDto {
  @ApiProperty({ type: [InboundMailDto] }) items!: InboundMailDto[];
  @ApiPropertyOptional({ nullable: true, description: 'Cursor for `after` on the next page; null on the last' }) next!:
    string | null;
}

function toDto(s: RawMailSummary): InboundMailDto {
  return { ...s, receivedAt: s.receivedAt.toISOString() };
}

/** Admins: the inbound mail log and replay of quarantined mail. */
@ApiTags('admin')
@ApiBearerAuth('staff')
@Controller('api/v1/mail/inbound')
@UseGuards(StaffAuthGuard)
@RequireRole('admin')
export class InboundMailAdminController {
  constructor(private readonly log: InboundMailLogService) {}

  @Get()
  @ApiQuery({ name: 'messageId', required: false, description: 'A Message-ID, with or without angle brackets' })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiQuery({ name: 'limit', required: false, description: '1–200, default 50' })
  @ApiQuery({ name: 'after', required: false, description: 'The `next` cursor of the previous page' })
  @ApiOkResponse({ type: InboundMailPageDto, description: 'Newest first' })
  @ApiUnauthorizedResponse({ type: ApiErrorDto })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'Admins only' })
  async list(
    @Query('messageId') messageId?: string,
    @Query('status') status?: string,
    @Query('limit') limit?: string,
    @Query('after') after?: string,
  ): Promise<InboundMailPageDto> {
    if (status !== undefined && !STATUSES.includes(status as RawMailStatus))
      throw new InputInvalidException({ status: ['errors.http400'] });
    const n = limit === undefined ? undefined : Number(limit);
    if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > 200))
      throw new InputInvalidException({ limit: ['errors.http400'] });
    const page = await this.log.list({
      messageId: messageId || undefined,
      status: status as RawMailStatus | undefined,
      limit: n,
      after: after || undefined,
    });
    return { items: page.items.map(toDto), next: page.next };
  }

  @Post(':id/replay')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: InboundMailDto,
    description: 'The mail after processing again; a processed mail is left as it is (idempotent)',
  })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiUnauthorizedResponse({ type: ApiErrorDto })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'Admins only' })
  async replay(@Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string): Promise<InboundMailDto> {
    return toDto(await this.log.replay(id));
  }
}
