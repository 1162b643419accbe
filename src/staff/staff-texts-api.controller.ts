import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentStaff, StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffIdentity } from '../auth/staff-identity';
import { ApiErrorDto } from '../common/web/api-error.dto';
import { SIGNATURE_LANGUAGES } from './staff-texts';
import { Snippet, StaffTextsService } from './staff-texts.service';

class SignatureDto {
  @ApiProperty({ enum: SIGNATURE_LANGUAGES, description: 'The reply language it is used for' }) language!: string;
  @ApiProperty({
    description: 'Up to 2000 characters; takes the place of {{signature}} in reply templates; empty removes it',
    example: 'Hartelijke groet,\nWim\nMaatschappelijk werker',
  })
  text!: string;
}

class SignaturesDto {
  @ApiProperty() nl!: string;
  @ApiProperty() en!: string;
}

class SnippetBodyDto {
  @ApiProperty({ maxLength: 80 }) title!: string;
  @ApiProperty({ maxLength: 5000 }) text!: string;
}

class SnippetDto extends SnippetBodyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
}

class SnippetListDto {
  @ApiProperty({ type: [SnippetDto] }) items!: Snippet[];
}

/** The caller's own signature and text snippets for the composer. */
@ApiTags('staff')
@ApiBearerAuth('staff')
@Controller('api/v1/me')
@UseGuards(StaffAuthGuard)
export class StaffTextsApiController {
  constructor(private readonly texts: StaffTextsService) {}

  @Get('signature')
  @ApiOkResponse({ type: SignaturesDto })
  async signatures(@CurrentStaff() staff: StaffIdentity): Promise<SignaturesDto> {
    return this.texts.signatures(staff.id);
  }

  @Put('signature')
  @ApiBody({ type: SignatureDto })
  @ApiOkResponse({ type: SignatureDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async setSignature(@Body() body: unknown, @CurrentStaff() staff: StaffIdentity): Promise<SignatureDto> {
    const b = (body ?? {}) as Partial<SignatureDto>;
    return this.texts.setSignature(staff.id, b.language, b.text);
  }

  @Get('snippets')
  @ApiOkResponse({ type: SnippetListDto })
  async snippets(@CurrentStaff() staff: StaffIdentity): Promise<SnippetListDto> {
    return { items: await this.texts.snippets(staff.id) };
  }

  @Post('snippets')
  @ApiBody({ type: SnippetBodyDto })
  @ApiCreatedResponse({ type: SnippetDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async addSnippet(@Body() body: unknown, @CurrentStaff() staff: StaffIdentity): Promise<Snippet> {
    const b = (body ?? {}) as Partial<SnippetBodyDto>;
    return this.texts.addSnippet(staff.id, b.title, b.text);
  }

  @Delete('snippets/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'Not one of your snippets' })
  async deleteSnippet(@Param('id') id: string, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    await this.texts.deleteSnippet(staff.id, id);
  }
}
