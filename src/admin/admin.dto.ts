import { ROLES } from '../staff/staff-users';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';

const ROLE_LIST = [...ROLES];

export class RegionCreateDto {
  @ApiProperty({ example: 'haarlem' })
  @IsString({ message: 'admin.region.codeInvalid' })
  @MaxLength(40, { message: 'admin.region.codeInvalid' })
  code!: string;
  @ApiProperty({ example: 'Haarlem' })
  @IsString({ message: 'admin.region.nameInvalid' })
  @MaxLength(120, { message: 'admin.region.nameInvalid' })
  name!: string;
  @ApiPropertyOptional({ enum: ['Europe/Amsterdam', 'Europe/Brussels'] })
  @IsOptional()
  @IsString({ message: 'admin.region.timeZoneInvalid' })
  timeZone?: string;
  @ApiPropertyOptional({
    example: 'welzijn-amsterdam',
    description: 'The organisation the region belongs to (platform admin only)',
  })
  @IsOptional()
  @IsString({ message: 'organisations.invalid.organisation' })
  organisation?: string;
}

export class RegionUpdateDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'admin.region.nameInvalid' })
  @MaxLength(120, { message: 'admin.region.nameInvalid' })
  name?: string;
  @ApiPropertyOptional({ enum: ['Europe/Amsterdam', 'Europe/Brussels'] })
  @IsOptional()
  @IsString({ message: 'admin.region.timeZoneInvalid' })
  timeZone?: string;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'Close a case after this many days waiting on the help-seeker (1–365, default 14); null: never',
  })
  @IsOptional()
  @IsInt({ message: 'admin.region.autoCloseDaysInvalid' })
  autoCloseDays?: number | null;
  @ApiPropertyOptional({
    example: 'welzijn-amsterdam',
    description: 'The organisation the region belongs to (platform admin only)',
  })
  @IsOptional()
  @IsString({ message: 'organisations.invalid.organisation' })
  organisation?: string;
}

export class RangeDto {
  @ApiProperty({ enum: ['NL', 'BE'] }) @IsIn(['NL', 'BE'], { message: 'validation.country.invalid' }) country!: string;
  @ApiProperty({ example: 2000, description: 'First four-digit postcode of the range' })
  @IsInt({ message: 'admin.range.bounds' })
  from!: number;
  @ApiProperty({ example: 2099, description: 'Last four-digit postcode (inclusive)' })
  @IsInt({ message: 'admin.range.bounds' })
  to!: number;
}

export class UserCreateDto {
  @ApiProperty()
  @IsString({ message: 'admin.user.emailInvalid' })
  @MaxLength(320, { message: 'admin.user.emailInvalid' })
  email!: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'admin.user.nameInvalid' })
  @MaxLength(120, { message: 'admin.user.nameInvalid' })
  displayName?: string;
  @ApiProperty({ enum: ROLE_LIST }) @IsIn(ROLE_LIST, { message: 'admin.user.roleInvalid' }) role!: string;
  @ApiProperty({ type: [String], description: 'Region codes; at least one unless admin' })
  @IsArray({ message: 'admin.user.regionsInvalid' })
  @IsString({ each: true, message: 'admin.user.regionsInvalid' })
  regions!: string[];
  @ApiPropertyOptional({
    example: 'welzijn-amsterdam',
    description:
      "The organisation the new staff member joins: else the one of their regions (an org-admin's staff always join the org-admin's own)",
  })
  @IsOptional()
  @IsString({ message: 'organisations.invalid.organisation' })
  @MaxLength(40, { message: 'organisations.invalid.organisation' })
  organisation?: string;
}

export class UserUpdateDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'admin.user.nameInvalid' })
  @MaxLength(120, { message: 'admin.user.nameInvalid' })
  displayName?: string;
  @ApiPropertyOptional({ enum: ROLE_LIST })
  @IsOptional()
  @IsIn(ROLE_LIST, { message: 'admin.user.roleInvalid' })
  role?: string;
  @ApiPropertyOptional({ description: 'false ends every session of the user' })
  @IsOptional()
  @IsBoolean({ message: 'validation.boolean' })
  active?: boolean;
  @ApiPropertyOptional({ type: [String], description: 'Replaces the memberships' })
  @IsOptional()
  @IsArray({ message: 'admin.user.regionsInvalid' })
  @IsString({ each: true, message: 'admin.user.regionsInvalid' })
  regions?: string[];
}

export class UserCreatedDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Shown once; to be changed at the first login' }) temporaryPassword!: string;
}

export class TopicCreateDto {
  @ApiProperty({ example: 'gaming' })
  @IsString({ message: 'admin.topic.codeInvalid' })
  @MaxLength(40, { message: 'admin.topic.codeInvalid' })
  code!: string;
  @ApiPropertyOptional() @IsOptional() @IsInt({ message: 'admin.topic.sortInvalid' }) sortOrder?: number;
}

export class TopicUpdateDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean({ message: 'validation.boolean' }) active?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsInt({ message: 'admin.topic.sortInvalid' }) sortOrder?: number;
}
