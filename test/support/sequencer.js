const Sequencer = require('@jest/test-sequencer').default;

/**
 * Longest first, so the two workers finish together instead of one waiting on a long browser
 * test picked last. Jest orders by the durations it cached, but a fresh clone (CI) has none and
 * falls back to file size, which puts the short-to-read but slow browser tests (the tour) at the
 * end. Without a cache: browser tests, then integration tests, then unit tests, each by size.
 */
class LongestFirst extends Sequencer {
  sort(tests) {
    const cached = tests.some((t) => this._getCache(t)[t.path]);
    if (cached) return super.sort(tests);
    const rank = (p) => (p.endsWith('.e2e-spec.ts') ? 0 : p.endsWith('.int-spec.ts') ? 1 : 2);
    const size = (t) => require('node:fs').statSync(t.path).size;
    return [...tests].sort((a, b) => rank(a.path) - rank(b.path) || size(b) - size(a));
  }
}

module.exports = LongestFirst;
