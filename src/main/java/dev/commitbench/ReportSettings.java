package dev.commitbench;

/**
 * {@code ReportSettings} are the plan's settings that a {@link CombinedReport} carries beside its cells: the
 * regression threshold, the folder of the run's files, and what an inconclusive gate and a probable regression do to
 * a test. {@link #DEFAULTS} holds the defaults of {@link CombinedReport.Builder} and of a report read back from JSON.
 *
 * @param thresholdPercent the regression threshold, in percent
 * @param reportDirectory the folder holding the run's files, or null when unknown
 * @param inconclusivePolicy what a gate left inconclusive does to a test
 * @param probableRegressionPolicy what a probable regression does to a test
 */
record ReportSettings(double thresholdPercent, String reportDirectory, InconclusivePolicy inconclusivePolicy,
        InconclusivePolicy probableRegressionPolicy) {

    /** A threshold of 5%, no folder, ABORT when inconclusive, FAIL on a probable regression. */
    static final ReportSettings DEFAULTS =
            new ReportSettings(5.0, null, InconclusivePolicy.ABORT, InconclusivePolicy.FAIL);

    ReportSettings withThresholdPercent(double percent) {
        return new ReportSettings(percent, reportDirectory, inconclusivePolicy, probableRegressionPolicy);
    }

    ReportSettings withReportDirectory(String directory) {
        return new ReportSettings(thresholdPercent, directory, inconclusivePolicy, probableRegressionPolicy);
    }

    ReportSettings withInconclusivePolicy(InconclusivePolicy policy) {
        return new ReportSettings(thresholdPercent, reportDirectory, policy, probableRegressionPolicy);
    }

    ReportSettings withProbableRegressionPolicy(InconclusivePolicy policy) {
        return new ReportSettings(thresholdPercent, reportDirectory, inconclusivePolicy, policy);
    }
}
