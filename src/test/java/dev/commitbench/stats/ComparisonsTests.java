package dev.commitbench.stats;

import static dev.commitbench.stats.MetricComparatorTests.HEAD;
import static dev.commitbench.stats.MetricComparatorTests.MAIN;
import static dev.commitbench.stats.Samples.lognormal;
import static dev.commitbench.stats.Samples.singleValued;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.Comparison;
import dev.commitbench.Gate;
import dev.commitbench.MissingMetric;
import dev.commitbench.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonsTests {

    private static final Commit FEATURE = new Commit("9".repeat(40), "feature");
    private static final String LATENCY = "decode.latency.mean";
    private static final String THROUGHPUT = "decode.throughput.value";

    private static CombinedReport report() {
        return CombinedReport.builder().commits(List.of(MAIN, HEAD, FEATURE)).thresholdPercent(4)
                .put("gpt2", "batch_size=1", MAIN.sha(), lognormal(LATENCY, 1.0, 0.02, 0.005, 4, 30, 1))
                .put("gpt2", "batch_size=1", MAIN.sha(), singleValued(THROUGHPUT, "tokens/s", 100, 100.5, 99.5, 100))
                .put("gpt2", "batch_size=1", MAIN.sha(), singleValued("load.memory.max_vram", "MB", 0, 0, 0, 0))
                .put("gpt2", "batch_size=1", HEAD.sha(), lognormal(LATENCY, 1.3, 0.02, 0.005, 4, 30, 2))
                .put("gpt2", "batch_size=1", HEAD.sha(), singleValued("load.memory.max_vram", "MB", 0, 0, 0, 0))
                .put("gpt2", "batch_size=1", FEATURE.sha(), lognormal(LATENCY, 1.0, 0.02, 0.005, 4, 30, 3))
                .put("gpt2", "batch_size=1", FEATURE.sha(), singleValued(THROUGHPUT, "tokens/s", 100, 100.5, 99.5, 100))
                .put("gpt2", "batch_size=2", MAIN.sha(), lognormal(LATENCY, 2.0, 0.02, 0.005, 4, 30, 4))
                .put("gpt2", "batch_size=2", HEAD.sha(), lognormal(LATENCY, 1.0, 0.02, 0.005, 4, 30, 5))
                .build();
    }

    @Test
    void compares_every_candidate_with_the_baseline_for_each_point_and_metric_both_measured() {
        CombinedReport report = report();

        List<Comparison> all = Comparisons.compareAll(report, Comparisons.settingsFor(report));

        assertThat(all).extracting(Comparison::config, Comparison::candidate, Comparison::metric, Comparison::verdict)
                .containsExactly(
                        tuple("batch_size=1", HEAD, LATENCY, Verdict.REGRESSED),
                        tuple("batch_size=1", FEATURE, LATENCY, Verdict.UNCHANGED),
                        tuple("batch_size=1", FEATURE, THROUGHPUT, Verdict.UNCHANGED),
                        tuple("batch_size=2", HEAD, LATENCY, Verdict.IMPROVED));
        assertThat(all).allSatisfy(c -> assertThat(c.thresholdPercent()).isEqualTo(4));
        assertThat(Comparisons.anyUndecided(all)).isFalse();
    }

    @Test
    void a_metric_that_one_commit_lacks_at_a_point_is_listed_as_missing_for_that_commit() {
        List<MissingMetric> missing = report().missingMetrics();

        assertThat(missing).extracting(MissingMetric::point, MissingMetric::metric, MissingMetric::lackingIt,
                MissingMetric::havingIt, MissingMetric::baselineLacksIt)
                .containsExactly(
                        tuple("gpt2 · batch_size=1", THROUGHPUT, HEAD, MAIN, false),
                        tuple("gpt2 · batch_size=1", "load.memory.max_vram", FEATURE, MAIN, false),
                        tuple("gpt2 · batch_size=2", LATENCY, FEATURE, MAIN, false));
        assertThat(CombinedReport.builder().commit(MAIN)
                .put("gpt2", "", MAIN.sha(), singleValued(THROUGHPUT, "tokens/s", 1)).build().missingMetrics()).isEmpty();
    }

    @Test
    void with_comparisons_replaces_the_reports_comparisons() {
        CombinedReport report = report();

        CombinedReport compared = Comparisons.withComparisons(report, Comparisons.settingsFor(report));

        assertThat(compared.comparisons()).hasSize(4);
        assertThat(compared.comparisons(Verdict.REGRESSED)).singleElement()
                .extracting(Comparison::candidate).isEqualTo(HEAD);
        assertThat(Comparisons.withComparisons(compared, Comparisons.settingsFor(report)).comparisons())
                .isEqualTo(compared.comparisons());
    }

    @Test
    void a_single_commit_or_an_empty_report_gives_no_comparisons() {
        CombinedReport single = CombinedReport.builder().commit(MAIN)
                .put("gpt2", "", MAIN.sha(), lognormal(LATENCY, 1.0, 0.02, 0, 3, 10, 1)).build();

        assertThat(Comparisons.compareAll(single, ComparisonSettings.defaults())).isEmpty();
        assertThat(Comparisons.compareAll(CombinedReport.builder().build(), ComparisonSettings.defaults())).isEmpty();
    }

    @Test
    void any_undecided_gate_tells_the_session_to_run_more_rounds() {
        CombinedReport noisy = CombinedReport.builder().commits(List.of(MAIN, HEAD))
                .put("gpt2", "", MAIN.sha(), lognormal(LATENCY, 1.0, 0.1, 0.08, 3, 20, 1))
                .put("gpt2", "", HEAD.sha(), lognormal(LATENCY, 1.0, 0.1, 0.08, 3, 20, 2)).build();

        List<Comparison> all = Comparisons.compareAll(noisy, ComparisonSettings.defaults());

        assertThat(all).singleElement().extracting(Comparison::gate).isEqualTo(Gate.INCONCLUSIVE);
        assertThat(Comparisons.anyUndecided(all)).isTrue();
        assertThat(Comparisons.anyUndecided(List.of())).isFalse();
    }

    @Test
    void comparisons_of_single_rounds_are_unbounded_and_survive_the_reports_json_round_trip() {
        CombinedReport single = CombinedReport.builder().commits(List.of(MAIN, HEAD))
                .put("gpt2", "", MAIN.sha(), lognormal(LATENCY, 1.0, 0.02, 0, 1, 10, 1))
                .put("gpt2", "", HEAD.sha(), lognormal(LATENCY, 1.5, 0.02, 0, 1, 10, 2)).build();

        CombinedReport compared = Comparisons.withComparisons(single, ComparisonSettings.defaults());

        assertThat(compared.comparisons()).singleElement().satisfies(c -> {
            assertThat(c.baselineCv()).isNaN();
            assertThat(c.lowerPercent()).isEqualTo(Double.NEGATIVE_INFINITY);
            assertThat(c.upperPercent()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(c.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(c.gate()).isEqualTo(Gate.INCONCLUSIVE);
            assertThat(c.roundsToSettle()).isEmpty();
        });
        assertThat(CombinedReport.fromJson(compared.toJson())).isEqualTo(compared);
    }
}
