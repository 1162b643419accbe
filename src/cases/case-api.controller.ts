import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentStaff, StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffIdentity } from '../auth/staff-identity';
import { validateInput } from '../common/validation';
import { ApiErrorDto } from '../common/web/api-error.dto';
import {
  AssignDto,
  CrisisDto,
  CrisisReviewDto,
  NoteDto,
  StaffCaseDto,
  StatusDto,
  TagsDto,
  TransferDto,
  TransferResultDto,
} from './case-actions.dto';
import { CaseActionsService, TransferResult } from './case-actions.service';
import { StaffCaseService, StaffCaseView } from './staff-case.service';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function caseToJson(c: StaffCaseView): StaffCaseDto {
  return {
    ...c,
    firstReplyDueAt: iso(c.firstReplyDueAt),
    nextReplyDueAt: iso(c.nextReplyDueAt),
    createdAt: iso(c.createdAt)!,
    messages: c.messages.map(({ html: _html, ...m }) => ({ ...m, createdAt: iso(m.createdAt)! })),
  } as unknown as StaffCaseDto;
}

/** One case for staff, and what they do to it. Another region's case is 404 on every route. */
@ApiTags('staff cases')
@ApiBearerAuth('staff')
@Controller('api/v1/cases/:id')
@UseGuards(StaffAuthGuard)
@ApiNotFoundResponse({ type: ApiErrorDto, description: 'Unknown case, or a case outside your regions' })
export class CaseApiController {
  constructor(
    private readonly cases: StaffCaseService,
    private readonly actions: CaseActionsService,
  ) {}

  @Get()
  @ApiOkResponse({ type: StaffCaseDto, description: 'Opening a case is audited' })
  async read(@Param('id') id: string, @CurrentStaff() staff: StaffIdentity): Promise<StaffCaseDto> {
    return caseToJson(await this.cases.open(staff, id, 'api'));
  }

  @Post('claim')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Assigned to you; a new case becomes open' })
  @ApiConflictResponse({ type: ApiErrorDto, description: '`already_assigned` to someone else' })
  async claim(@Param('id') id: string, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    await this.actions.claim(staff, id);
  }

  @Post('assign')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBody({ type: AssignDto })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ApiErrorDto, description: "The worker is not in the case's region" })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'Trainees cannot assign' })
  async assign(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    const dto = validateInput(AssignDto, body, { rejectUnknown: true });
    await this.actions.assign(staff, id, dto.workerId ?? null);
  }

  @Post('transfer')
  @HttpCode(HttpStatus.OK)
  @ApiBody({ type: TransferDto })
  @ApiOkResponse({
    type: TransferResultDto,
    description: 'The case now belongs to that region (and may be out of your sight)',
  })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'Trainees cannot transfer to another organisation' })
  async transfer(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<TransferResult> {
    const dto = validateInput(TransferDto, body, { rejectUnknown: true });
    return this.actions.transfer(staff, id, dto.region, dto.reason, dto.note);
  }

  @Post('status')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBody({ type: StatusDto })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async status(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    const dto = validateInput(StatusDto, body, { rejectUnknown: true });
    await this.actions.setStatus(staff, id, dto.status);
  }

  @Post('crisis-review')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBody({ type: CrisisReviewDto })
  @ApiNoContentResponse({ description: 'Recorded as a case event; the crisis flag follows the verdict' })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async crisisReview(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    const dto = validateInput(CrisisReviewDto, body, { rejectUnknown: true });
    await this.actions.reviewCrisis(staff, id, dto.verdict);
  }

  @Post('crisis')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBody({ type: CrisisDto })
  @ApiNoContentResponse({
    description: 'Flag set or cleared; the crisis policy applies or stops applying to the running target',
  })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async crisis(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    const dto = validateInput(CrisisDto, body, { rejectUnknown: true });
    await this.actions.setCrisis(staff, id, dto.crisis, dto.reason.trim());
  }

  @Post('notes')
  @ApiBody({ type: NoteDto })
  @ApiCreatedResponse({ description: '`{ id }` of the note' })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async note(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<{ id: string }> {
    const dto = validateInput(NoteDto, body, { rejectUnknown: true });
    return this.actions.addNote(staff, id, dto.text);
  }

  @Post('tags')
  @HttpCode(HttpStatus.OK)
  @ApiBody({ type: TagsDto })
  @ApiOkResponse({ description: '`{ tags }` as stored' })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async tags(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<{ tags: string[] }> {
    const dto = validateInput(TagsDto, body, { rejectUnknown: true });
    return { tags: await this.actions.setTags(staff, id, dto.tags) };
  }

  @Post('lock')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ description: '`{ expiresAt }`: others see that you are writing a reply' })
  @ApiConflictResponse({ type: ApiErrorDto, description: '`case_locked`: someone else is writing' })
  async lock(@Param('id') id: string, @CurrentStaff() staff: StaffIdentity): Promise<{ expiresAt: string }> {
    const { expiresAt } = await this.actions.lock(staff, id);
    return { expiresAt: new Date(expiresAt).toISOString() };
  }

  @Delete('lock')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  async unlock(@Param('id') id: string, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    await this.actions.unlock(staff, id);
  }
}
