/** Prints one plain closing line ("jest: N passed, N failed, N skipped") after jest's own summary. */
class SummaryReporter {
    onRunComplete(_contexts, results) {
        const line = `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped`;
        process.stderr.write(`${line}\n`);
    }
}

module.exports = SummaryReporter;
