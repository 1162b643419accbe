import { closedCaseMonthsOf, retentionCutoffs } from '../../src/privacy/retention-policy';

describe('retention cutoffs', () => {
  const policy = { closedCaseMonths: 12, rawMailDays: 30, quarantineDays: 90 };

  it('counts calendar months for closed cases and days for mail', () => {
    const c = retentionCutoffs(policy, new Date('2027-06-15T10:00:00Z'));
    expect(c.closedCasesBefore?.toISOString()).toBe('2026-06-15T10:00:00.000Z');
    expect(c.rawMailBefore?.toISOString()).toBe('2027-05-16T10:00:00.000Z');
    expect(c.quarantineBefore?.toISOString()).toBe('2027-03-17T10:00:00.000Z');
  });

  it('clamps to the end of a shorter month', () => {
    expect(
      retentionCutoffs(
        { ...policy, closedCaseMonths: 1 },
        new Date('2027-03-31T00:00:00Z'),
      ).closedCasesBefore?.toISOString(),
    ).toBe('2027-02-28T00:00:00.000Z');
    expect(retentionCutoffs(policy, new Date('2028-02-29T12:00:00Z')).closedCasesBefore?.toISOString()).toBe(
      '2027-02-28T12:00:00.000Z',
    );
  });

  it('0 switches a rule off', () => {
    expect(retentionCutoffs({ closedCaseMonths: 0, rawMailDays: 0, quarantineDays: 0 }, new Date())).toEqual({
      closedCasesBefore: null,
      rawMailBefore: null,
      quarantineBefore: null,
    });
  });
});

describe("an organisation's period for closed cases", () => {
  it("is the organisation's when shorter, never longer than the platform's, the platform's when unset", () => {
    expect(closedCaseMonthsOf(12, 6)).toBe(6);
    expect(closedCaseMonthsOf(12, 18)).toBe(12);
    expect(closedCaseMonthsOf(12, null)).toBe(12);
    // The platform keeps closed cases for ever; an organisation may still choose a period.
    expect(closedCaseMonthsOf(0, 3)).toBe(3);
    expect(closedCaseMonthsOf(0, null)).toBe(0);
  });
});
