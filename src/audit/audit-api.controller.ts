import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CurrentStaff, RequireRole, StaffAuthGuard } from '../auth/staff-auth.guard';
import { organisationParam, StaffIdentity } from '../auth/staff-identity';
import { ApiErrorDto } from '../common/web/api-error.dto';
import { AuditFilterInput, parseAuditFilter } from './audit-query';
import { AuditService } from './audit.service';

class AuditItemDto {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ nullable: true, type: String }) actorId!: string | null;
  @ApiProperty({ nullable: true, type: String }) actorName!: string | null;
  @ApiProperty({ example: 'case.open' }) action!: string;
  @ApiProperty({ nullable: true, type: String }) caseId!: string | null;
  @ApiProperty({ nullable: true, type: String }) caseRef!: string | null;
  @ApiProperty({ nullable: true, type: String }) targetUserId!: string | null;
  @ApiProperty({ description: 'Facts only: ids, codes, counts' }) data!: Record<string, unknown>;
}

class AuditPageDto {
  @ApiProperty({ type: [AuditItemDto] }) items!: AuditItemDto[];
  @ApiProperty({ nullable: true, type: String }) next!: string | null;
}

/**
 * The append-only audit trail, per case or per user; admins only, and reading it is audited too.
 * An org-admin reads their organisation's trail: another organisation's case or user is 404.
 */
@ApiTags('admin')
@ApiBearerAuth('staff')
@Controller('api/v1/admin/audit')
@UseGuards(StaffAuthGuard)
@RequireRole('admin', 'org-admin')
export class AuditApiController {
  constructor(
    private readonly audit: AuditService,
    private readonly db: DataSource,
  ) {}

  @Get()
  @ApiQuery({ name: 'caseId', required: false, description: 'Case id or reference' })
  @ApiQuery({
    name: 'userId',
    required: false,
    description: 'Staff user id: what they did and what was done to their account',
  })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'after', required: false, description: 'The `next` cursor (newest first)' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiForbiddenResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: "Another organisation's case or user (org-admin)" })
  async list(@Query() q: AuditFilterInput, @CurrentStaff() admin: StaffIdentity): Promise<AuditPageDto> {
    const scope = organisationParam(admin);
    const f = await parseAuditFilter(this.db, q, scope);
    const page = await this.audit.list({ caseId: f.caseId, userId: f.userId }, f.limit, f.after, scope);
    await this.audit.record(null, {
      actorId: admin.id,
      action: 'audit.read',
      caseId: f.caseId ?? null,
      targetUserId: f.userId ?? null,
    });
    return {
      items: page.items.map((i) => ({ ...i, occurredAt: new Date(i.occurredAt).toISOString() })),
      next: page.next,
    };
  }
}
