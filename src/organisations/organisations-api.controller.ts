import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Patch, Post, UseGuards } from '@nestjs/common';
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
import { CurrentStaff, RequireRole, StaffAuthGuard } from '../auth/staff-auth.guard';
import { organisationParam, StaffIdentity } from '../auth/staff-identity';
import { APP_CONFIG, AppConfig } from '../config/config';
import { validateInput } from '../common/validation';
import { ApiErrorDto } from '../common/web/api-error.dto';
import { OrganisationCreateDto, OrganisationUpdateDto } from './organisations.dto';
import { OrganisationRow, OrganisationsService } from './organisations.service';

/** The consortium's organisations: the platform admin sees and creates all, an org-admin sees and runs its own. */
@ApiTags('admin')
@ApiBearerAuth('staff')
@Controller('api/v1/admin/organisations')
@UseGuards(StaffAuthGuard)
@RequireRole('org-admin', 'admin')
@ApiForbiddenResponse({ type: ApiErrorDto, description: 'Admins and org-admins only' })
export class OrganisationsApiController {
  constructor(
    private readonly organisations: OrganisationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOkResponse({
    description:
      '`{ items: [{ code, name, regionCodes, isDefault, hasLogo, accentColour, senderName, retentionClosedCaseMonths, staffCount }] }`',
  })
  async list(@CurrentStaff() s: StaffIdentity): Promise<{ items: OrganisationRow[] }> {
    return { items: await this.organisations.list(organisationParam(s)) };
  }

  @Post()
  @RequireRole('admin')
  @ApiBody({ type: OrganisationCreateDto })
  @ApiCreatedResponse({ description: '`{ code }`' })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async create(@Body() body: unknown, @CurrentStaff() s: StaffIdentity): Promise<{ code: string }> {
    return this.organisations.create(s.id, validateInput(OrganisationCreateDto, body, { rejectUnknown: true }));
  }

  @Get(':code')
  @ApiOkResponse({ description: 'One organisation (as in the list)' })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async get(@Param('code') code: string, @CurrentStaff() s: StaffIdentity): Promise<OrganisationRow> {
    return this.organisations.get(code, organisationParam(s));
  }

  @Patch(':code')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBody({ type: OrganisationUpdateDto })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async update(@Param('code') code: string, @Body() body: unknown, @CurrentStaff() s: StaffIdentity): Promise<void> {
    const dto = validateInput(OrganisationUpdateDto, body, { rejectUnknown: true });
    await this.organisations.update(s.id, code, organisationParam(s), dto, this.config.retention.closedCaseMonths);
  }
}
