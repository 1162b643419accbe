import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';

export const NEEDS = ['reassurance', 'advice', 'listen', 'other'] as const;
export const AGE_BANDS = ['10-20', '21-30', '31-40', '41-50', '50+'] as const;
export const GENDERS = ['man', 'woman', 'other'] as const;
export const CRISIS_SELF_REPORTS = ['yes', 'no', 'rather-not-say'] as const;
export type CrisisSelfReport = (typeof CRISIS_SELF_REPORTS)[number];
export const TEXT_MIN = 10;
export const TEXT_MAX = 10_000;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** An empty form field means "not given". */
const emptyToUndefined = ({ value }: { value: unknown }) => {
  const v = typeof value === 'string' ? value.trim() : value;
  return v === '' ? undefined : v;
};
// Control characters (except newline and tab in the text) have no place in what a person types.
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;
const NO_CONTROL_MULTILINE = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

/**
 * A help-seeker's question, from the web form or the JSON API (same rules for both).
 * Decorators run bottom-up and validation stops at a field's first error, so the type check of
 * each field sits lowest: a missing text says "write your question", not "invalid characters".
 */
export class QuestionDto {
  @ApiProperty({
    description: 'A chosen nickname, not a real name',
    minLength: 1,
    maxLength: 40,
    example: 'Zonnebloem',
  })
  @Transform(trim)
  @Matches(NO_CONTROL, { message: 'validation.nickname.invalid' })
  @MaxLength(40, { message: 'validation.nickname.tooLong' })
  @IsNotEmpty({ message: 'validation.nickname.required' })
  @IsString({ message: 'validation.nickname.required' })
  nickname!: string;

  @ApiProperty({
    description: 'The question itself (plain text; HTML is kept as text)',
    minLength: TEXT_MIN,
    maxLength: TEXT_MAX,
  })
  @Transform(trim)
  @Matches(NO_CONTROL_MULTILINE, { message: 'validation.text.invalid' })
  @Length(TEXT_MIN, TEXT_MAX, { message: 'validation.text.length' })
  @IsNotEmpty({ message: 'validation.text.required' })
  @IsString({ message: 'validation.text.required' })
  text!: string;

  @ApiPropertyOptional({
    description: 'NL `1012 AB` or BE `9000` (prefixes `NL-`, `B-` accepted); omit to stay unrouted (fallback region)',
    example: '1012 AB',
  })
  @Transform(emptyToUndefined)
  @MaxLength(12, { message: 'validation.postcode.invalid' })
  @IsString({ message: 'validation.postcode.invalid' })
  @IsOptional()
  postcode?: string;

  @ApiPropertyOptional({ enum: ['NL', 'BE'] })
  @Transform(emptyToUndefined)
  @IsIn(['NL', 'BE'], { message: 'validation.country.invalid' })
  @IsOptional()
  country?: 'NL' | 'BE';

  @ApiPropertyOptional({
    description: '"I\'d rather not say": the postcode is ignored and the case goes to the fallback region',
  })
  @IsBoolean({ message: 'validation.boolean' })
  @IsOptional()
  postcodeWithheld?: boolean;

  @ApiPropertyOptional({ description: 'Topic code, see the start page for the list', example: 'money' })
  @Transform(emptyToUndefined)
  @Matches(/^[a-z][a-z0-9-]{1,39}$/, { message: 'validation.topic.invalid' })
  @IsString({ message: 'validation.topic.invalid' })
  @IsOptional()
  topic?: string;

  @ApiPropertyOptional({ enum: NEEDS })
  @Transform(emptyToUndefined)
  @IsIn(NEEDS, { message: 'validation.need.invalid' })
  @IsOptional()
  need?: (typeof NEEDS)[number];

  @ApiPropertyOptional({ description: 'What "other" means, when need is other', maxLength: 200 })
  @Transform(emptyToUndefined)
  @Matches(NO_CONTROL, { message: 'validation.needOther.tooLong' })
  @MaxLength(200, { message: 'validation.needOther.tooLong' })
  @IsNotEmpty({ message: 'validation.needOther.required' })
  @IsString({ message: 'validation.needOther.required' })
  @ValidateIf((o: QuestionDto) => o.need === 'other' || o.needOther !== undefined)
  needOther?: string;

  @ApiPropertyOptional({ enum: AGE_BANDS })
  @Transform(emptyToUndefined)
  @IsIn(AGE_BANDS, { message: 'validation.ageBand.invalid' })
  @IsOptional()
  ageBand?: (typeof AGE_BANDS)[number];

  @ApiPropertyOptional({ enum: GENDERS })
  @Transform(emptyToUndefined)
  @IsIn(GENDERS, { message: 'validation.gender.invalid' })
  @IsOptional()
  gender?: (typeof GENDERS)[number];

  @ApiPropertyOptional({ enum: ['nl', 'en'], description: 'Language for replies and pages' })
  @Transform(emptyToUndefined)
  @IsIn(['nl', 'en'], { message: 'validation.language.invalid' })
  @IsOptional()
  language?: 'nl' | 'en';

  @ApiPropertyOptional({ description: 'Only for a content-free "there is an answer" notification; needs emailConsent' })
  @Transform(emptyToUndefined)
  @IsEmail({}, { message: 'validation.email.invalid' })
  @MaxLength(254, { message: 'validation.email.invalid' })
  @IsString({ message: 'validation.email.invalid' })
  @IsOptional()
  email?: string;

  @ApiPropertyOptional({ description: 'Must be true when an e-mail address is given' })
  @IsIn([true], { message: 'validation.emailConsent.required' })
  @IsBoolean({ message: 'validation.emailConsent.required' })
  @ValidateIf((o: QuestionDto) => o.email !== undefined)
  emailConsent?: boolean;

  @ApiPropertyOptional({
    enum: CRISIS_SELF_REPORTS,
    description:
      'The answer to "Denk je op dit moment aan zelfdoding of aan jezelf iets aandoen?"; `yes` makes the case a crisis case whatever the words (the answer then says `crisis: true`)',
  })
  @Transform(emptyToUndefined)
  @IsIn(CRISIS_SELF_REPORTS, { message: 'validation.crisisSelfReport.invalid' })
  @IsOptional()
  crisisSelfReport?: CrisisSelfReport;

  @ApiPropertyOptional({
    description:
      'A random key the client makes once per question (16 to 100 characters: letters, digits, - and _). Sending the same question with the same key again (a retry, a reload, a double click) answers with the same case, never a second one; the same key with a different question is a 409.',
    example: 'p7Yv1m3kQe9sT2bXcA4wLg',
  })
  @Matches(/^[A-Za-z0-9_-]{16,100}$/, { message: 'validation.idempotencyKey.invalid' })
  @IsString({ message: 'validation.idempotencyKey.invalid' })
  @IsOptional()
  idempotencyKey?: string;
}

/** "Mail me the link" on the confirmation page: an address and the consent, both required. */
export class MailLinkDto {
  @Transform(trim)
  @IsEmail({}, { message: 'validation.email.invalid' })
  @MaxLength(254, { message: 'validation.email.invalid' })
  @IsNotEmpty({ message: 'validation.email.required' })
  @IsString({ message: 'validation.email.required' })
  email!: string;

  @IsIn([true], { message: 'validation.emailConsent.linkRequired' })
  @IsBoolean({ message: 'validation.emailConsent.linkRequired' })
  emailConsent!: boolean;
}

/** A follow-up from the help-seeker on their case page or through the API. */
export class FollowUpDto {
  @ApiProperty({ minLength: 1, maxLength: TEXT_MAX })
  @Transform(trim)
  @Matches(NO_CONTROL_MULTILINE, { message: 'validation.text.invalid' })
  @MaxLength(TEXT_MAX, { message: 'validation.followUp.tooLong' })
  @IsNotEmpty({ message: 'validation.followUp.required' })
  @IsString({ message: 'validation.followUp.required' })
  text!: string;
}
