import { Global, Module } from '@nestjs/common';
import { StaffDirectory } from './staff-directory';

/** Staff accounts; global, since assignment, audit and admin pages list staff. */
@Global()
@Module({ providers: [StaffDirectory], exports: [StaffDirectory] })
export class StaffModule {}
