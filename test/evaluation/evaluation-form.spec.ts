import { evaluationFromForm } from '../../src/evaluation/evaluation.dto';
import { editableUntil, isEditable } from '../../src/evaluation/evaluation-window';

describe('evaluation form and edit window', () => {
  it("turns the form's yes/no and 1–5 strings into the API's booleans and numbers", () => {
    expect(
      evaluationFromForm({
        pleasant: 'yes',
        helped: 'no',
        personalContact: 'yes',
        meaningfulScore: '1',
        helpedScore: '5',
        comment: 'c',
        _csrf: 'x',
      }),
    ).toEqual({
      pleasant: true,
      helped: false,
      personalContact: true,
      meaningfulScore: 1,
      helpedScore: 5,
      comment: 'c',
    });
  });

  it('passes anything else on unchanged, so validation names the field', () => {
    expect(evaluationFromForm({ pleasant: 'maybe', meaningfulScore: '6', helpedScore: '0', comment: ['a'] })).toEqual({
      pleasant: 'maybe',
      helped: undefined,
      personalContact: undefined,
      meaningfulScore: '6',
      helpedScore: '0',
      comment: undefined,
    });
    expect(evaluationFromForm(null)).toMatchObject({ pleasant: undefined });
  });

  it('keeps an evaluation editable for exactly 24 hours', () => {
    const at = new Date('2026-11-24T10:00:00Z');
    expect(editableUntil(at).toISOString()).toBe('2026-11-25T10:00:00.000Z');
    expect(isEditable(at, new Date('2026-11-25T09:59:59Z'))).toBe(true);
    expect(isEditable(at, new Date('2026-11-25T10:00:00Z'))).toBe(false);
  });
});
