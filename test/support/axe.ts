import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

type Violations = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'];

/**
 * The WCAG 2.1 A/AA violations axe-core finds on the page the browser shows now. Only violations
 * are collected (axe does far less work); `options()` comes first because it replaces the tag
 * filter `withTags()` sets. Legacy mode runs `axe.run` in the page itself: the default opens a
 * blank page for every scan to merge per-frame results, which cost about a second a scan (half
 * of it) over the ~110 scans of the suite. It tests same-origin frames only; our one frame is the
 * sandboxed view of a help-seeker's own HTML mail, which is their markup, not our page.
 */
export async function axeViolations(page: Page): Promise<Violations> {
  const result = await new AxeBuilder({ page })
    .setLegacyMode(true)
    .options({ resultTypes: ['violations'] })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations;
}

/** Violations as readable lines: rule id and the elements it found. */
export function describeViolations(violations: Violations): string[] {
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
