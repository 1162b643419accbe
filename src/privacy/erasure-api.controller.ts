import {
  Body,
  Controller,
  Delete,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Req,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentStaff, RequireRole, StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffIdentity } from '../auth/staff-identity';
import { validateInput } from '../common/validation';
import { ApiErrorDto } from '../common/web/api-error.dto';
import { CaseLinkThrottle } from '../intake/case-link-throttle.service';
import { AdminErasureDto } from './erasure.dto';
import { ErasureCounts } from './case-erasure';
import { ErasureService } from './erasure.service';

/** The help-seeker erases their own case with the case token. */
@ApiTags('help-seekers')
@Controller('api/v1')
export class HelpSeekerErasureApiController {
  constructor(
    private readonly erasure: ErasureService,
    private readonly caseLinks: CaseLinkThrottle,
  ) {}

  @Delete('case')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth('case-token')
  @ApiNoContentResponse({
    description: 'Erased: text, nickname, address, attachments and mails are gone; the token opens nothing any more',
  })
  @ApiNotFoundResponse({
    type: ApiErrorDto,
    description: 'Unknown, missing or already erased token (deliberately indistinguishable)',
  })
  async erase(@Req() req: Request): Promise<void> {
    await this.caseLinks.check(req);
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m) throw new UnauthorizedException({ code: 'token_required', message: 'errors.tokenRequired' });
    try {
      await this.erasure.eraseByHelpSeeker(m[1]);
    } catch (e) {
      if (e instanceof NotFoundException) await this.caseLinks.recordMiss(req);
      throw e;
    }
  }
}

/** An admin erases a case on the help-seeker's request, with a reason for the audit log. */
@ApiTags('admin')
@ApiBearerAuth('staff')
@Controller('api/v1/admin/cases')
@UseGuards(StaffAuthGuard)
@RequireRole('admin')
@ApiForbiddenResponse({ type: ApiErrorDto, description: 'Admins only' })
export class AdminErasureApiController {
  constructor(private readonly erasure: ErasureService) {}

  @Post(':id/erase')
  @HttpCode(HttpStatus.OK)
  @ApiBody({ type: AdminErasureDto })
  @ApiOkResponse({ description: '`{ cases, messages, attachments, rawMails, outboxMails, notes }`: what was erased' })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'No reason given' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'No such case, or already erased' })
  async erase(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<ErasureCounts> {
    const dto = validateInput(AdminErasureDto, body, { rejectUnknown: true });
    return this.erasure.eraseByAdmin(staff.id, id, dto.reason.trim());
  }
}
