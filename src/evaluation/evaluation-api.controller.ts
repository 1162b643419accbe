import { Body, Controller, HttpStatus, NotFoundException, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { validateInput } from '../common/validation';
import { ApiErrorDto } from '../common/web/api-error.dto';
import { CaseLinkThrottle } from '../intake/case-link-throttle.service';
import { EvaluationDto } from './evaluation.dto';
import { EvaluationService } from './evaluation.service';

class EvaluationSavedDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: "Until when (ISO 8601, UTC) this round's evaluation can still be changed" })
  editableUntil!: string;
}

/** The help-seeker evaluates the latest reply; the case token in the Authorization header is the only credential. */
@ApiTags('help-seekers')
@Controller('api/v1/case')
export class EvaluationApiController {
  constructor(
    private readonly evaluations: EvaluationService,
    private readonly caseLinks: CaseLinkThrottle,
  ) {}

  @Post('evaluation')
  @ApiBearerAuth('case-token')
  @ApiBody({ type: EvaluationDto })
  @ApiCreatedResponse({ type: EvaluationSavedDto, description: "This reply round's evaluation, stored" })
  @ApiOkResponse({ type: EvaluationSavedDto, description: 'Changed within the day it can be changed' })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'Per-field messages in `fields`' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'Unknown or missing token, or an erased case' })
  @ApiConflictResponse({
    type: ApiErrorDto,
    description: '`evaluation_not_open` (no reply yet) or `evaluation_closed` (more than a day after submitting)',
  })
  async submit(
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EvaluationSavedDto> {
    await this.caseLinks.check(req);
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m) throw new UnauthorizedException({ code: 'token_required', message: 'errors.tokenRequired' });
    const dto = validateInput(EvaluationDto, body, { rejectUnknown: true });
    try {
      const saved = await this.evaluations.submit(m[1], dto, new Date());
      res.status(saved.created ? HttpStatus.CREATED : HttpStatus.OK);
      return { id: saved.id, editableUntil: saved.editableUntil.toISOString() };
    } catch (e) {
      if (e instanceof NotFoundException) await this.caseLinks.recordMiss(req);
      throw e;
    }
  }
}
