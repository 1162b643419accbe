import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentStaff, RequireRole, StaffAuthGuard } from '../auth/staff-auth.guard';
import { organisationParam, rolesAtLeast, StaffIdentity } from '../auth/staff-identity';
import { validateInput } from '../common/validation';
import { ApiErrorDto } from '../common/web/api-error.dto';
import {
  ApproveInputDto,
  ChecklistRuleDto,
  ReplyInputDto,
  ReplyResultDto,
  ReturnInputDto,
  TemplateCopyDto,
  TemplateCreateDto,
  TemplateInputDto,
} from './reply.dto';
import { CHECKLIST_ITEMS } from './reply-checklist';
import { ReplyTemplate, ReplyTemplatesService } from './reply-templates.service';
import { RepliesService, ReplyReview, ReplyView } from './replies.service';

const str = (v: unknown) => (typeof v === 'string' && v.length <= 40 ? v : undefined);

@ApiTags('replies')
@ApiBearerAuth('staff')
@Controller('api/v1')
@UseGuards(StaffAuthGuard)
@ApiNotFoundResponse({ type: ApiErrorDto, description: 'Unknown case or reply, or one outside your regions' })
export class RepliesApiController {
  constructor(
    private readonly replies: RepliesService,
    private readonly templates: ReplyTemplatesService,
  ) {}

  @Post('cases/:id/replies')
  @ApiBody({ type: ReplyInputDto })
  @ApiCreatedResponse({
    type: ReplyResultDto,
    description:
      '`draft`; with `send: true` `sent`, or `pending-review` for a trainee. The checklist is stored with the reply.',
  })
  @ApiBadRequestResponse({
    type: ApiErrorDto,
    description:
      '`template_variable`: fields `variables.<name>` name each unknown or missing variable; `checklist_incomplete`: fields `checklist.<item>` for each blocking item not met',
  })
  async save(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<ReplyResultDto> {
    const dto = validateInput(ReplyInputDto, body, { rejectUnknown: true });
    return this.replies.save(staff, id, dto);
  }

  @Get('cases/:id/replies')
  @ApiOkResponse({ description: '`{ items }`: sent replies, replies waiting for review, and your own drafts' })
  async list(@Param('id') id: string, @CurrentStaff() staff: StaffIdentity): Promise<{ items: ReplyView[] }> {
    return { items: await this.replies.list(staff, id) };
  }

  @Post('cases/:id/replies/preview')
  @HttpCode(HttpStatus.OK)
  @ApiBody({ type: ReplyInputDto })
  @ApiOkResponse({
    description: '`{ text, checklist, problems }`: the reply exactly as the help-seeker will read it; nothing is saved',
  })
  async preview(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() staff: StaffIdentity) {
    const dto = validateInput(ReplyInputDto, { send: false, ...(body as object) }, { rejectUnknown: true });
    return this.replies.preview(staff, id, dto.sections, dto.referralIds);
  }

  @Get('replies/:id/review')
  @ApiOkResponse({
    description:
      "`{ reply, caseId, channel, language, text, checklist, problems, steps: [{ step ('submitted'|'edited'|'returned'|'approved'), actorId, actorName, comment, changed, createdAt }] }`: `text` is the reply exactly as the help-seeker will receive it (greeting, closing, variables and referrals filled in). Review comments are staff-only. Supervisors and up of the case's region, and the reply's author",
  })
  async review(@Param('id') id: string, @CurrentStaff() staff: StaffIdentity): Promise<ReplyReview> {
    return this.replies.review(staff, id);
  }

  @Post('replies/:id/approve')
  @HttpCode(HttpStatus.OK)
  @RequireRole(...rolesAtLeast('supervisor'))
  @ApiBody({ type: ApproveInputDto, required: false })
  @ApiOkResponse({ type: ReplyResultDto, description: "Sent, with the supervisor's edits if given" })
  @ApiConflictResponse({ type: ApiErrorDto, description: '`reply_not_pending`' })
  async approve(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<ReplyResultDto> {
    const dto = validateInput(ApproveInputDto, body ?? {}, { rejectUnknown: true });
    return this.replies.approve(staff, id, dto);
  }

  @Post('replies/:id/return')
  @HttpCode(HttpStatus.OK)
  @RequireRole(...rolesAtLeast('supervisor'))
  @ApiBody({ type: ReturnInputDto })
  @ApiOkResponse({ type: ReplyResultDto, description: '`returned` to the trainee with the comment' })
  @ApiConflictResponse({ type: ApiErrorDto, description: '`reply_not_pending`' })
  async returnToAuthor(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<ReplyResultDto> {
    const dto = validateInput(ReturnInputDto, body, { rejectUnknown: true });
    return this.replies.returnToAuthor(staff, id, dto.comment);
  }

  @Get('reply-templates')
  @ApiQuery({ name: 'language', required: false, enum: ['nl', 'en'] })
  @ApiQuery({ name: 'topic', required: false, description: "The topic's own template and the general one" })
  @ApiOkResponse({
    description:
      "`{ items: [{ id, code, name, language, topic, version, sections, organisation }] }`: the platform's templates, each replaced by your organisation's own of the same code and language (`organisation`: its code; null: the platform's). The platform admin: every organisation's beside the platform's",
  })
  async templatesList(
    @CurrentStaff() staff: StaffIdentity,
    @Query('language') language?: unknown,
    @Query('topic') topic?: unknown,
  ): Promise<{ items: ReplyTemplate[] }> {
    return {
      items: await this.templates.list(
        { language: str(language), topic: str(topic) },
        { organisationId: organisationParam(staff) },
      ),
    };
  }

  @Post('reply-templates')
  @RequireRole(...rolesAtLeast('manager'))
  @ApiBody({ type: TemplateCreateDto })
  @ApiCreatedResponse({
    description:
      "The new template, version 1: your organisation's (the platform admin's: the platform's, or the `organisation` named)",
  })
  @ApiBadRequestResponse({
    type: ApiErrorDto,
    description: 'Invalid or taken code (per organisation and language), unknown topic, or `template_variable`',
  })
  async createTemplate(@Body() body: unknown, @CurrentStaff() staff: StaffIdentity): Promise<ReplyTemplate> {
    const dto = validateInput(TemplateCreateDto, body, { rejectUnknown: true });
    return this.templates.create(staff, dto);
  }

  @Get('reply-templates/:id')
  @ApiOkResponse({ description: "The current version (the platform's, or your organisation's)" })
  async template(@Param('id') id: string, @CurrentStaff() staff: StaffIdentity): Promise<ReplyTemplate> {
    return this.templates.get(id, { organisationId: organisationParam(staff) });
  }

  @Put('reply-templates/:id')
  @RequireRole(...rolesAtLeast('manager'))
  @ApiBody({ type: TemplateInputDto })
  @ApiOkResponse({ description: 'The new version; replies keep the version they started from' })
  @ApiBadRequestResponse({
    type: ApiErrorDto,
    description: '`template_variable`: a variable outside the allowlist, or handlebars syntax other than `{{name}}`',
  })
  @ApiForbiddenResponse({
    type: ApiErrorDto,
    description: '`template_platform`: a platform template, which only the platform admin changes (copy it instead)',
  })
  async updateTemplate(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<ReplyTemplate> {
    const dto = validateInput(TemplateInputDto, body, { rejectUnknown: true });
    return this.templates.update(staff, id, dto.sections);
  }

  @Post('reply-templates/:id/copy')
  @RequireRole(...rolesAtLeast('manager'))
  @ApiBody({ type: TemplateCopyDto, required: false })
  @ApiCreatedResponse({
    description:
      "A platform template copied into your organisation (the platform admin: the `organisation` named), to adapt: it replaces the platform's for your organisation's cases",
  })
  @ApiConflictResponse({
    type: ApiErrorDto,
    description: '`template_exists`: your organisation has one of this code and language; `template_not_platform`',
  })
  async copyTemplate(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<ReplyTemplate> {
    const dto = validateInput(TemplateCopyDto, body ?? {}, { rejectUnknown: true });
    return this.templates.copy(staff, id, dto.organisation);
  }

  @Get('reply-templates/:id/versions')
  @ApiOkResponse({ description: '`{ items: [{ version, createdAt, createdBy }] }`, newest first' })
  async versions(@Param('id') id: string, @CurrentStaff() staff: StaffIdentity): Promise<{ items: unknown[] }> {
    return { items: await this.templates.versions(id, { organisationId: organisationParam(staff) }) };
  }

  @Get('reply-checklist-rules')
  @ApiOkResponse({ description: '`{ items: [{ item, blocking }] }`' })
  async rules(): Promise<{ items: { item: string; blocking: boolean }[] }> {
    const blocking = await this.replies.blockingItems();
    return { items: CHECKLIST_ITEMS.map((item) => ({ item, blocking: blocking.has(item) })) };
  }

  @Put('reply-checklist-rules')
  // One rule set for the whole platform, so only the platform admin changes it.
  @RequireRole('admin')
  @ApiBody({ type: ChecklistRuleDto })
  @ApiOkResponse({ description: 'Whether this checklist item blocks sending, for the whole platform (platform admin)' })
  async setRule(@Body() body: unknown): Promise<{ items: { item: string; blocking: boolean }[] }> {
    const dto = validateInput(ChecklistRuleDto, body, { rejectUnknown: true });
    await this.replies.setBlocking(dto.item, dto.blocking);
    return this.rules();
  }
}
