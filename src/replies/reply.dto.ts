import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CHECKLIST_ITEMS } from './reply-checklist';

export class ReplySectionsDto {
  @ApiPropertyOptional({ example: 'Beste {{nickname}},' })
  @IsOptional()
  @IsString({ message: 'replies.sectionInvalid' })
  @MaxLength(5000, { message: 'replies.sectionTooLong' })
  opening?: string;
  @ApiProperty({ example: 'Uit je mail begrijp ik dat … Klopt dat?' })
  @IsString({ message: 'replies.sectionInvalid' })
  @MaxLength(20000, { message: 'replies.sectionTooLong' })
  summarise!: string;
  @ApiProperty()
  @IsString({ message: 'replies.sectionInvalid' })
  @MaxLength(20000, { message: 'replies.sectionTooLong' })
  explore!: string;
  @ApiProperty()
  @IsString({ message: 'replies.sectionInvalid' })
  @MaxLength(20000, { message: 'replies.sectionTooLong' })
  advise!: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'replies.sectionInvalid' })
  @MaxLength(5000, { message: 'replies.sectionTooLong' })
  closing?: string;
}

export class ReplyInputDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'replies.templateUnknown' })
  templateId?: string;

  @ApiProperty({
    type: ReplySectionsDto,
    description:
      "May use the variables {{nickname}}, {{workerName}}, {{regionName}}, {{referrals}}, {{signature}} (the author's signature in the reply's language; their name when they have none)",
  })
  @IsDefined({ message: 'replies.sectionsRequired' })
  @IsObject({ message: 'replies.sectionsRequired' })
  @ValidateNested()
  @Type(() => ReplySectionsDto)
  sections!: ReplySectionsDto;

  @ApiPropertyOptional({
    type: [String],
    description: 'Directory entries; listed in the reply at {{referrals}} (or after the advice)',
  })
  @IsOptional()
  @IsArray({ message: 'referrals.unknown' })
  @ArrayMaxSize(20, { message: 'referrals.unknown' })
  @IsString({ each: true, message: 'referrals.unknown' })
  referralIds?: string[];

  @ApiProperty({ description: "false: save as draft; true: send (a trainee's reply goes to review)" })
  @IsBoolean({ message: 'replies.sendInvalid' })
  send!: boolean;
}

export class ApproveInputDto {
  @ApiPropertyOptional({
    type: ReplySectionsDto,
    description: "The supervisor's edits, sent instead of the trainee's text",
  })
  @IsOptional()
  @IsObject({ message: 'replies.sectionsRequired' })
  @ValidateNested()
  @Type(() => ReplySectionsDto)
  sections?: ReplySectionsDto;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray({ message: 'referrals.unknown' })
  @ArrayMaxSize(20, { message: 'referrals.unknown' })
  @IsString({ each: true, message: 'referrals.unknown' })
  referralIds?: string[];
}

export class ReturnInputDto {
  @ApiProperty({ description: 'What the trainee should change' })
  @IsString({ message: 'replies.commentRequired' })
  @MaxLength(2000, { message: 'replies.commentRequired' })
  comment!: string;
}

export class ChecklistItemDto {
  @ApiProperty({ enum: CHECKLIST_ITEMS }) item!: string;
  @ApiProperty() ok!: boolean;
  @ApiProperty({ description: 'Sending waits for this item' }) blocking!: boolean;
}

export class ReplyResultDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['draft', 'pending-review', 'returned', 'sent'] }) status!: string;
  @ApiProperty({ type: [ChecklistItemDto] }) checklist!: ChecklistItemDto[];
}

export class ChecklistRuleDto {
  @ApiProperty({ enum: CHECKLIST_ITEMS })
  @IsIn(CHECKLIST_ITEMS as unknown as string[], { message: 'replies.checklistItemUnknown' })
  item!: string;
  @ApiProperty()
  @IsBoolean({ message: 'replies.checklistItemUnknown' })
  blocking!: boolean;
}

export class TemplateInputDto {
  @ApiProperty({ type: ReplySectionsDto })
  @IsDefined({ message: 'replies.sectionsRequired' })
  @IsObject({ message: 'replies.sectionsRequired' })
  @ValidateNested()
  @Type(() => ReplySectionsDto)
  sections!: ReplySectionsDto;
}

/** A new reply template (version 1 holds its sections). */
export class TemplateCreateDto {
  @ApiProperty({
    example: 'money-local',
    description: 'Lower case, digits and dashes; unique per organisation and language',
  })
  @IsString({ message: 'templatesPage.invalid.code' })
  @Matches(/^[a-z][a-z0-9-]{1,39}$/, { message: 'templatesPage.invalid.code' })
  code!: string;
  @ApiProperty({ enum: ['nl', 'en'] })
  @IsIn(['nl', 'en'], { message: 'templatesPage.invalid.language' })
  language!: string;
  @ApiProperty()
  @IsString({ message: 'templatesPage.invalid.name' })
  @MaxLength(120, { message: 'templatesPage.invalid.name' })
  name!: string;
  @ApiPropertyOptional({ nullable: true, description: 'A topic code; none for a general template' })
  @IsOptional()
  @IsString({ message: 'validation.topic.invalid' })
  @MaxLength(40, { message: 'validation.topic.invalid' })
  topic?: string | null;
  @ApiProperty({ type: ReplySectionsDto })
  @IsDefined({ message: 'replies.sectionsRequired' })
  @IsObject({ message: 'replies.sectionsRequired' })
  @ValidateNested()
  @Type(() => ReplySectionsDto)
  sections!: ReplySectionsDto;
  @ApiPropertyOptional({ description: "The platform admin only: the organisation's code (none: a platform template)" })
  @IsOptional()
  @IsString({ message: 'templatesPage.invalid.organisation' })
  @MaxLength(40, { message: 'templatesPage.invalid.organisation' })
  organisation?: string;
}

export class TemplateCopyDto {
  @ApiPropertyOptional({ description: "The platform admin only (required there): the organisation's code" })
  @IsOptional()
  @IsString({ message: 'templatesPage.invalid.organisation' })
  @MaxLength(40, { message: 'templatesPage.invalid.organisation' })
  organisation?: string;
}
