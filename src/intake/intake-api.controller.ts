import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  NotFoundException,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { RateLimitService } from '../common/rate-limit/rate-limit.service';
import { pageLook } from '../organisations/organisation-look';
import { ApiErrorDto } from '../common/web/api-error.dto';
import { clientAddress } from '../common/web/request-context';
import { validateInput } from '../common/validation';
import { CaseLinkThrottle } from './case-link-throttle.service';
import { IntakeService } from './intake.service';
import { FollowUpDto, QuestionDto } from './question.dto';

class QuestionCreatedDto {
  @ApiProperty({ example: 'L-7K3M9QX', description: 'Short public reference; not a secret' }) caseRef!: string;
  @ApiProperty({ description: 'The case secret (128-bit); send as `Authorization: Bearer`. Shown once.' })
  token!: string;
  @ApiProperty({ example: '/c/3q2+7w…' }) link!: string;
  @ApiPropertyOptional({
    description: "When the first answer is due at the latest (ISO 8601, UTC), from the region's business hours",
  })
  expectedReplyBy?: string;
  @ApiProperty({
    description: 'A crisis case: the crisis question was answered yes, or the wording showed warning signs',
  })
  crisis!: boolean;
}

class CaseMessageDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['in', 'out'] }) direction!: string;
  @ApiProperty({ enum: ['web', 'email'] }) channel!: string;
  @ApiProperty() text!: string;
  @ApiProperty() createdAt!: string;
}

class CaseOrganisationDto {
  @ApiProperty({ example: 'Welzijn Amsterdam' }) name!: string;
  @ApiProperty({ nullable: true, type: String, example: '/organisations/welzijn-amsterdam/logo' }) logoUrl!:
    string | null;
}

class HelpSeekerCaseDto {
  @ApiProperty() caseRef!: string;
  @ApiProperty({ enum: ['new', 'open', 'waiting', 'closed'] }) status!: string;
  @ApiProperty() regionName!: string;
  @ApiPropertyOptional({ type: CaseOrganisationDto, description: 'The organisation that answers the case' })
  organisation?: CaseOrganisationDto;
  @ApiProperty({ type: [CaseMessageDto] }) messages!: CaseMessageDto[];
  @ApiPropertyOptional({
    description: 'When the answer owed now is due at the latest (ISO 8601, UTC); absent when no answer is owed',
  })
  expectedReplyBy?: string;
}

class MessageCreatedDto {
  @ApiProperty() id!: string;
}

/** The help-seeker JSON API: the case token is the only credential, always in the Authorization header. */
@ApiTags('help-seekers')
@Controller('api/v1')
export class IntakeApiController {
  constructor(
    private readonly intake: IntakeService,
    private readonly limits: RateLimitService,
    private readonly caseLinks: CaseLinkThrottle,
  ) {}

  @Post('questions')
  @ApiBody({ type: QuestionDto })
  @ApiCreatedResponse({ type: QuestionCreatedDto, description: 'Committed: the case exists' })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'Per-field messages in `fields`' })
  @ApiTooManyRequestsResponse({ type: ApiErrorDto })
  @ApiConflictResponse({
    type: ApiErrorDto,
    description: 'The idempotencyKey was used before for a different question',
  })
  async submit(
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<QuestionCreatedDto> {
    const dto = validateInput(QuestionDto, body, { rejectUnknown: true });
    if (!(await this.limits.consume('questions', clientAddress(req)))) {
      throw new HttpException(
        { statusCode: 429, code: 'too_many_requests', message: 'errors.tooManyQuestions' },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const created = await this.intake.submitQuestion(dto);
    // A repeated key: the same answer as the first time (the header says so).
    if (created.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return {
      caseRef: created.caseRef,
      token: created.token,
      link: created.link,
      expectedReplyBy: created.expectedReplyBy?.at.toISOString(),
      crisis: created.crisis,
    };
  }

  @Get('case')
  @ApiBearerAuth('case-token')
  @ApiOkResponse({ type: HelpSeekerCaseDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'Unknown or missing token (deliberately indistinguishable)' })
  async read(@Req() req: Request): Promise<HelpSeekerCaseDto> {
    const token = await this.tokenOf(req);
    try {
      const c = await this.intake.readCase(token);
      return {
        caseRef: c.caseRef,
        status: c.status,
        regionName: c.regionName,
        ...(c.organisation
          ? { organisation: { name: c.organisation.name, logoUrl: pageLook(c.organisation)!.logoUrl } }
          : {}),
        messages: c.messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
        expectedReplyBy: c.expectedReplyBy?.at.toISOString(),
      };
    } catch (e) {
      if (e instanceof NotFoundException) await this.caseLinks.recordMiss(req, token);
      throw e;
    }
  }

  @Post('case/messages')
  @HttpCode(HttpStatus.CREATED)
  @ApiBearerAuth('case-token')
  @ApiBody({ type: FollowUpDto })
  @ApiCreatedResponse({ type: MessageCreatedDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async followUp(@Body() body: unknown, @Req() req: Request): Promise<MessageCreatedDto> {
    const token = await this.tokenOf(req);
    const dto = validateInput(FollowUpDto, body, { rejectUnknown: true });
    try {
      const { messageId } = await this.intake.addFollowUp(token, dto);
      return { id: messageId };
    } catch (e) {
      if (e instanceof NotFoundException) await this.caseLinks.recordMiss(req, token);
      throw e;
    }
  }

  private async tokenOf(req: Request): Promise<string> {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m) {
      await this.caseLinks.check(req);
      throw new UnauthorizedException({ code: 'token_required', message: 'errors.tokenRequired' });
    }
    await this.caseLinks.check(req, m[1]);
    return m[1];
  }
}
