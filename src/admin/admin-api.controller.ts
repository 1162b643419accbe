import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  UseGuards,
} from '@nestjs/common';
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
import { validateInput } from '../common/validation';
import { ApiErrorDto } from '../common/web/api-error.dto';
import {
  RangeDto,
  RegionCreateDto,
  RegionUpdateDto,
  TopicCreateDto,
  TopicUpdateDto,
  UserCreateDto,
  UserCreatedDto,
  UserUpdateDto,
} from './admin.dto';
import { AdminService, RegionRow, StaffRow, TopicRow } from './admin.service';

/**
 * Regions with postcode ranges, staff users with memberships, topics: the admin pages' operations
 * as JSON. An org-admin runs their own organisation's staff and regions' settings (another
 * organisation's: 404); creating regions, postcode ranges and topics are the platform admin's.
 */
@ApiTags('admin')
@ApiBearerAuth('staff')
@Controller('api/v1/admin')
@UseGuards(StaffAuthGuard)
@RequireRole('admin', 'org-admin')
@ApiForbiddenResponse({
  type: ApiErrorDto,
  description: 'Admins and org-admins only (some routes: the platform admin only)',
})
export class AdminApiController {
  constructor(private readonly admin: AdminService) {}

  @Get('regions')
  @ApiOkResponse({
    description:
      "`{ items: [{ id, code, name, timeZone, fallback, organisation, autoCloseDays, ranges: [{ id, country, from, to }], staffCount }] }`; an org-admin: their organisation's",
  })
  async regions(@CurrentStaff() s: StaffIdentity): Promise<{ items: RegionRow[] }> {
    return { items: await this.admin.regions(organisationParam(s)) };
  }

  @Post('regions')
  @RequireRole('admin')
  @ApiBody({ type: RegionCreateDto })
  @ApiCreatedResponse({ description: '`{ code }`' })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async createRegion(@Body() body: unknown, @CurrentStaff() s: StaffIdentity): Promise<{ code: string }> {
    return this.admin.createRegion(s.id, validateInput(RegionCreateDto, body, { rejectUnknown: true }));
  }

  @Patch('regions/:code')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBody({ type: RegionUpdateDto })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async updateRegion(
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentStaff() s: StaffIdentity,
  ): Promise<void> {
    await this.admin.updateRegion(s, code, validateInput(RegionUpdateDto, body, { rejectUnknown: true }));
  }

  @Post('regions/:code/ranges')
  @RequireRole('admin')
  @ApiBody({ type: RangeDto })
  @ApiCreatedResponse({ description: '`{ id }`' })
  @ApiBadRequestResponse({
    type: ApiErrorDto,
    description: '`postcode_range_overlap` when the range overlaps another range in the same country',
  })
  async addRange(
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentStaff() s: StaffIdentity,
  ): Promise<{ id: number }> {
    const dto = validateInput(RangeDto, body, { rejectUnknown: true });
    return this.admin.addRange(s.id, code, dto);
  }

  @Delete('ranges/:id')
  @RequireRole('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async deleteRange(
    @Param('id', new ParseIntPipe({ errorHttpStatusCode: 404 })) id: number,
    @CurrentStaff() s: StaffIdentity,
  ): Promise<void> {
    await this.admin.deleteRange(s.id, id);
  }

  @Get('users')
  @ApiOkResponse({
    description:
      "`{ items: [{ id, email, displayName, role, active, regions, organisation, totp, locked }] }`; an org-admin: their organisation's staff",
  })
  async users(@CurrentStaff() s: StaffIdentity): Promise<{ items: StaffRow[] }> {
    return { items: await this.admin.users(organisationParam(s)) };
  }

  @Get('users/:id')
  @ApiOkResponse({ description: 'One staff member (as in the list)' })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async user(@Param('id') id: string, @CurrentStaff() s: StaffIdentity): Promise<StaffRow> {
    return this.admin.user(id, organisationParam(s));
  }

  @Post('users')
  @ApiBody({ type: UserCreateDto })
  @ApiCreatedResponse({ type: UserCreatedDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async createUser(@Body() body: unknown, @CurrentStaff() s: StaffIdentity): Promise<UserCreatedDto> {
    return this.admin.createUser(s, validateInput(UserCreateDto, body, { rejectUnknown: true }));
  }

  @Patch('users/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBody({ type: UserUpdateDto })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async updateUser(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() s: StaffIdentity): Promise<void> {
    await this.admin.updateUser(s, id, validateInput(UserUpdateDto, body, { rejectUnknown: true }));
  }

  @Get('topics')
  @RequireRole('admin')
  @ApiOkResponse({ description: '`{ items: [{ code, sortOrder, active }] }`' })
  async topics(): Promise<{ items: TopicRow[] }> {
    return { items: await this.admin.topics() };
  }

  @Post('topics')
  @RequireRole('admin')
  @HttpCode(HttpStatus.CREATED)
  @ApiBody({ type: TopicCreateDto })
  @ApiCreatedResponse()
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async createTopic(@Body() body: unknown, @CurrentStaff() s: StaffIdentity): Promise<void> {
    await this.admin.createTopic(s.id, validateInput(TopicCreateDto, body, { rejectUnknown: true }));
  }

  @Patch('topics/:code')
  @RequireRole('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBody({ type: TopicUpdateDto })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async updateTopic(
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentStaff() s: StaffIdentity,
  ): Promise<void> {
    await this.admin.updateTopic(s.id, code, validateInput(TopicUpdateDto, body, { rejectUnknown: true }));
  }
}
