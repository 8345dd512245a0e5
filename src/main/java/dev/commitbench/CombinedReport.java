package dev.commitbench;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * {@code CombinedReport} is the immutable result of benchmarking commits: benchmark.py's combined
 * structure {@code model → config → commit → metrics}, with every round's samples, the comparisons of
 * each candidate with the baseline, and the runs that failed.
 *
 * <p>Models and configs keep the order in which they were first measured; commits keep the plan's
 * order (the baseline first). A metric that a report did not contain (or contained as {@code null}) is
 * absent: {@link #measurement} returns an empty {@code Optional}.
 *
 * <p>Instances are thread-safe. Build one with {@link #builder()}; {@link #toJson()} and
 * {@link #fromJson(String)} round-trip it.
 *
 * <p>For example, in a benchmark method that takes the report:
 *
 * <pre><code class='java'>
 * &#64;BenchmarkAcrossCommits(commits = {"main", "HEAD"}, engine = "command", command = {"sh", "bench.sh"})
 * void benchIsNotSlower(CombinedReport report) {
 *     for (Comparison c : report.comparisons(Verdict.REGRESSED)) {
 *         System.out.println(c.metric() + " is " + c.changePercent() + "% slower at " + c.point());
 *     }
 *     CommitbenchAssertions.assertThat(report).hasNoRegression();
 * }
 * </code></pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class CombinedReport {

    final ReportContents contents;

    private CombinedReport(ReportContents contents) {
        this.contents = contents;
    }

    /**
     * Starts an empty report.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the commits in plan order; the first is the baseline} */
    public List<Commit> commits() {
        return contents.commits();
    }

    /** {@return the baseline commit, if any commit was planned} */
    public Optional<Commit> baseline() {
        return contents.commits().stream().findFirst();
    }

    /** {@return the candidates: every commit but the baseline, in plan order} */
    public List<Commit> candidates() {
        List<Commit> commits = contents.commits();
        return commits.isEmpty() ? List.of() : commits.subList(1, commits.size());
    }

    /** {@return the models measured, in the order first measured} */
    public List<String> models() {
        return contents.cells().models();
    }

    /**
     * The config labels measured for {@code model}, in the order first measured.
     *
     * @param model the model
     * @return the config labels
     */
    public List<String> configs(String model) {
        return contents.cells().configs(model);
    }

    /**
     * The metric paths present for one cell, in report order.
     *
     * @param model the model
     * @param config the config label
     * @param sha the commit's full SHA
     * @return the metric paths
     */
    public List<String> metrics(String model, String config, String sha) {
        return List.copyOf(contents.cells().cell(model, config, sha).keySet());
    }

    /** {@return every metric path present anywhere in the report, in first-seen order} */
    public List<String> metrics() {
        return contents.cells().metrics();
    }

    /**
     * One metric of one cell (model, config, commit SHA), with every round; empty when absent.
     *
     * @param model the model
     * @param config the config label
     * @param sha the commit's full SHA
     * @param metric the metric path
     * @return the measurement, or empty
     */
    public Optional<Measurement> measurement(String model, String config, String sha, String metric) {
        return Optional.ofNullable(contents.cells().cell(model, config, sha).get(metric));
    }

    /**
     * The value benchmark.py's combined {@code summary.json} shows for a cell: the first round's.
     *
     * @param model the model
     * @param config the config label
     * @param sha the commit's full SHA
     * @param metric the metric path
     * @return the first round's value, or empty
     */
    public Optional<Double> value(String model, String config, String sha, String metric) {
        return measurement(model, config, sha, metric).map(Measurement::firstValue);
    }

    /**
     * The per-iteration samples of every round of a cell, empty when the metric is absent.
     *
     * @param model the model
     * @param config the config label
     * @param sha the commit's full SHA
     * @param metric the metric path
     * @return one list of samples per round
     */
    public List<List<Double>> samples(String model, String config, String sha, String metric) {
        return measurement(model, config, sha, metric).map(Measurement::roundSamples).orElse(List.of());
    }

    /**
     * The unit of a metric as the reports give it, from the first cell that has it.
     *
     * @param metric the metric path
     * @return the unit, or empty when no report gives one
     */
    public Optional<String> unit(String metric) {
        return contents.cells().unit(metric);
    }

    /** {@return every comparison of a candidate with the baseline} */
    public List<Comparison> comparisons() {
        return contents.comparisons();
    }

    /**
     * The comparisons with the given verdict.
     *
     * @param verdict the verdict
     * @return those comparisons, in order
     */
    public List<Comparison> comparisons(Verdict verdict) {
        return contents.comparisons().stream().filter(c -> c.verdict() == verdict).toList();
    }

    /** {@return the runs that produced no report} */
    public List<RunFailure> failures() {
        return contents.failures();
    }

    /** {@return the plan's regression threshold, in percent} */
    public double thresholdPercent() {
        return contents.settings().thresholdPercent();
    }

    /** {@return the folder holding the run's files ({@code summary.json}, {@code report.md}, ...), when known} */
    public Optional<String> reportDirectory() {
        return Optional.ofNullable(contents.settings().reportDirectory());
    }

    /** {@return what a gate left inconclusive does to a test that asserts on this report (default ABORT)} */
    public InconclusivePolicy inconclusivePolicy() {
        return contents.settings().inconclusivePolicy();
    }

    /**
     * What a probable regression does to a test that asserts on this report (default FAIL): an inconclusive
     * gate whose estimate lies beyond the threshold with its whole interval above 0
     * ({@link Comparison#probableRegression()}).
     *
     * @return the probable-regression policy
     */
    public InconclusivePolicy probableRegressionPolicy() {
        return contents.settings().probableRegressionPolicy();
    }

    /**
     * Every metric that the baseline's report has at a sweep point and a candidate's lacks, or the reverse, in
     * report order (model, config, candidate; the baseline's metrics first): such a metric is never compared,
     * so a check that nothing regressed must not pass over it. Empty without a candidate.
     *
     * @return the missing metrics
     */
    public List<MissingMetric> missingMetrics() {
        return contents.cells().missingMetrics(contents.commits());
    }

    /** {@return true when nothing was measured and nothing failed} */
    public boolean isEmpty() {
        return contents.cells().isEmpty() && contents.failures().isEmpty();
    }

    /**
     * Returns a report that holds only the given model and config (one sweep point), with their
     * comparisons; the report's failed runs are not carried over.
     *
     * @param model the model
     * @param config the config label
     * @return a new report
     */
    public CombinedReport only(String model, String config) {
        return new CombinedReport(contents.only(model, config));
    }

    /**
     * Merges {@code other} into a copy of this report: cells already present win (benchmark.py's first wins).
     *
     * @param other the report to merge in
     * @return a new report
     */
    public CombinedReport merge(CombinedReport other) {
        return toBuilder().merge(other).build();
    }

    /** {@return a builder holding a copy of this report} */
    public Builder toBuilder() {
        var b = builder().merge(this);
        b.settings = contents.settings();
        return b;
    }

    /** {@return the report as JSON (commitbench's own shape, not benchmark.py's); {@link #fromJson} reads it back} */
    public String toJson() {
        return CombinedReportJson.write(this);
    }

    /**
     * Reads a report written by {@link #toJson()}.
     *
     * @param json what {@link #toJson()} wrote
     * @return the report
     */
    public static CombinedReport fromJson(String json) {
        return CombinedReportJson.read(json);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CombinedReport r && contents.equals(r.contents);
    }

    @Override
    public int hashCode() {
        return contents.hashCode();
    }

    @Override
    public String toString() {
        return "CombinedReport[models=" + models() + ", commits=" + contents.commits() + ", comparisons="
                + contents.comparisons().size() + ", failures=" + contents.failures().size() + "]";
    }

    /**
     * Builds a {@link CombinedReport}, e.g. for a test of code that reads reports. Not thread-safe.
     *
     * <pre><code class='java'>
     * Commit main = new Commit("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", "main");
     * CombinedReport report = CombinedReport.builder()
     *         .commit(main)
     *         .put("gpt2", "batch_size=1", main.sha(),
     *                 new Measurement("decode.latency.mean", "s", List.of(0.0123), List.of(List.of(0.0122, 0.0124))))
     *         .thresholdPercent(5)
     *         .build();
     * </code></pre>
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private final Set<Commit> commits = new LinkedHashSet<>();
        private final ReportCells cells = new ReportCells();
        private final List<Comparison> comparisons = new ArrayList<>();
        private final List<RunFailure> failures = new ArrayList<>();
        private ReportSettings settings = ReportSettings.DEFAULTS;

        private Builder() {
        }

        /**
         * Adds a commit (plan order; the first is the baseline); duplicates are ignored.
         *
         * @param commit the commit
         * @return this builder
         */
        public Builder commit(Commit commit) {
            commits.add(commit);
            return this;
        }

        /**
         * Adds commits in order.
         *
         * @param commits the commits
         * @return this builder
         */
        public Builder commits(List<Commit> commits) {
            commits.forEach(this::commit);
            return this;
        }

        /**
         * Puts (or replaces) one measurement of a cell.
         *
         * @param model the model
         * @param config the config label
         * @param sha the commit's full SHA
         * @param measurement the measurement
         * @return this builder
         */
        public Builder put(String model, String config, String sha, Measurement measurement) {
            cells.put(model, config, sha, measurement);
            return this;
        }

        /**
         * Puts a measurement unless the cell already has that metric (first wins).
         *
         * @param model the model
         * @param config the config label
         * @param sha the commit's full SHA
         * @param measurement the measurement
         * @return this builder
         */
        public Builder putIfAbsent(String model, String config, String sha, Measurement measurement) {
            cells.putIfAbsent(model, config, sha, measurement);
            return this;
        }

        /**
         * Merges {@code report} into this builder as {@link CombinedReport#merge} does: its commits that are new here
         * are added, cells already present win, its comparisons and failed runs are added. Merging many reports into
         * one builder copies each once (merging them pairwise copies the growing report every time).
         *
         * @param report the report to merge in
         * @return this builder
         */
        public Builder merge(CombinedReport report) {
            commits(report.contents.commits());
            report.contents.cells().forEach(this::putIfAbsent);
            report.contents.comparisons().forEach(this::comparison);
            report.contents.failures().forEach(this::failure);
            return this;
        }

        /**
         * Adds a comparison.
         *
         * @param comparison the comparison
         * @return this builder
         */
        public Builder comparison(Comparison comparison) {
            comparisons.add(Objects.requireNonNull(comparison));
            return this;
        }

        /**
         * Replaces every comparison.
         *
         * @param comparisons the comparisons
         * @return this builder
         */
        public Builder comparisons(List<Comparison> comparisons) {
            this.comparisons.clear();
            comparisons.forEach(this::comparison);
            return this;
        }

        /**
         * Adds a failed run.
         *
         * @param failure the failed run
         * @return this builder
         */
        public Builder failure(RunFailure failure) {
            failures.add(Objects.requireNonNull(failure));
            return this;
        }

        /**
         * Sets the plan's threshold, in percent (default 5).
         *
         * @param thresholdPercent the threshold, e.g. {@code 5} for 5%
         * @return this builder
         */
        public Builder thresholdPercent(double thresholdPercent) {
            settings = settings.withThresholdPercent(thresholdPercent);
            return this;
        }

        /**
         * Sets the folder holding the run's files.
         *
         * @param reportDirectory the folder, or null
         * @return this builder
         */
        public Builder reportDirectory(String reportDirectory) {
            settings = settings.withReportDirectory(reportDirectory);
            return this;
        }

        /**
         * Sets what a gate left inconclusive does to a test (default ABORT).
         *
         * @param inconclusivePolicy the policy
         * @return this builder
         */
        public Builder inconclusivePolicy(InconclusivePolicy inconclusivePolicy) {
            settings = settings.withInconclusivePolicy(Objects.requireNonNull(inconclusivePolicy));
            return this;
        }

        /**
         * Sets what a probable regression does to a test (default FAIL).
         *
         * @param probableRegressionPolicy the policy
         * @return this builder
         */
        public Builder probableRegressionPolicy(InconclusivePolicy probableRegressionPolicy) {
            settings = settings.withProbableRegressionPolicy(Objects.requireNonNull(probableRegressionPolicy));
            return this;
        }

        /** {@return the immutable report} */
        public CombinedReport build() {
            return new CombinedReport(new ReportContents(List.copyOf(commits), cells, comparisons, failures, settings));
        }
    }
}
