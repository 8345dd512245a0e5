package dev.commitbench.stats;

import static dev.commitbench.stats.Samples.lognormal;
import static dev.commitbench.stats.Samples.singleValued;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import dev.commitbench.Commit;
import dev.commitbench.Comparison;
import dev.commitbench.Gate;
import dev.commitbench.Measurement;
import dev.commitbench.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricComparatorTests {

    static final Commit MAIN = new Commit("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", "main");
    static final Commit HEAD = new Commit("5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e", "HEAD");
    private static final String LATENCY = "decode.latency.mean";
    private static final ComparisonSettings DEFAULTS = ComparisonSettings.defaults();

    private static Comparison compare(String metric, Measurement base, Measurement cand, ComparisonSettings settings) {
        return MetricComparator.compare("gpt2", "batch_size=1", metric, MAIN, base, HEAD, cand, settings);
    }

    @Test
    void a_clear_slowdown_is_regressed_with_an_interval_around_the_change() {
        Measurement base = lognormal(LATENCY, 1.0, 0.03, 0.01, 5, 50, 1);
        Measurement cand = lognormal(LATENCY, 1.2, 0.03, 0.01, 5, 50, 2);

        Comparison c = compare(LATENCY, base, cand, DEFAULTS);

        assertThat(c.verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(c.changePercent()).isCloseTo(20, within(3.0));
        assertThat(c.lowerPercent()).isGreaterThan(5).isLessThan(c.changePercent());
        assertThat(c.upperPercent()).isGreaterThan(c.changePercent());
        assertThat(c.resolvablePercent()).isCloseTo((c.upperPercent() - c.lowerPercent()) / 2, within(1e-12));
        assertThat(c.baselineValue()).isCloseTo(1.0, within(0.03));
        assertThat(c.candidateValue()).isCloseTo(1.2, within(0.03));
        assertThat(c).extracting(Comparison::model, Comparison::config, Comparison::metric, Comparison::unit,
                Comparison::baseline, Comparison::candidate, Comparison::confidence, Comparison::thresholdPercent,
                Comparison::baselineRounds, Comparison::candidateRounds)
                .containsExactly("gpt2", "batch_size=1", LATENCY, "s", MAIN, HEAD, 0.95, 5.0, 5, 5);
    }

    @Test
    void a_clear_speedup_is_improved() {
        Measurement base = lognormal(LATENCY, 1.0, 0.03, 0.01, 5, 50, 1);
        Measurement cand = lognormal(LATENCY, 0.8, 0.03, 0.01, 5, 50, 2);

        Comparison c = compare(LATENCY, base, cand, DEFAULTS);

        assertThat(c.verdict()).isEqualTo(Verdict.IMPROVED);
        assertThat(c.changePercent()).isCloseTo(-20, within(3.0));
    }

    @Test
    void the_same_distribution_is_unchanged_with_an_interval_around_zero() {
        Measurement base = lognormal(LATENCY, 1.0, 0.03, 0.01, 5, 50, 1);
        Measurement cand = lognormal(LATENCY, 1.0, 0.03, 0.01, 5, 50, 2);

        Comparison c = compare(LATENCY, base, cand, DEFAULTS);

        assertThat(c.verdict()).isEqualTo(Verdict.UNCHANGED);
        assertThat(c.lowerPercent()).isNegative();
        assertThat(c.upperPercent()).isPositive();
        assertThat(c.thresholdBelowResolution()).isFalse();
    }

    @Test
    void noisy_rounds_are_inconclusive_and_flag_a_threshold_below_the_resolution() {
        Measurement base = lognormal(LATENCY, 1.0, 0.10, 0.08, 3, 20, 1);
        Measurement cand = lognormal(LATENCY, 1.0, 0.10, 0.08, 3, 20, 2);

        Comparison c = compare(LATENCY, base, cand, DEFAULTS);

        assertThat(c.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(c.resolvablePercent()).isGreaterThan(5);
        assertThat(c.thresholdBelowResolution()).isTrue();
        assertThat(c.baselineCv()).isPositive();
        assertThat(c.candidateCv()).isPositive();
    }

    @Test
    void lower_throughput_is_worse_so_its_change_is_positive() {
        String metric = "decode.throughput.value";
        Measurement base = singleValued(metric, "tokens/s", 100, 101, 99, 100, 100.5);
        Measurement cand = singleValued(metric, "tokens/s", 80, 81, 79, 80, 80.5);

        Comparison c = compare(metric, base, cand, DEFAULTS);

        assertThat(c.changePercent()).isCloseTo((1 - 80.1 / 100.1) * 100, within(1e-9));
        assertThat(c.verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(c.unit()).isEqualTo("tokens/s");
    }

    @Test
    void a_direction_override_reverses_the_orientation() {
        Measurement base = singleValued("custom.score", "", 100, 101, 99, 100, 100.5);
        Measurement cand = singleValued("custom.score", "", 80, 81, 79, 80, 80.5);
        ComparisonSettings higherIsBetter = new ComparisonSettings(5, 0.95, 2000, 1,
                Map.of("custom.score", Direction.HIGHER_IS_BETTER));

        assertThat(compare("custom.score", base, cand, DEFAULTS).verdict()).isEqualTo(Verdict.IMPROVED);
        assertThat(compare("custom.score", base, cand, higherIsBetter).verdict()).isEqualTo(Verdict.REGRESSED);
    }

    @Test
    void the_statistic_is_computed_over_the_pooled_samples() {
        String metric = "decode.latency.p90";
        Measurement base = new Measurement(metric, "s", List.of(9.0, 90.0),
                List.of(List.of(1.0, 2.0, 3.0, 4.0, 5.0), List.of(6.0, 7.0, 8.0, 9.0, 10.0)));
        Measurement cand = new Measurement(metric, "s", List.of(9.0, 90.0),
                List.of(List.of(1.0, 2.0, 3.0, 4.0, 5.0), List.of(6.0, 7.0, 8.0, 9.0, 20.0)));

        Comparison c = compare(metric, base, cand, DEFAULTS);

        assertThat(c.baselineValue()).isCloseTo(9.1, within(1e-12));
        assertThat(c.candidateValue()).isCloseTo(10.1, within(1e-12));
        assertThat(c.changePercent()).isCloseTo((10.1 / 9.1 - 1) * 100, within(1e-9));
        assertThat(c.baselineCv()).isCloseTo(Math.sqrt(2 * 40.5 * 40.5) / 49.5, within(1e-12));
    }

    @Test
    void the_iterations_alone_would_make_a_mean_vary_by_their_variance_within_a_round_over_their_number() {
        // rounds [1, 3] (variance 2, 2 samples) and [2, 4, 6] (variance 4, 3 samples); [5] has no variance to give
        Measurement base = new Measurement(LATENCY, "s", List.of(2.0, 4.0, 5.0),
                List.of(List.of(1.0, 3.0), List.of(2.0, 4.0, 6.0), List.of(5.0)));
        Measurement cand = new Measurement(LATENCY, "s", List.of(4.0, 4.0), List.of(List.of(4.0, 4.0), List.of(4.0, 4.0)));

        Comparison c = compare(LATENCY, base, cand, DEFAULTS);

        assertThat(c.baselineIterationCv()).isCloseTo(Math.sqrt((2.0 / 2 + 4.0 / 3) / 2) / 3.5, within(1e-12));
        assertThat(c.candidateIterationCv()).isZero();
    }

    @Test
    void only_a_mean_of_iterations_has_a_share_of_noise_from_its_iterations() {
        List<List<Double>> rounds = List.of(List.of(1.0, 1.2), List.of(1.1, 1.3), List.of(0.9, 1.0));
        List<Double> values = List.of(1.1, 1.2, 0.95);
        List<List<Double>> single = List.of(List.of(1.0), List.of(1.1), List.of(1.2));

        assertThat(compare("decode.latency.p90", new Measurement("decode.latency.p90", "s", values, rounds),
                new Measurement("decode.latency.p90", "s", values, rounds), DEFAULTS).baselineIterationCv()).isNaN();
        assertThat(compare("decode.latency.total", new Measurement("decode.latency.total", "s", values, rounds),
                new Measurement("decode.latency.total", "s", values, rounds), DEFAULTS).baselineIterationCv()).isNaN();
        assertThat(compare(LATENCY, new Measurement(LATENCY, "s", List.of(1.0, 1.1, 1.2), single),
                new Measurement(LATENCY, "s", List.of(1.0, 1.1, 1.2), single), DEFAULTS).candidateIterationCv()).isNaN();
    }

    @Test
    void processes_that_ran_at_different_speeds_put_the_noise_between_processes() {
        Measurement steadyBase = lognormal(LATENCY, 1.0, 0.03, 0, 5, 50, 1);
        Measurement steadyCand = lognormal(LATENCY, 1.0, 0.03, 0, 5, 50, 2);
        Measurement unsteadyBase = lognormal(LATENCY, 1.0, 0.03, 0.10, 5, 50, 1);
        Measurement unsteadyCand = lognormal(LATENCY, 1.0, 0.03, 0.10, 5, 50, 2);

        Comparison steady = compare(LATENCY, steadyBase, steadyCand, DEFAULTS);
        Comparison unsteady = compare(LATENCY, unsteadyBase, unsteadyCand, DEFAULTS);

        assertThat(steady.baselineIterationCv()).isCloseTo(0.03 / Math.sqrt(50), within(0.001));
        assertThat(steady.noiseIsBetweenProcesses()).isFalse();
        assertThat(unsteady.baselineIterationCv()).isCloseTo(0.03 / Math.sqrt(50), within(0.001));
        assertThat(unsteady.baselineCv()).isGreaterThan(0.04);
        assertThat(unsteady.noiseIsBetweenProcesses()).isTrue();
    }

    @Test
    void a_latency_total_is_compared_as_the_round_totals_not_as_the_mean_latency() {
        String metric = "decode.latency.total";
        List<List<Double>> sameIterations = List.of(List.of(1.0, 1.02), List.of(0.99, 1.0), List.of(1.01, 1.0));
        Measurement base = new Measurement(metric, "s", List.of(10.0, 10.1, 9.9), sameIterations);
        Measurement cand = new Measurement(metric, "s", List.of(12.0, 12.1, 11.9), sameIterations);

        Comparison c = compare(metric, base, cand, DEFAULTS);

        assertThat(c.baselineValue()).isCloseTo(10.0, within(1e-12));
        assertThat(c.candidateValue()).isCloseTo(12.0, within(1e-12));
        assertThat(c.changePercent()).isCloseTo(20.0, within(1e-9));
        assertThat(c.verdict()).isEqualTo(Verdict.REGRESSED);
    }

    @Test
    void a_mean_is_a_t_interval_of_the_log_ratio_with_the_rounds_of_both_commits_as_degrees_of_freedom() {
        // the rounds' relative variances add up (1.333e-4 + 1.102e-4); t(0.975, 3 + 3 - 2 = 4) = 2.7764
        Measurement base = singleValued("load.memory.max_ram", "MB", 100, 102, 98);
        Measurement cand = singleValued("load.memory.max_ram", "MB", 110, 112, 108);

        Comparison c = compare("load.memory.max_ram", base, cand, DEFAULTS);

        assertThat(c.changePercent()).isCloseTo(10.0, within(1e-9));
        assertThat(c.lowerPercent()).isCloseTo(5.33576787, within(1e-6));
        assertThat(c.upperPercent()).isCloseTo(14.87076275, within(1e-6));
        assertThat(c.confidence()).isCloseTo(0.95, within(1e-12));
        assertThat(c.verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(c.gate()).isEqualTo(Gate.FAIL);
    }

    @Test
    void a_drift_common_to_both_commits_is_removed_from_the_spread_from_four_rounds_on() {
        // both commits drift by 1% per round, the candidate is 10% slower in every round
        Measurement base = singleValued("load.memory.max_ram", "MB", 100, 101, 102.01, 103.0301);
        Measurement cand = singleValued("load.memory.max_ram", "MB", 110, 111.1, 112.211, 113.33311);
        Measurement base3 = singleValued("load.memory.max_ram", "MB", 100, 101, 102);
        Measurement cand3 = singleValued("load.memory.max_ram", "MB", 110, 111.1, 112.2);

        Comparison four = compare("load.memory.max_ram", base, cand, DEFAULTS);
        Comparison three = compare("load.memory.max_ram", base3, cand3, DEFAULTS);

        assertThat(four.lowerPercent()).isCloseTo(10, within(1e-6));
        assertThat(four.upperPercent()).isCloseTo(10, within(1e-6));
        assertThat(three.upperPercent() - three.lowerPercent()).as("kept with 3 rounds").isGreaterThan(4);
    }

    @Test
    void a_percentile_uses_a_bootstrap_of_whole_rounds_seeded_so_that_the_same_inputs_give_the_same_interval() {
        String metric = "decode.latency.p90";
        Measurement base = lognormal(metric, 1.0, 0.05, 0.02, 6, 30, 1);
        Measurement cand = lognormal(metric, 1.05, 0.05, 0.02, 6, 30, 2);
        ComparisonSettings otherSeed = new ComparisonSettings(5, 0.95, 2000, 42, Map.of());

        Comparison first = compare(metric, base, cand, DEFAULTS);

        assertThat(compare(metric, base, cand, DEFAULTS)).isEqualTo(first);
        Comparison reseeded = compare(metric, base, cand, otherSeed);
        assertThat(reseeded.lowerPercent()).isNotEqualTo(first.lowerPercent()).isCloseTo(first.lowerPercent(), within(1.0));
        assertThat(reseeded.changePercent()).isEqualTo(first.changePercent());
        assertThat(compare(LATENCY, base, cand, otherSeed).lowerPercent()).as("a mean needs no bootstrap")
                .isEqualTo(compare(LATENCY, base, cand, DEFAULTS).lowerPercent());
    }

    @Test
    void later_looks_of_adaptive_rounds_are_wider_and_say_their_confidence() {
        Measurement base = lognormal(LATENCY, 1.0, 0.05, 0.02, 6, 30, 1);
        Measurement cand = lognormal(LATENCY, 1.0, 0.05, 0.02, 6, 30, 2);

        Comparison single = compare(LATENCY, base, cand, DEFAULTS.withLooks(6, 6));
        Comparison firstLook = compare(LATENCY, base, cand, DEFAULTS.withLooks(6, 10));
        Comparison laterLook = compare(LATENCY, base, cand, DEFAULTS.withLooks(3, 10));

        assertThat(firstLook).isEqualTo(single);
        assertThat(single.confidence()).isCloseTo(0.95, within(1e-12));
        assertThat(laterLook.confidence()).isGreaterThan(0.95);
        assertThat(laterLook.lowerPercent()).isLessThan(single.lowerPercent());
        assertThat(laterLook.upperPercent()).isGreaterThan(single.upperPercent());
    }

    @Test
    void more_confidence_gives_a_wider_interval() {
        Measurement base = lognormal(LATENCY, 1.0, 0.05, 0.02, 10, 30, 1);
        Measurement cand = lognormal(LATENCY, 1.0, 0.05, 0.02, 10, 30, 2);

        Comparison c95 = compare(LATENCY, base, cand, DEFAULTS);
        Comparison c80 = compare(LATENCY, base, cand, new ComparisonSettings(5, 0.80, 2000, DEFAULTS.seed(), Map.of()));

        assertThat(c80.lowerPercent()).isGreaterThan(c95.lowerPercent());
        assertThat(c80.upperPercent()).isLessThan(c95.upperPercent());
    }

    @Test
    void one_round_cannot_measure_the_round_to_round_noise_so_the_interval_is_unbounded() {
        Measurement base = lognormal(LATENCY, 1.0, 0.02, 0, 1, 30, 1);
        Measurement cand = lognormal(LATENCY, 1.5, 0.02, 0, 1, 30, 2);

        Comparison c = compare(LATENCY, base, cand, DEFAULTS);

        assertThat(c.baselineCv()).isNaN();
        assertThat(c.changePercent()).isCloseTo(50, within(3.0));
        assertThat(c.lowerPercent()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(c.upperPercent()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(c.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(c.gate()).isEqualTo(Gate.INCONCLUSIVE);
        assertThat(c.baselineRounds()).isEqualTo(1);
    }

    @Test
    void a_commit_without_samples_is_rejected_with_what_to_check() {
        Measurement empty = new Measurement(LATENCY, "s", List.of(1.0), List.of(List.of()));
        Measurement cand = lognormal(LATENCY, 1.0, 0.02, 0, 3, 10, 2);

        assertThatIllegalArgumentException().isThrownBy(() -> compare(LATENCY, empty, cand, DEFAULTS))
                .withMessage("Cannot compare metric [decode.latency.mean]: commit main@1a2b3c4 has no samples; "
                        + "check that its runs succeeded and that the reports contain this metric.");
    }

    @Test
    void a_zero_baseline_is_rejected_because_a_relative_change_is_undefined() {
        Measurement zero = singleValued("load.memory.max_vram", "MB", 0, 0, 0);
        Measurement cand = singleValued("load.memory.max_vram", "MB", 1, 1, 1);

        assertThatIllegalArgumentException().isThrownBy(() -> compare("load.memory.max_vram", zero, cand, DEFAULTS))
                .withMessage("Cannot compare metric [load.memory.max_vram]: the baseline main@1a2b3c4 has mean of the round values 0, "
                        + "so a relative change is undefined; leave this metric out of the plan's metrics.");
    }

    @Test
    void settings_reject_bad_values_with_what_to_use() {
        assertThatIllegalArgumentException().isThrownBy(() -> ComparisonSettings.defaults().withThreshold(-1))
                .withMessage("thresholdPercent must be a positive percentage, e.g. 5, but was [-1.0].");
        assertThatIllegalArgumentException().isThrownBy(() -> new ComparisonSettings(5, 95, 2000, 1, Map.of()))
                .withMessage("confidence must lie between 0 and 1 (exclusive) but was [95.0]; use e.g. 0.95 for 95%.");
        assertThatIllegalArgumentException().isThrownBy(() -> new ComparisonSettings(5, 0.95, 100, 1, Map.of()))
                .withMessage("resamples must be at least 2000 but was [100]; fewer make the interval's ends too noisy.");
        assertThatIllegalArgumentException().isThrownBy(() -> ComparisonSettings.defaults().withLooks(3, 2))
                .withMessage("rounds must be at least 1 and maxRounds at least rounds but were [3, 2]; use e.g. 3 and 10.");
    }
}
