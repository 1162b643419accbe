// Prints the plain closing line CI readers look for: "N passed, N failed, N skipped".
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests: p, numFailedTests: f, numPendingTests: s } = results;
    process.stdout.write(`\n${p} passed, ${f} failed${s ? `, ${s} skipped` : ''}\n`);
  }
}
module.exports = SummaryReporter;
