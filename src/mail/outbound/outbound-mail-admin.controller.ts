import { Controller, Get, Param, ParseUUIDPipe, Query, UseGuards } from '@nestjs/common';
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
import { CurrentStaff, RequireRole, StaffAuthGuard } from '../../auth/staff-auth.guard';
import { StaffIdentity } from '../../auth/staff-identity';
import { ApiErrorDto } from '../../common/web/api-error.dto';
import { InputInvalidException } from '../../common/validation';
import {
  OUTBOX_STATUSES,
  OutboundMail,
  OutboundMailLogService,
  OutboundMailSummary,
  OutboxStatus,
} from './outbound-mail-log.service';

const KINDS = ['acknowledgement', 'reply-notification', 'reply'];

class OutboundMailSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Null for staff mail (SLA notices), which belongs to no case',
  })
  caseId!: string | null;
  @ApiProperty({ enum: KINDS }) kind!: string;
  @ApiProperty({ enum: OUTBOX_STATUSES, description: '`kept`: no relay configured, the mail stays in the app' })
  status!: OutboxStatus;
  @ApiProperty({ description: 'Our signed Message-ID; a resend carries the same one' }) messageId!: string;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional({
    nullable: true,
    example: 'smtp 451',
    description: 'SMTP or error code of the last failed try',
  })
  lastError!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ nullable: true }) sentAt!: string | null;
}

class OutboundMailPageDto {
  @ApiProperty({ type: [OutboundMailSummaryDto] }) items!: OutboundMailSummaryDto[];
  @ApiPropertyOptional({ nullable: true, description: 'Cursor for `after` on the next page; null on the last' }) next!:
    string | null;
}

class OutboundMailDto extends OutboundMailSummaryDto {
  @ApiProperty() to!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ description: 'The case link shows as "[case link]": its token is never shown' }) text!: string;
  @ApiPropertyOptional({ nullable: true }) html!: string | null;
  @ApiPropertyOptional({ nullable: true }) inReplyTo!: string | null;
  @ApiProperty({ type: [String] }) references!: string[];
}

function summaryDto(s: OutboundMailSummary): OutboundMailSummaryDto {
  return {
    id: s.id,
    caseId: s.caseId,
    kind: s.kind,
    status: s.status,
    messageId: s.messageId,
    attempts: s.attempts,
    lastError: s.lastError,
    createdAt: s.createdAt.toISOString(),
    sentAt: s.sentAt ? s.sentAt.toISOString() : null,
  };
}

/** Admins: outgoing mail — its delivery state, and (without a relay) the mail itself. */
@ApiTags('admin')
@ApiBearerAuth('staff')
@Controller('api/v1/mail/outbound')
@UseGuards(StaffAuthGuard)
@RequireRole('admin')
export class OutboundMailAdminController {
  constructor(private readonly log: OutboundMailLogService) {}

  @Get()
  @ApiQuery({ name: 'status', required: false, enum: OUTBOX_STATUSES })
  @ApiQuery({ name: 'caseId', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1–200, default 50' })
  @ApiQuery({ name: 'after', required: false, description: 'The `next` cursor of the previous page' })
  @ApiOkResponse({ type: OutboundMailPageDto, description: 'Newest first; no addresses or content' })
  @ApiUnauthorizedResponse({ type: ApiErrorDto })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'Admins only' })
  async list(
    @Query('status') status?: string,
    @Query('caseId') caseId?: string,
    @Query('limit') limit?: string,
    @Query('after') after?: string,
  ): Promise<OutboundMailPageDto> {
    if (status !== undefined && !OUTBOX_STATUSES.includes(status as OutboxStatus))
      throw new InputInvalidException({ status: ['errors.http400'] });
    if (caseId !== undefined && !/^[0-9a-f-]{36}$/i.test(caseId))
      throw new InputInvalidException({ caseId: ['errors.http400'] });
    const n = limit === undefined ? undefined : Number(limit);
    if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > 200))
      throw new InputInvalidException({ limit: ['errors.http400'] });
    const page = await this.log.list({
      status: status as OutboxStatus | undefined,
      caseId,
      limit: n,
      after: after || undefined,
    });
    return { items: page.items.map(summaryDto), next: page.next };
  }

  @Get(':id')
  @ApiOkResponse({
    type: OutboundMailDto,
    description: 'The mail as sent (or kept); reading it is audited as opening the case',
  })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiUnauthorizedResponse({ type: ApiErrorDto })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'Admins only' })
  async read(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<OutboundMailDto> {
    const m: OutboundMail = await this.log.read(id, staff.id);
    return {
      ...summaryDto(m),
      to: m.to,
      subject: m.subject,
      text: m.text,
      html: m.html,
      inReplyTo: m.inReplyTo,
      references: m.references,
    };
  }
}
