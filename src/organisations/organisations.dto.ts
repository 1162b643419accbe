import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';

export class OrganisationCreateDto {
  @ApiProperty({ example: 'welzijn-haarlem' })
  @IsString({ message: 'organisations.invalid.code' })
  @MaxLength(40, { message: 'organisations.invalid.code' })
  code!: string;
  @ApiProperty({ example: 'Welzijn Haarlem' })
  @IsString({ message: 'organisations.invalid.name' })
  @MaxLength(120, { message: 'organisations.invalid.name' })
  name!: string;
  @ApiPropertyOptional({
    type: [String],
    description: 'Regions that move into the new organisation (none may have staff)',
  })
  @IsOptional()
  @IsArray({ message: 'organisations.invalid.region' })
  @IsString({ each: true, message: 'organisations.invalid.region' })
  regionCodes?: string[];
}

export class OrganisationUpdateDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'organisations.invalid.name' })
  @MaxLength(120, { message: 'organisations.invalid.name' })
  name?: string;
  @ApiPropertyOptional({
    nullable: true,
    example: '#0b6e4f',
    description: 'Accent colour on the case page; null: the platform colour',
  })
  @IsOptional()
  @IsString({ message: 'organisations.invalid.colour' })
  accentColour?: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Display name on outgoing mail; null: the name' })
  @IsOptional()
  @IsString({ message: 'organisations.invalid.senderName' })
  senderName?: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description:
      'Months a closed case is kept (at most the platform setting RETENTION_CLOSED_CASE_MONTHS); null: that setting',
  })
  @IsOptional()
  @IsInt({ message: 'organisations.invalid.retention' })
  retentionClosedCaseMonths?: number | null;
}
