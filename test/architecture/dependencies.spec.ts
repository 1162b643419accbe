import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const CONFIG = path.join(ROOT, '.dependency-cruiser.js');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** dependency-cruiser over `src` of a tree; it is ESM-only, so it runs as its CLI (exit code = errors). */
function violations(cwd: string): string[] {
  let out: string;
  try {
    out = execFileSync(process.execPath, [CLI, 'src', '--config', CONFIG, '--output-type', 'json'], {
      cwd,
      maxBuffer: 256 * 1024 * 1024,
    }).toString();
  } catch (e) {
    out = String((e as { stdout?: Buffer }).stdout ?? '');
  }
  const found = (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
  return found.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

describe('dependency rules (.dependency-cruiser.js)', () => {
  it('hold on the tree: 0 violations', () => {
    expect(violations(ROOT)).toEqual([]);
  }, 120_000);

  it('bite: a small tree that breaks each rule on purpose is caught rule by rule', () => {
    const names = new Set(violations(path.join(ROOT, 'test', 'fixtures', 'architecture')).map((v) => v.split(':')[0]));
    expect([...names].sort()).toEqual([
      'common-knows-no-feature',
      'mail-channel-knows-no-web-channel',
      'no-circular',
      'nothing-depends-on-the-dashboard',
      'sla-knows-no-channel',
    ]);
  }, 120_000);
});
