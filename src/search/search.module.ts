import { Module } from '@nestjs/common';
import { SearchApiController } from './search-api.controller';
import { SearchPagesController } from './search-pages.controller';
import { SearchService } from './search.service';

/** Staff search: GET /api/v1/search and /search (reads cases; writes only the audit trail). */
@Module({
  controllers: [SearchPagesController, SearchApiController],
  providers: [SearchService],
})
export class SearchModule {}
