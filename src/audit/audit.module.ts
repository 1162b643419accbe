import { Module } from '@nestjs/common';
import { AuditApiController } from './audit-api.controller';
import { AuditPagesController } from './audit-pages.controller';

/** Admin views of the audit trail (AuditService itself is global, provided with staff auth). */
@Module({ controllers: [AuditPagesController, AuditApiController] })
export class AuditModule {}
