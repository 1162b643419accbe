import { Global, Module } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { StaffViews } from '../staff/staff-views.service';
import { AuthApiController } from './auth-api.controller';
import { AuthPagesController } from './auth-pages.controller';
import { AuthService } from './auth.service';
import { StaffAuthGuard } from './staff-auth.guard';
import { StaffSessionService } from './staff-session.service';

/**
 * Staff login and sessions. Global, so any module can put `@UseGuards(StaffAuthGuard)` on a
 * controller and inject AuditService or StaffViews without importing anything.
 */
@Global()
@Module({
  controllers: [AuthPagesController, AuthApiController],
  providers: [AuthService, StaffSessionService, StaffAuthGuard, AuditService, StaffViews],
  exports: [AuthService, StaffSessionService, StaffAuthGuard, AuditService, StaffViews],
})
export class AuthModule {}
