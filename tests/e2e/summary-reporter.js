// Prints one machine-readable line at the end, alone on its line, for CI:
//   e2e: N passed, N failed            (", N skipped" appended when any)
// Used together with the 'list' reporter (see playwright.config.js).
class SummaryReporter {
  onBegin(_config, suite) { this.suite = suite; }
  onEnd(result) {
    if (process.argv.includes('--list')) return;
    let passed = 0, failed = 0, skipped = 0;
    for (const test of this.suite ? this.suite.allTests() : []) {
      const outcome = test.outcome();
      if (outcome === 'expected' || outcome === 'flaky') passed++;
      else if (outcome === 'unexpected') failed++;
      // A test that never ran because the run itself failed (webServer, global error) is a failure.
      else if (test.results.length === 0 && result.status !== 'passed') failed++;
      else skipped++;
    }
    if (passed + failed + skipped === 0 && result.status !== 'passed') failed = 1;
    process.stdout.write(`\ne2e: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
  printsToStdio() { return false; }
}
module.exports = SummaryReporter;
