import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Patch,
  Post,
  Put,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiPayloadTooLargeResponse,
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
import {
  LOGO_UPLOAD,
  logoFromRequest,
  OrganisationCreateDto,
  OrganisationUpdateDto,
  UploadedLogo,
} from './organisations.dto';
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

  @Put(':code/logo')
  @HttpCode(HttpStatus.NO_CONTENT)
  @UseInterceptors(FileInterceptor('logo', LOGO_UPLOAD))
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({
    description:
      "The logo shown on the case pages of the organisation's help-seekers: PNG, JPEG, WebP or SVG of at most 100 kB " +
      '(the type is read from the bytes, not from what the upload says). Either multipart/form-data with the file ' +
      'in the field `logo`, or JSON `{ "logo": "<base64>" }` (a `data:image/…;base64,` prefix is allowed; the ' +
      'request body limit applies) or `{ "logo": null }` to remove it.',
    schema: {
      type: 'object',
      required: ['logo'],
      properties: {
        logo: {
          type: 'string',
          format: 'binary',
          nullable: true,
          description: 'multipart: the image file; JSON: the image as base64, or null to remove the logo',
        },
      },
    },
  })
  @ApiNoContentResponse({ description: 'Stored (or removed); audited as `organisation.change`' })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: '`logo`: not an image of an accepted type, or over 100 kB' })
  @ApiPayloadTooLargeResponse({ type: ApiErrorDto, description: 'An upload over 1 MB' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: "Unknown organisation, or another organisation's" })
  async setLogo(
    @Param('code') code: string,
    @UploadedFile() file: UploadedLogo | undefined,
    @Body() body: unknown,
    @CurrentStaff() s: StaffIdentity,
  ): Promise<void> {
    const scope = organisationParam(s);
    // Another organisation's: 404 before anything is said about the upload.
    await this.organisations.idOf(code, scope);
    await this.organisations.setLogo(s.id, code, scope, logoFromRequest(file, body));
  }

  @Delete(':code/logo')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The logo is gone; the case pages show the name only' })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async removeLogo(@Param('code') code: string, @CurrentStaff() s: StaffIdentity): Promise<void> {
    await this.organisations.setLogo(s.id, code, organisationParam(s), null);
  }
}
