import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { RegionDirectory } from '../routing/region-directory';
import { validateInput } from '../common/validation';
import { ApiErrorDto } from '../common/web/api-error.dto';
import { clientAddress } from '../common/web/request-context';
import {
  AccessTokenDto,
  LoginDto,
  MeDto,
  PasswordChangeDto,
  TotpCodeDto,
  TotpDisableDto,
  TotpSetupDto,
} from './auth.dto';
import { absenceJson } from '../staff/absence';
import { AbsenceService } from '../staff/absence.service';
import { AuthService } from './auth.service';
import { AllowPending, CurrentStaff, StaffAuthGuard, StaffRequest } from './staff-auth.guard';
import { StaffIdentity } from './staff-identity';

/** Staff API authentication: a bearer token per login, stored only as a hash. */
@ApiTags('staff auth')
@Controller('api/v1/auth')
export class AuthApiController {
  constructor(
    private readonly auth: AuthService,
    private readonly regionDirectory: RegionDirectory,
    private readonly absences: AbsenceService,
  ) {}

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiUnauthorizedResponse({
    type: ApiErrorDto,
    description: '`invalid_credentials`, `totp_required` or `invalid_totp`',
  })
  @ApiTooManyRequestsResponse({
    type: ApiErrorDto,
    description: '`account_locked` after repeated failures, or `too_many_requests` from one address',
  })
  async login(@Body() body: unknown, @Req() req: Request): Promise<AccessTokenDto> {
    const dto = validateInput(LoginDto, body, { rejectUnknown: true });
    const { token } = await this.auth.login(dto, 'bearer', clientAddress(req));
    return { accessToken: token };
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @UseGuards(StaffAuthGuard)
  @AllowPending()
  @ApiBearerAuth('staff')
  @ApiNoContentResponse({ description: 'The token no longer works' })
  async logout(@Req() req: StaffRequest, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    await this.auth.logout(req.staffToken, staff.id);
  }

  @Get('me')
  @UseGuards(StaffAuthGuard)
  @AllowPending()
  @ApiBearerAuth('staff')
  @ApiOkResponse({ type: MeDto })
  @ApiUnauthorizedResponse({ type: ApiErrorDto })
  async me(@CurrentStaff() staff: StaffIdentity): Promise<MeDto> {
    const regions = await this.regionDirectory.codesOf(staff.regionIds);
    return {
      id: staff.id,
      email: staff.email,
      displayName: staff.displayName,
      role: staff.role,
      regions,
      organisation: staff.organisation ? { code: staff.organisation.code, name: staff.organisation.name } : null,
      absence: absenceJson(await this.absences.get(staff.id)),
      ...(staff.pending ? { pending: staff.pending } : {}),
    };
  }

  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @UseGuards(StaffAuthGuard)
  @AllowPending()
  @ApiBearerAuth('staff')
  @ApiBody({ type: PasswordChangeDto })
  @ApiNoContentResponse({ description: 'Changed; every other session of the user has ended' })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async changePassword(
    @Body() body: unknown,
    @Req() req: StaffRequest,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<void> {
    const dto = validateInput(PasswordChangeDto, body, { rejectUnknown: true });
    await this.auth.changePassword(staff.id, dto.currentPassword, dto.newPassword, req.staffToken);
  }

  @Post('totp/setup')
  @UseGuards(StaffAuthGuard)
  @AllowPending()
  @ApiBearerAuth('staff')
  @ApiOkResponse({ type: TotpSetupDto, description: 'Not active until confirmed with POST /api/v1/auth/totp/enable' })
  @ApiForbiddenResponse({ type: ApiErrorDto })
  @HttpCode(HttpStatus.OK)
  async setupTotp(@CurrentStaff() staff: StaffIdentity): Promise<TotpSetupDto> {
    return this.auth.startTotp(staff.id);
  }

  @Post('totp/enable')
  @HttpCode(HttpStatus.NO_CONTENT)
  @UseGuards(StaffAuthGuard)
  @AllowPending()
  @ApiBearerAuth('staff')
  @ApiBody({ type: TotpCodeDto })
  @ApiNoContentResponse({ description: 'The second factor is on; every login now needs a code' })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async enableTotp(@Body() body: unknown, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    const dto = validateInput(TotpCodeDto, body, { rejectUnknown: true });
    await this.auth.confirmTotp(staff.id, dto.code);
  }

  @Post('totp/disable')
  @HttpCode(HttpStatus.NO_CONTENT)
  @UseGuards(StaffAuthGuard)
  @ApiBearerAuth('staff')
  @ApiBody({ type: TotpDisableDto })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({
    type: ApiErrorDto,
    description: '`totp_mandatory` when configuration requires it for the role',
  })
  async disableTotp(@Body() body: unknown, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    const dto = validateInput(TotpDisableDto, body, { rejectUnknown: true });
    await this.auth.disableTotp(staff.id, staff.role, dto.password);
  }
}
