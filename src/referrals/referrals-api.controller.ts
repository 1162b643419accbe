import { Body, Controller, Get, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentStaff, RequireRole, StaffAuthGuard } from '../auth/staff-auth.guard';
import { organisationParam, rolesAtLeast, StaffIdentity } from '../auth/staff-identity';
import { validateInput } from '../common/validation';
import { ApiErrorDto } from '../common/web/api-error.dto';
import { ReferralInputDto, ReferralItemDto, ReferralListDto } from './referral.dto';
import { ReferralsService } from './referrals.service';

const str = (v: unknown) => (typeof v === 'string' && v.length <= 40 ? v : undefined);

/**
 * The referral directory: staff read the platform's entries and their organisation's; managers and
 * org-admins maintain their organisation's, the platform admin the platform's (and any).
 */
@ApiTags('referrals')
@ApiBearerAuth('staff')
@Controller('api/v1/referrals')
@UseGuards(StaffAuthGuard)
export class ReferralsApiController {
  constructor(private readonly referrals: ReferralsService) {}

  @Get()
  @ApiQuery({
    name: 'region',
    required: false,
    description: 'Region code: its local entries plus the national ones of its country',
  })
  @ApiQuery({
    name: 'topic',
    required: false,
    description: 'Topic code: entries for that topic and entries for every topic',
  })
  @ApiOkResponse({
    type: ReferralListDto,
    description:
      "Local entries first, then organisation-wide, national and online ones, crisis lines first. The platform's entries and your organisation's (the platform admin: every organisation's); with a region, only that region's organisation's beside the platform's",
  })
  async list(
    @CurrentStaff() staff: StaffIdentity,
    @Query('region') region?: unknown,
    @Query('topic') topic?: unknown,
  ): Promise<ReferralListDto> {
    return {
      items: await this.referrals.list({
        region: str(region),
        topic: str(topic),
        organisationId: organisationParam(staff),
      }),
    };
  }

  @Get(':id')
  @RequireRole(...rolesAtLeast('manager'))
  @ApiOkResponse({ type: ReferralItemDto, description: 'An entry you maintain (inactive ones too)' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: "Unknown, or another organisation's entry" })
  async get(@Param('id') id: string, @CurrentStaff() staff: StaffIdentity): Promise<ReferralItemDto> {
    return this.referrals.get(staff, id);
  }

  @Post()
  @RequireRole(...rolesAtLeast('manager'))
  @ApiBody({ type: ReferralInputDto })
  @ApiCreatedResponse({ type: ReferralItemDto })
  @ApiBadRequestResponse({
    type: ApiErrorDto,
    description:
      "Invalid entry, or a region of another organisation (managers, org-admins: no region = organisation-wide; the platform admin: no region = the platform's)",
  })
  async create(@Body() body: unknown, @CurrentStaff() staff: StaffIdentity): Promise<ReferralItemDto> {
    return this.referrals.create(staff, validateInput(ReferralInputDto, body, { rejectUnknown: true }));
  }

  @Put(':id')
  @RequireRole(...rolesAtLeast('manager'))
  @ApiBody({ type: ReferralInputDto })
  @ApiOkResponse({
    type: ReferralItemDto,
    description: '`active: false` hides the entry; past replies keep pointing at it',
  })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: "Unknown, or another organisation's entry" })
  async update(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<ReferralItemDto> {
    return this.referrals.update(staff, id, validateInput(ReferralInputDto, body, { rejectUnknown: true }));
  }
}
