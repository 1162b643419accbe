import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { REFERRAL_KINDS } from './referral-seed';

export class ReferralItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: REFERRAL_KINDS }) kind!: string;
  @ApiPropertyOptional({ description: 'Absent: national (for the country, when one is set)' }) regionCode?: string;
  @ApiPropertyOptional({ enum: ['NL', 'BE'] }) country?: string;
  @ApiProperty({ type: [String], description: 'Topic codes; empty means every topic' }) topics!: string[];
  @ApiPropertyOptional() url?: string;
  @ApiPropertyOptional() phone?: string;
  @ApiPropertyOptional() address?: string;
  @ApiPropertyOptional() openingHours?: string;
  @ApiPropertyOptional() description?: string;
  @ApiProperty() crisis!: boolean;
  @ApiPropertyOptional({
    description: "The organisation's code whose entry this is; absent: the platform's, for everyone",
  })
  organisation?: string;
}

export class ReferralListDto {
  @ApiProperty({ type: [ReferralItemDto] }) items!: ReferralItemDto[];
}

/** A directory entry as managers write it. */
export class ReferralInputDto {
  @ApiProperty()
  @IsString({ message: 'referrals.nameRequired' })
  @MinLength(1, { message: 'referrals.nameRequired' })
  @MaxLength(200, { message: 'referrals.nameRequired' })
  name!: string;

  @ApiProperty({ enum: REFERRAL_KINDS })
  @IsIn(REFERRAL_KINDS as string[], { message: 'referrals.kindInvalid' })
  kind!: string;

  @ApiPropertyOptional({
    description:
      "Region code (one of your organisation's); leave out for an organisation-wide entry (the platform admin: a national one)",
  })
  @IsOptional()
  @IsString({ message: 'referrals.regionUnknown' })
  @MaxLength(40, { message: 'referrals.regionUnknown' })
  regionCode?: string;

  @ApiPropertyOptional({ enum: ['NL', 'BE'] })
  @IsOptional()
  @IsIn(['NL', 'BE'], { message: 'referrals.countryInvalid' })
  country?: string;

  @ApiProperty({ type: [String] })
  @IsArray({ message: 'referrals.topicsInvalid' })
  @ArrayMaxSize(30, { message: 'referrals.topicsInvalid' })
  @IsString({ each: true, message: 'referrals.topicsInvalid' })
  topics!: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'referrals.urlInvalid' })
  @Matches(/^https?:\/\/\S+$/, { message: 'referrals.urlInvalid' })
  @MaxLength(300, { message: 'referrals.urlInvalid' })
  url?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'referrals.phoneInvalid' })
  @MaxLength(40, { message: 'referrals.phoneInvalid' })
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'referrals.tooLong' })
  @MaxLength(300, { message: 'referrals.tooLong' })
  address?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'referrals.tooLong' })
  @MaxLength(200, { message: 'referrals.tooLong' })
  openingHours?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'referrals.tooLong' })
  @MaxLength(1000, { message: 'referrals.tooLong' })
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'referrals.crisisInvalid' })
  crisis?: boolean;

  @ApiPropertyOptional({ description: 'false hides the entry from the composer' })
  @IsOptional()
  @IsBoolean({ message: 'referrals.activeInvalid' })
  active?: boolean;
}
