import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { SETTABLE_STATUSES, CRISIS_VERDICTS } from './case-actions.service';
import { TRANSFER_NOTE_MAX } from './transfer-note';

export class AssignDto {
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: "A worker of the case's region; null unassigns",
  })
  @ValidateIf((o: AssignDto) => o.workerId !== null)
  @IsUUID('all', { message: 'caseActions.workerNotInRegion' })
  workerId!: string | null;
}

export class TransferDto {
  @ApiProperty({ example: 'rotterdam', description: 'Code of the region that takes the case over' })
  @IsString({ message: 'caseActions.regionUnknown' })
  @MaxLength(40, { message: 'caseActions.regionUnknown' })
  region!: string;

  @ApiProperty({
    example: 'moved',
    description:
      "Why. Within the case's organisation: free text (3–1000 characters), kept as your internal note for the new team. " +
      'To a region of another organisation (workers and up): `moved` (the help-seeker moved) or `wrong-region` ' +
      '(wrote to the wrong region); the sending organisation then no longer sees the case, only that it transferred ' +
      'it (GET /api/v1/transfers)',
  })
  @IsString({ message: 'caseActions.reasonRequired' })
  @MaxLength(1000, { message: 'caseActions.reasonRequired' })
  reason!: string;

  @ApiPropertyOptional({
    maxLength: 200,
    example: 'Schrijft dat ze volgende maand verhuist.',
    description:
      'To another organisation: an optional short note for the receiving team, shown as a note without author; ' +
      'refused (400) when it holds an e-mail or web address, a phone or other long number, or a postcode with letters',
  })
  @IsOptional()
  @IsString({ message: 'caseActions.transferNoteLength' })
  @MaxLength(TRANSFER_NOTE_MAX, { message: 'caseActions.transferNoteLength' })
  note?: string;
}

export class TransferResultDto {
  @ApiProperty({ example: 'gent' }) regionCode!: string;
  @ApiProperty({ example: 'caw-oost-vlaanderen' }) organisationCode!: string;
  @ApiProperty({ description: 'The case went to another organisation and is out of your sight now' })
  betweenOrganisations!: boolean;
}

export class CrisisReviewDto {
  @ApiProperty({
    enum: CRISIS_VERDICTS,
    description:
      "The worker's verdict on the crisis flag; recorded as a `case.crisis_reviewed` event (for the flag's precision and recall on the dashboard) and the flag follows it",
  })
  @IsIn(CRISIS_VERDICTS, { message: 'caseActions.verdictInvalid' })
  verdict!: string;
}

export class StatusDto {
  @ApiProperty({
    enum: SETTABLE_STATUSES,
    description: '`waiting` = waiting on the help-seeker (pauses the SLA clock)',
  })
  @IsIn(SETTABLE_STATUSES, { message: 'caseActions.statusInvalid' })
  status!: string;
}

export class NoteDto {
  @ApiProperty({ description: 'Internal; never sent to the help-seeker' })
  @IsString({ message: 'caseActions.noteLength' })
  @MaxLength(10000, { message: 'caseActions.noteLength' })
  text!: string;
}

export class TagsDto {
  @ApiProperty({ type: [String], example: ['schulden', 'follow-up'] })
  @IsArray({ message: 'caseActions.tagsInvalid' })
  @ArrayMaxSize(20, { message: 'caseActions.tagsInvalid' })
  tags!: string[];
}

export class StaffCaseMessageDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['in', 'out'] }) direction!: string;
  @ApiProperty({ enum: ['web', 'email'] }) channel!: string;
  @ApiProperty({ description: 'The new text only: quoted history and signature folded away' }) text!: string;
  @ApiProperty({ description: 'The whole body as received' }) fullText!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({
    description: 'For e-mail messages',
    example: { messageId: '<abc@example.org>', from: 'iemand@example.org', subject: 'Vraag' },
  })
  mail?: { messageId: string | null; from: string | null; subject: string | null };
  @ApiPropertyOptional({ nullable: true, type: String }) authorName?: string | null;
  @ApiProperty({ description: 'Attachments (download: GET /cases/{id}/attachments/{attachmentId})' })
  attachments!: unknown[];
}

export class StaffCaseDto {
  @ApiProperty() id!: string;
  @ApiProperty() caseRef!: string;
  @ApiProperty({ enum: ['new', 'open', 'waiting', 'closed'] }) status!: string;
  @ApiProperty() channel!: string;
  @ApiProperty() crisis!: boolean;
  @ApiProperty() regionCode!: string;
  @ApiProperty() regionName!: string;
  @ApiProperty({ nullable: true, type: String }) assignedTo!: string | null;
  @ApiProperty({ nullable: true, type: String }) assignedToName!: string | null;
  @ApiProperty({ nullable: true, type: String }) firstReplyDueAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) nextReplyDueAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({
    description:
      'What the help-seeker told at intake (nickname, topic, need, age band, gender, language, country, postcode area)',
  })
  intake!: Record<string, unknown>;
  @ApiProperty({ type: [StaffCaseMessageDto] }) messages!: StaffCaseMessageDto[];
  @ApiProperty({ description: 'Timeline of case events (facts only)' }) events!: unknown[];
  @ApiProperty({ description: 'Internal notes, never sent' }) notes!: unknown[];
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ nullable: true, description: 'Who is writing a reply right now' }) lock!: unknown;
}

export class CrisisDto {
  @ApiProperty() @IsBoolean({ message: 'sla.invalid.crisis' }) crisis!: boolean;
  @ApiProperty({ description: 'Why (kept in the case timeline and the audit trail; no help-seeker text)' })
  @IsString({ message: 'sla.invalid.reason' })
  @MinLength(3, { message: 'sla.invalid.reason' })
  @MaxLength(200, { message: 'sla.invalid.reason' })
  reason!: string;
}
