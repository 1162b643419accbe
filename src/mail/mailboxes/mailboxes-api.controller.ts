import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentStaff, RequireRole, StaffAuthGuard } from '../../auth/staff-auth.guard';
import { organisationParam, StaffIdentity } from '../../auth/staff-identity';
import { validateInput } from '../../common/validation';
import { ApiErrorDto } from '../../common/web/api-error.dto';
import { apiLanguage } from '../../common/web/request-context';
import { ConnectionTestDto, MailboxCreateDto, MailboxDto, MailboxListDto, MailboxUpdateDto } from './mailboxes.dto';
import { ConnectionTestResult, MailboxesService, MailboxView } from './mailboxes.service';

/**
 * The organisation mailboxes Luister fetches from (IMAP) and sends from: the admin page's
 * operations as JSON. An org-admin runs their organisation's (those of its regions; another's: 404);
 * the platform's (no region, IMAP_URL) are the platform admin's.
 */
@ApiTags('admin')
@ApiBearerAuth('staff')
@Controller('api/v1/admin/mailboxes')
@UseGuards(StaffAuthGuard)
@RequireRole('admin', 'org-admin')
@ApiForbiddenResponse({ type: ApiErrorDto, description: 'Admins and org-admins only' })
export class MailboxesApiController {
  constructor(private readonly mailboxes: MailboxesService) {}

  @Get()
  @ApiOkResponse({ type: MailboxListDto, description: 'Every mailbox with its status; secrets never' })
  async list(@Req() req: Request, @CurrentStaff() s: StaffIdentity): Promise<{ items: MailboxView[] }> {
    return { items: await this.mailboxes.list(apiLanguage(req), organisationParam(s)) };
  }

  @Post()
  @ApiBody({ type: MailboxCreateDto })
  @ApiCreatedResponse({ description: '`{ id }`' })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async create(@Body() body: unknown, @CurrentStaff() s: StaffIdentity): Promise<{ id: string }> {
    const dto = validateInput(MailboxCreateDto, body, { rejectUnknown: true });
    return this.mailboxes.create(s.id, dto, organisationParam(s));
  }

  @Get(':id')
  @ApiOkResponse({ type: MailboxDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async get(@Param('id') id: string, @Req() req: Request, @CurrentStaff() s: StaffIdentity): Promise<MailboxView> {
    return this.mailboxes.get(id, apiLanguage(req), organisationParam(s));
  }

  @Patch(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBody({ type: MailboxUpdateDto })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async update(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() s: StaffIdentity): Promise<void> {
    const dto = validateInput(MailboxUpdateDto, body, { rejectUnknown: true });
    await this.mailboxes.update(s.id, id, dto, organisationParam(s));
  }

  @Post(':id/test')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: ConnectionTestDto,
    description: 'Logs in, opens the folders; checks the SMTP login when it sends itself',
  })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async test(
    @Param('id') id: string,
    @Req() req: Request,
    @CurrentStaff() s: StaffIdentity,
  ): Promise<ConnectionTestResult> {
    return this.mailboxes.test(id, apiLanguage(req), organisationParam(s));
  }
}
