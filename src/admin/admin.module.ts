import { Module } from '@nestjs/common';
import { AdminApiController } from './admin-api.controller';
import { AdminPagesController } from './admin-pages.controller';
import { AdminUsersApiController } from './admin-users-api.controller';
import { AdminService } from './admin.service';

/** Admin pages and API: regions and postcode ranges, staff users and memberships, topics. */
@Module({ controllers: [AdminPagesController, AdminApiController, AdminUsersApiController], providers: [AdminService] })
export class AdminModule {}
