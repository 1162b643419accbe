import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export const COMMENT_MAX = 1000;

/** An empty comment means "none". */
const trimToUndefined = ({ value }: { value: unknown }) => {
  const v = typeof value === 'string' ? value.trim() : value;
  return v === '' ? undefined : v;
};
const NO_CONTROL_MULTILINE = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

/**
 * The help-seeker's evaluation of a reply round: the studied service's three yes/no questions,
 * two 1–5 scores and an optional comment. Same rules for the API and the case page's form.
 */
export class EvaluationDto {
  @ApiProperty({ description: 'Was the contact pleasant?' })
  @IsBoolean({ message: 'evaluation.validation.yesNo' })
  pleasant!: boolean;

  @ApiProperty({ description: 'Were you helped?' })
  @IsBoolean({ message: 'evaluation.validation.yesNo' })
  helped!: boolean;

  @ApiProperty({
    description: 'Would you like to talk to a social worker in person? Yes creates a follow-up task for the worker.',
  })
  @IsBoolean({ message: 'evaluation.validation.yesNo' })
  personalContact!: boolean;

  @ApiProperty({ minimum: 1, maximum: 5, description: 'How meaningful was the contact (1–5)' })
  @Max(5, { message: 'evaluation.validation.score' })
  @Min(1, { message: 'evaluation.validation.score' })
  @IsInt({ message: 'evaluation.validation.score' })
  meaningfulScore!: number;

  @ApiProperty({ minimum: 1, maximum: 5, description: 'How much did it help (1–5)' })
  @Max(5, { message: 'evaluation.validation.score' })
  @Min(1, { message: 'evaluation.validation.score' })
  @IsInt({ message: 'evaluation.validation.score' })
  helpedScore!: number;

  @ApiPropertyOptional({ maxLength: COMMENT_MAX, description: 'Plain text; never sent in any notification' })
  @Transform(trimToUndefined)
  @Matches(NO_CONTROL_MULTILINE, { message: 'evaluation.validation.commentInvalid' })
  @MaxLength(COMMENT_MAX, { message: 'evaluation.validation.commentTooLong' })
  @IsString({ message: 'evaluation.validation.commentInvalid' })
  @IsOptional()
  comment?: string;
}

/** The form's strings → the API's shape; anything unexpected is passed on so the DTO names the field. */
export function evaluationFromForm(body: unknown): Record<string, unknown> {
  const v = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const yesNo = (x: unknown) => (x === 'yes' ? true : x === 'no' ? false : x);
  const score = (x: unknown) => (typeof x === 'string' && /^[1-5]$/.test(x) ? Number(x) : x);
  return {
    pleasant: yesNo(v.pleasant),
    helped: yesNo(v.helped),
    personalContact: yesNo(v.personalContact),
    meaningfulScore: score(v.meaningfulScore),
    helpedScore: score(v.helpedScore),
    comment: typeof v.comment === 'string' ? v.comment : undefined,
  };
}
