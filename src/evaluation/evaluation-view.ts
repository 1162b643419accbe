import { EvaluationRound } from './evaluation.service';

const YES_NO = [
  { name: 'pleasant', label: 'evaluation.q.pleasant' },
  { name: 'helped', label: 'evaluation.q.helped' },
  { name: 'personalContact', label: 'evaluation.q.personalContact' },
] as const;
const SCORES = [
  { name: 'meaningfulScore', label: 'evaluation.q.meaningfulScore' },
  { name: 'helpedScore', label: 'evaluation.q.helpedScore' },
] as const;

export interface EvaluationFormInput {
  action: string;
  csrfToken: string;
  /** Translated messages per field. */
  errors: Record<string, string[]>;
  /** What was posted (after a failed submit), so the form keeps it. */
  posted?: Record<string, unknown>;
}

/** The view model of the evaluation partial: pre-checked answers from the post or the stored evaluation. */
export function evaluationFormView(round: EvaluationRound, input: EvaluationFormInput) {
  const stored = round.evaluation;
  const value = (name: string): unknown => {
    if (input.posted) return input.posted[name];
    return stored ? (stored as unknown as Record<string, unknown>)[name] : undefined;
  };
  return {
    open: round.open,
    submitted: stored !== null,
    editableUntil: round.editableUntil,
    action: input.action,
    csrfToken: input.csrfToken,
    errors: input.errors,
    yesNo: YES_NO.map((q) => ({
      ...q,
      yes: value(q.name) === true,
      no: value(q.name) === false,
      errors: input.errors[q.name],
    })),
    scores: SCORES.map((q) => ({
      ...q,
      options: [1, 2, 3, 4, 5].map((n) => ({ value: n, checked: value(q.name) === n })),
      errors: input.errors[q.name],
    })),
    comment: typeof value('comment') === 'string' ? (value('comment') as string) : '',
  };
}
