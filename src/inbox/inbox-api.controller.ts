import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentStaff, StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffIdentity } from '../auth/staff-identity';
import { ApiErrorDto } from '../common/web/api-error.dto';
import { CHANNELS, VIEWS } from './inbox-query';
import { InboxRequest, InboxService } from './inbox.service';

class ReviewItemDto {
  @ApiProperty({ format: 'uuid' }) replyId!: string;
  @ApiProperty({ format: 'uuid' }) authorId!: string;
  @ApiProperty() authorName!: string;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
}

class InboxItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'L-7K3M9QX' }) caseRef!: string;
  @ApiProperty({ enum: ['new', 'open', 'waiting', 'closed'] }) status!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty({ nullable: true, type: String }) topic!: string | null;
  @ApiProperty() regionCode!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The assigned worker' }) assignedTo!:
    string | null;
  @ApiProperty({ nullable: true, type: String }) assignedToName!: string | null;
  @ApiProperty() crisis!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) firstReplyDueAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) nextReplyDueAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) lastMessageAt!: string;
  @ApiProperty({ description: 'New since this user last opened the case' }) unread!: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Another worker who is writing a reply right now (soft lock)',
  })
  writingName!: string | null;
  @ApiPropertyOptional({
    type: () => ReviewItemDto,
    description: '`view=review` only: the trainee reply waiting for review',
  })
  review?: ReviewItemDto;
}

class InboxCountsDto {
  @ApiProperty() unassigned!: number;
  @ApiProperty() mine!: number;
  @ApiProperty() waiting!: number;
  @ApiProperty() open!: number;
  @ApiProperty() closed!: number;
  @ApiProperty({ description: 'Open cases of colleagues who are away right now ("Collega afwezig")' }) absent!: number;
  @ApiPropertyOptional({ description: 'Supervisors and up: trainee replies waiting for review' }) review?: number;
}

class InboxPageDto {
  @ApiProperty({ type: [InboxItemDto], description: 'Never message text' }) items!: InboxItemDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Cursor for `after=`; null on the last page' }) next!:
    string | null;
  @ApiPropertyOptional({
    type: InboxCountsDto,
    description: 'Cases per view with the same filters, each counted up to 1,000 (more shows as 1000)',
  })
  counts?: InboxCountsDto;
}

/** The case inbox as JSON: the same views, filters and scope as /inbox. */
@ApiTags('staff cases')
@ApiBearerAuth('staff')
@Controller('api/v1/cases')
@UseGuards(StaffAuthGuard)
export class InboxApiController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiQuery({
    name: 'view',
    required: false,
    enum: [...VIEWS, 'review'],
    description:
      'Default `unassigned`. Crisis first, then due time, then oldest; `closed` newest first. `review` (supervisors and up, others 403): trainee replies waiting for review, crisis first, then longest waiting',
  })
  @ApiQuery({ name: 'region', required: false, description: 'Region code (within your regions)' })
  @ApiQuery({ name: 'topic', required: false })
  @ApiQuery({ name: 'channel', required: false, enum: CHANNELS })
  @ApiQuery({ name: 'worker', required: false, description: 'Assigned worker id' })
  @ApiQuery({ name: 'limit', required: false, description: '1–200, default 50' })
  @ApiQuery({ name: 'after', required: false, description: 'The `next` cursor of the previous page' })
  @ApiQuery({
    name: 'counts',
    required: false,
    enum: ['true', 'false'],
    description: 'Include the count of every view (default true)',
  })
  @ApiOkResponse({ type: InboxPageDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiUnauthorizedResponse({ type: ApiErrorDto })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: '`view=review` below supervisor' })
  async list(
    @Query() q: InboxRequest & { counts?: string },
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<InboxPageDto> {
    const page = await this.inbox.page(staff, q);
    const items = page.items.map((r) => ({
      id: r.id,
      caseRef: r.caseRef,
      status: r.status,
      channel: r.channel,
      topic: r.topic,
      regionCode: r.regionCode,
      assignedTo: r.assignedTo,
      assignedToName: r.assignedToName,
      crisis: r.crisis,
      firstReplyDueAt: r.firstReplyDueAt?.toISOString() ?? null,
      nextReplyDueAt: r.nextReplyDueAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
      lastMessageAt: r.lastMessageAt.toISOString(),
      unread: r.unread,
      writingName: r.writingName,
      ...(r.review ? { review: { ...r.review, submittedAt: r.review.submittedAt.toISOString() } } : {}),
    }));
    const body: InboxPageDto = { items, next: page.next };
    if (q.counts !== 'false') body.counts = await this.inbox.counts(staff, q);
    return body;
  }
}
