import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiProperty,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentStaff, StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffIdentity } from '../auth/staff-identity';
import { ApiErrorDto } from '../common/web/api-error.dto';
import { SEARCH_MAX_LIMIT, SEARCH_STATUSES, SearchRequest } from './search-query';
import { SearchService } from './search.service';

class SearchHitDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'L-7K3M9QX' }) caseRef!: string;
  @ApiProperty({ example: 'amsterdam' }) regionCode!: string;
  @ApiProperty({ enum: SEARCH_STATUSES }) status!: string;
  @ApiProperty({
    description:
      'HTML fragment of the best-matching message or note: all text escaped, the matches in `<mark>`; nothing else',
    example: 'ik kreeg een <mark>brief</mark> over <mark>ontruiming</mark>',
  })
  snippet!: string;
  @ApiProperty({ description: 'Relevance (higher first); an exact case reference scores 2' }) score!: number;
}

class SearchPageDto {
  @ApiProperty({ type: [SearchHitDto] }) items!: SearchHitDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Cursor for `after=`; null on the last page' })
  next!: string | null;
}

/** Full-text search over the cases of the caller's regions; every search is audited. */
@ApiTags('staff cases')
@ApiBearerAuth('staff')
@Controller('api/v1/search')
@UseGuards(StaffAuthGuard)
export class SearchApiController {
  constructor(private readonly search: SearchService) {}

  @Get()
  @ApiQuery({
    name: 'q',
    description:
      'Words (Dutch and English stemming, accents ignored), "a phrase", `or`, `-not`; or a case reference. 2–200 characters. At most the 300 newest matching cases are ranked (all of them when fewer match)',
  })
  @ApiQuery({ name: 'region', required: false, description: 'Region code (within your regions)' })
  @ApiQuery({ name: 'status', required: false, enum: SEARCH_STATUSES })
  @ApiQuery({ name: 'from', required: false, description: 'Cases created on or after this date (YYYY-MM-DD, UTC)' })
  @ApiQuery({ name: 'to', required: false, description: 'Cases created on or before this date (YYYY-MM-DD, UTC)' })
  @ApiQuery({ name: 'limit', required: false, description: `1–${SEARCH_MAX_LIMIT}, default 20` })
  @ApiQuery({ name: 'after', required: false, description: 'The `next` cursor of the previous page' })
  @ApiOkResponse({ type: SearchPageDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiUnauthorizedResponse({ type: ApiErrorDto })
  async find(@Query() q: SearchRequest, @CurrentStaff() staff: StaffIdentity): Promise<SearchPageDto> {
    return this.search.search(staff, q);
  }
}
