// Prints the plain closing line CI readers look for: "N passed, N failed, N skipped", and the
// slowest test files, so the suite's 15-minute budget can be watched from any CI log.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests: p, numFailedTests: f, numPendingTests: s } = results;
    const slowest = results.testResults
      .map((r) => ({ file: r.testFilePath.replace(process.cwd() + '/', ''), ms: r.perfStats.end - r.perfStats.start }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 12)
      .map((r) => `  ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${r.file}`);
    process.stdout.write(`\nslowest test files:\n${slowest.join('\n')}\n`);
    process.stdout.write(`\n${p} passed, ${f} failed${s ? `, ${s} skipped` : ''}\n`);
  }
}
module.exports = SummaryReporter;
