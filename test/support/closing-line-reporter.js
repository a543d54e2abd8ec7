// Ends every Jest run with one plain line, "tests: N passed, N failed[, N skipped]", so that a reader of the
// log (a person or CI) finds the verdict as the run's last line, in a form no other tool's output mimics.
// Written when the process exits: Jest prints its own summary and runs the global teardown after every
// reporter. Plain CommonJS because Jest loads reporters without the project's TypeScript transform.
const { writeSync } = require('node:fs');

class ClosingLineReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `tests: ${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
    process.once('exit', () => writeSync(process.stdout.fd, `${line}\n`));
  }
}

module.exports = ClosingLineReporter;
