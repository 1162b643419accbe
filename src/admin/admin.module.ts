import { Module } from '@nestjs/common';
import { AdminUsersApiController } from './admin-users-api.controller';

/** Admin pages and API: regions and postcode ranges, staff users and memberships, topics, the audit trail. */
@Module({ controllers: [AdminUsersApiController] })
export class AdminModule {}
