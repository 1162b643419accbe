import {
  Controller,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AuthService } from '../auth/auth.service';
import { CurrentStaff, RequireRole, StaffAuthGuard } from '../auth/staff-auth.guard';
import { organisationParam, StaffIdentity } from '../auth/staff-identity';
import { ApiErrorDto } from '../common/web/api-error.dto';
import { AdminService } from './admin.service';

class PasswordResetDto {
  @ApiProperty({ description: 'Shown once; the user must choose a new password at the next login' })
  temporaryPassword!: string;
}

/** Admin operations on staff accounts; an org-admin's on their own organisation's staff only. */
@ApiTags('admin')
@ApiBearerAuth('staff')
@Controller('api/v1/admin/users')
@UseGuards(StaffAuthGuard)
@RequireRole('admin', 'org-admin')
export class AdminUsersApiController {
  constructor(
    private readonly auth: AuthService,
    private readonly admin: AdminService,
  ) {}

  @Post(':id/password-reset')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: PasswordResetDto, description: 'Sessions ended, lockout and second factor cleared' })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async resetPassword(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @CurrentStaff() admin: StaffIdentity,
  ): Promise<PasswordResetDto> {
    // Outside the actor's organisation (or a platform admin, for an org-admin): not found.
    await this.admin.user(id, organisationParam(admin));
    const r = await this.auth.resetPassword(admin.id, id);
    if (!r) throw new NotFoundException();
    return r;
  }
}
