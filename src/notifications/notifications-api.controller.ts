import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentStaff, StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffIdentity } from '../auth/staff-identity';
import { InputInvalidException, validateInput } from '../common/validation';
import { ApiErrorDto } from '../common/web/api-error.dto';
import { NotificationPageDto, NotificationSettingsDto, NotificationsReadDto } from './notifications.dto';
import { NotificationsService } from './notifications.service';

/** The caller's own notifications; thin: parse, call, answer. */
@ApiTags('notifications')
@ApiBearerAuth('staff')
@Controller('api/v1')
@UseGuards(StaffAuthGuard)
export class NotificationsApiController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  @ApiQuery({ name: 'limit', required: false, description: '1–100, default 30' })
  @ApiQuery({ name: 'after', required: false, description: 'The `next` cursor of the previous page' })
  @ApiQuery({ name: 'unread', required: false, enum: ['true', 'false'], description: 'Only unread ones' })
  @ApiOkResponse({ type: NotificationPageDto, description: 'Newest first; only cases of your regions' })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async list(@Query() q: Record<string, unknown>, @CurrentStaff() staff: StaffIdentity): Promise<NotificationPageDto> {
    const page = await this.notifications.list(staff, q);
    return {
      items: page.items.map((n) => ({
        id: n.id,
        kind: n.kind,
        caseId: n.caseId,
        caseRef: n.caseRef,
        data: n.data,
        createdAt: n.createdAt.toISOString(),
        readAt: n.readAt?.toISOString() ?? null,
        task: n.task,
        doneAt: n.doneAt?.toISOString() ?? null,
      })),
      unread: page.unread,
      next: page.next,
    };
  }

  @Post('notifications/read')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBody({ type: NotificationsReadDto, description: '`{ ids }`, or `{ all: true }` for every one' })
  @ApiNoContentResponse({ description: 'Marked read; ids that are not yours change nothing' })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async markRead(@Body() body: unknown, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    const dto = validateInput(NotificationsReadDto, body, { rejectUnknown: true });
    if (!dto.all && !dto.ids) throw new InputInvalidException({ ids: ['notifications.invalid.ids'] });
    await this.notifications.markRead(staff, dto);
  }

  @Post('notifications/:id/done')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The task (a request for personal contact) is done' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'Not your task, or its case is outside your regions' })
  async done(@Param('id') id: string, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    await this.notifications.markDone(staff, id);
  }

  @Get('me/notification-settings')
  @ApiOkResponse({ type: NotificationSettingsDto })
  async settings(@CurrentStaff() staff: StaffIdentity): Promise<NotificationSettingsDto> {
    return this.notifications.settings(staff.id);
  }

  @Put('me/notification-settings')
  @ApiBody({ type: NotificationSettingsDto })
  @ApiOkResponse({ type: NotificationSettingsDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async setSettings(@Body() body: unknown, @CurrentStaff() staff: StaffIdentity): Promise<NotificationSettingsDto> {
    const dto = validateInput(NotificationSettingsDto, body, { rejectUnknown: true });
    return this.notifications.setSettings(staff.id, dto);
  }
}
