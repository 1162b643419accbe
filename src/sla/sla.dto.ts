import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

export class CalendarDto {
  @ApiProperty({
    description: 'Opening slots per weekday (mon…sun), local `HH:mm`, end may be `24:00`; a missing day is closed',
    example: {
      mon: [
        { start: '09:00', end: '12:30' },
        { start: '13:30', end: '17:00' },
      ],
    },
  })
  @IsObject({ message: 'sla.invalid.calendar' })
  weeklyHours!: Record<string, { start: string; end: string }[]>;
  @ApiPropertyOptional({
    enum: ['NL', 'BE'],
    nullable: true,
    description: 'Public holidays (date-holidays, type public) of this country close the office',
  })
  @IsOptional()
  @IsIn(['NL', 'BE', null], { message: 'sla.invalid.calendar' })
  holidayCountry?: 'NL' | 'BE' | null;
  @ApiPropertyOptional({
    nullable: true,
    example: 'VLG',
    description: 'A date-holidays state, for its own days (BE: VLG, WAL, BRU, DE)',
  })
  @IsOptional()
  @IsIn(['VLG', 'WAL', 'BRU', 'DE', null], { message: 'sla.invalid.calendar' })
  holidayState?: string | null;
  @ApiPropertyOptional({
    type: [String],
    example: ['05-05'],
    description:
      'Non-public days of the feed the region also closes on, by rule: 05-05 Bevrijdingsdag, 07-11 Flemish community',
  })
  @IsOptional()
  @IsArray({ message: 'sla.invalid.calendar' })
  @IsString({ each: true, message: 'sla.invalid.calendar' })
  optInHolidays?: string[];
}

export class PolicyDto {
  @ApiPropertyOptional({
    nullable: true,
    description: 'A topic code for a topic policy; none for the region’s general policy',
  })
  @IsOptional()
  @IsString({ message: 'sla.invalid.policy' })
  topic?: string | null;
  @ApiProperty({ description: 'The crisis policy (crisis cases take only crisis policies)' })
  @IsBoolean({ message: 'sla.invalid.policy' })
  crisis!: boolean;
  @ApiProperty({ example: 840, description: 'Minutes of business time (or wall-clock time) to the first reply' })
  @IsInt({ message: 'sla.invalid.policy' })
  @Min(1, { message: 'sla.invalid.policy' })
  @Max(100000, { message: 'sla.invalid.policy' })
  firstReplyMinutes!: number;
  @ApiProperty({ example: 840, description: 'Minutes to each next reply after the help-seeker writes again' })
  @IsInt({ message: 'sla.invalid.policy' })
  @Min(1, { message: 'sla.invalid.policy' })
  @Max(100000, { message: 'sla.invalid.policy' })
  nextReplyMinutes!: number;
  @ApiPropertyOptional({ default: false, description: 'Count around the clock instead of in business hours' })
  @IsOptional()
  @IsBoolean({ message: 'sla.invalid.policy' })
  wallClock?: boolean;
  @ApiPropertyOptional({ default: 75, description: 'Warn when this share of the target has run' })
  @IsOptional()
  @IsInt({ message: 'sla.invalid.policy' })
  @Min(1, { message: 'sla.invalid.policy' })
  @Max(99, { message: 'sla.invalid.policy' })
  warnPercent?: number;
}

export class ClosedDayDto {
  @ApiProperty({ example: '2026-12-24', description: 'A local date the region is closed' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'sla.invalid.day' })
  day!: string;
  @ApiPropertyOptional({ example: 'Teamdag' })
  @IsOptional()
  @IsString({ message: 'sla.invalid.reason' })
  @MaxLength(200, { message: 'sla.invalid.reason' })
  reason?: string;
}
