import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { SLA_MAIL_CHOICES } from './notifications.service';

export class NotificationsReadDto {
  @ApiPropertyOptional({ type: [String], description: 'Ids of your notifications to mark read' })
  @IsOptional()
  @IsArray({ message: 'notifications.invalid.ids' })
  @ArrayMaxSize(500, { message: 'notifications.invalid.ids' })
  @Matches(/^\d{1,18}$/, { each: true, message: 'notifications.invalid.ids' })
  ids?: string[];

  @ApiPropertyOptional({ description: 'true: mark every notification of yours read' })
  @IsOptional()
  @IsBoolean({ message: 'notifications.invalid.all' })
  all?: boolean;
}

export class NotificationSettingsDto {
  @ApiProperty({
    enum: SLA_MAIL_CHOICES,
    description: 'The content-free SLA e-mail: none, at once (throttled), or one daily digest',
  })
  @IsIn(SLA_MAIL_CHOICES as unknown as string[], { message: 'notifications.invalid.slaMail' })
  slaMail!: string;
}

export class NotificationItemDto {
  @ApiProperty() id!: string;
  @ApiProperty({
    description:
      'sla.warning | sla.breach | sla.escalation | message.received | case.assigned | case.transferred | review.requested | review.returned | review.approved | evaluation.contact_requested',
  })
  kind!: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) caseId?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Public case reference' }) caseRef?: string | null;
  @ApiProperty({ description: 'Facts only (target, due time, crisis flag, ids); never case content' })
  data!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) readAt!: string | null;
  @ApiProperty({ description: 'A task the worker marks done (a request for personal contact)' }) task!: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) doneAt!: string | null;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationItemDto] }) items!: NotificationItemDto[];
  @ApiProperty({ description: 'Unread notifications (counted up to 100)' }) unread!: number;
  @ApiProperty({ nullable: true, type: String, description: 'Cursor for `after=`; null on the last page' })
  next!: string | null;
}
