package dev.commitbench.bisect;

import static dev.commitbench.bisect.SimulatedHistory.commit;
import static dev.commitbench.bisect.SimulatedHistory.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

import dev.commitbench.Commit;
import dev.commitbench.Comparison;
import dev.commitbench.Verdict;
import dev.commitbench.stats.ComparisonSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BisectSearchTests {

    private static final String LATENCY = "decode.latency.mean";
    private static final BisectSettings SETTINGS = BisectSettings.of(LATENCY).withUnit("s");
    private static final int COMMITS = 65;

    private static BisectResult bisect(double[] levels, long seed, BisectSettings settings) {
        return bisect(new SimulatedHistory(levels, SimulatedHistory.Noise.target(), seed), levels.length, settings);
    }

    private static BisectResult bisect(SimulatedHistory history, int commits, BisectSettings settings) {
        BisectResult result = BisectSearch.over(path(commits), settings).run(history);
        assertThat(result.engineRuns()).isEqualTo(history.runs()).isEqualTo(result.measurements().size());
        assertThat(result.commitsMaterialized())
                .isEqualTo((int) result.measurements().stream().map(BisectResult.Run::index).distinct().count());
        return result;
    }

    @Test
    void finds_a_single_step_and_confirms_it_against_its_parent() {
        BisectResult result = bisect(SimulatedHistory.step(COMMITS, 37, 0.10), 1, SETTINGS);

        assertThat(result.kind()).isEqualTo(BisectResult.Kind.SINGLE_STEP);
        assertThat(result.culprit()).isEqualTo(commit(37));
        assertThat(result.steps()).containsExactly(commit(37));
        assertThat(result.range()).isEmpty();
        assertThat(result.probability()).isGreaterThanOrEqualTo(0.95);
        assertThat(result.candidates().get(0).commit()).isEqualTo(commit(37));
        assertThat(result.confirmations()).singleElement().satisfies(c -> {
            assertThat(c.baseline()).isEqualTo(commit(36));
            assertThat(c.candidate()).isEqualTo(commit(37));
            assertThat(c.verdict()).isEqualTo(Verdict.REGRESSED);
            assertThat(c.changePercent()).isBetween(5.0, 15.0);
        });
        assertThat(result.endToEnd().verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(result.summary()).containsPattern("^c37@1000025 is the first bad commit \\(P (= 0\\.9\\d\\d|> 0\\.999)\\)")
                .contains("): decode.latency.mean +").contains(" against its parent c36@1000024.");
        assertThat(result.engineRuns()).isLessThan(40);
        assertThat(result.commitsMaterialized()).isLessThan(15);
        assertThat(result.skipped()).isEmpty();
    }

    @Test
    void every_run_is_recorded_with_its_commit_round_role_and_samples() {
        BisectResult result = bisect(SimulatedHistory.step(COMMITS, 37, 0.10), 1, SETTINGS);

        assertThat(result.measurements()).extracting(BisectResult.Run::sequence)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, result.engineRuns()).boxed().toList());
        assertThat(result.measurements()).allSatisfy(run -> {
            assertThat(run.commit()).isEqualTo(commit(run.index()));
            assertThat(run.samples()).hasSize(10);
            assertThat(run.value()).isCloseTo(run.samples().stream().mapToDouble(Double::doubleValue).average()
                    .orElseThrow(), within(1e-15));
            assertThat(run.failure()).isNull();
        });
        Map<Integer, List<Integer>> rounds = result.measurements().stream().collect(Collectors.groupingBy(
                BisectResult.Run::index, Collectors.mapping(BisectResult.Run::round, Collectors.toList())));
        rounds.values().forEach(r -> assertThat(r).isEqualTo(
                java.util.stream.IntStream.rangeClosed(1, r.size()).boxed().toList()));
        assertThat(result.measurements().subList(0, 6)).extracting(BisectResult.Run::index, BisectResult.Run::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, Trial.Role.END),
                        org.assertj.core.groups.Tuple.tuple(64, Trial.Role.END),
                        org.assertj.core.groups.Tuple.tuple(64, Trial.Role.END),
                        org.assertj.core.groups.Tuple.tuple(0, Trial.Role.END),
                        org.assertj.core.groups.Tuple.tuple(0, Trial.Role.END),
                        org.assertj.core.groups.Tuple.tuple(64, Trial.Role.END));
        assertThat(result.estimates()).extracting(BisectResult.CommitEstimate::index).isSorted();
        assertThat(result.estimates()).filteredOn(e -> e.index() >= 37)
                .allSatisfy(e -> assertThat(e.changePercent()).isBetween(5.0, 15.0));
        assertThat(result.estimates()).filteredOn(e -> e.index() < 37 && e.index() > 0)
                .allSatisfy(e -> assertThat(e.changePercent()).isBetween(-5.0, 5.0));
        assertThat(result.estimates()).allSatisfy(e -> {
            assertThat(e.lower()).isLessThanOrEqualTo(e.value());
            assertThat(e.upper()).isGreaterThanOrEqualTo(e.value());
            assertThat(e.value()).isBetween(0.009, 0.0115);
        });
    }

    @Test
    void names_both_of_two_separate_steps() {
        double[] levels = SimulatedHistory.twoSteps(COMMITS, 20, 0.10, 45, 0.10);

        BisectResult result = bisect(levels, 2, SETTINGS);

        assertThat(result.kind()).isEqualTo(BisectResult.Kind.TWO_STEPS);
        assertThat(result.steps()).containsExactly(commit(20), commit(45));
        assertThat(result.culprit()).isEqualTo(commit(20));
        assertThat(result.confirmations()).hasSize(2);
        assertThat(result.confirmations()).extracting(Comparison::baseline, Comparison::candidate).containsExactly(
                org.assertj.core.groups.Tuple.tuple(commit(19), commit(20)),
                org.assertj.core.groups.Tuple.tuple(commit(44), commit(45)));
        assertThat(result.summary()).startsWith("Two steps (P ")
                .contains("c20@1000014 +").contains("and c45@100002d +")
                .endsWith("; the first bad commit (worse than good by more than 5%) is c20@1000014.");
    }

    @Test
    void when_only_the_second_step_crosses_the_threshold_it_is_the_culprit_and_both_are_named() {
        double[] levels = SimulatedHistory.twoSteps(COMMITS, 20, 0.04, 45, 0.10);

        BisectResult result = bisect(levels, 3, SETTINGS);

        assertThat(result.kind()).isEqualTo(BisectResult.Kind.TWO_STEPS);
        assertThat(result.steps()).containsExactly(commit(20), commit(45));
        assertThat(result.culprit()).isEqualTo(commit(45));
    }

    @Test
    void reports_a_gradual_drift_with_its_range_and_per_commit_estimates() {
        double[] levels = SimulatedHistory.drift(COMMITS, 20, 35, 0.10);

        BisectResult result = bisect(levels, 4, SETTINGS);

        assertThat(result.kind()).isEqualTo(BisectResult.Kind.DRIFT);
        assertThat(result.culprit()).isNull();
        assertThat(result.steps()).isEmpty();
        int first = SimulatedHistory.index(result.range().get(0));
        int last = SimulatedHistory.index(result.range().get(result.range().size() - 1));
        assertThat(first).isBetween(15, 21);
        assertThat(last).isBetween(34, 40);
        assertThat(result.range()).containsExactlyElementsOf(path(COMMITS).subList(first, last + 1));
        List<BisectResult.CommitEstimate> inside = result.estimates().stream()
                .filter(e -> e.index() >= 21 && e.index() < 35).toList();
        assertThat(inside).hasSizeGreaterThanOrEqualTo(3);
        assertThat(inside).allSatisfy(e -> assertThat(e.changePercent()).isBetween(-1.0, 11.0));
        assertThat(inside.get(inside.size() - 1).changePercent()).isGreaterThan(inside.get(0).changePercent() + 2);
        assertThat(result.confirmations()).singleElement()
                .satisfies(c -> assertThat(c.changePercent()).isBetween(5.0, 15.0));
        assertThat(result.summary()).startsWith("A gradual drift (P ").contains("that no single commit explains, over "
                + result.range().size() + " commits from " + result.range().get(0).displayName() + " to ")
                .endsWith("; see the per-commit estimates.");
    }

    @Test
    void skips_a_commit_that_cannot_run_and_names_it() {
        SimulatedHistory history = new SimulatedHistory(SimulatedHistory.step(COMMITS, 45, 0.10),
                SimulatedHistory.Noise.target(), 5).broken(32);

        BisectResult result = bisect(history, COMMITS, SETTINGS);

        assertThat(result.kind()).isEqualTo(BisectResult.Kind.SINGLE_STEP);
        assertThat(result.culprit()).isEqualTo(commit(45));
        assertThat(result.skipped()).singleElement().satisfies(s -> {
            assertThat(s.commit()).isEqualTo(commit(32));
            assertThat(s.index()).isEqualTo(32);
            assertThat(s.reason()).isEqualTo("exit code 1: ImportError: cannot import name 'rotary' (simulated broken build)");
        });
        assertThat(result.measurements()).filteredOn(r -> r.index() == 32)
                .hasSize(SETTINGS.skipAfterFailures())
                .allSatisfy(r -> {
                    assertThat(r.failure()).contains("simulated broken build");
                    assertThat(r.value()).isNaN();
                    assertThat(r.samples()).isEmpty();
                });
    }

    @Test
    void a_flaky_commit_is_retried_and_its_good_rounds_count() {
        SimulatedHistory history = new SimulatedHistory(SimulatedHistory.step(COMMITS, 45, 0.10),
                SimulatedHistory.Noise.target(), 6).flaky(0.5, 32, 40, 44);

        BisectResult result = bisect(history, COMMITS, SETTINGS);

        assertThat(result.kind()).isEqualTo(BisectResult.Kind.SINGLE_STEP);
        assertThat(result.culprit()).isEqualTo(commit(45));
        assertThat(result.measurements()).filteredOn(r -> r.failure() != null).isNotEmpty();
    }

    @Test
    void a_broken_parent_of_the_culprit_leaves_a_range_as_git_bisect_does() {
        SimulatedHistory history = new SimulatedHistory(SimulatedHistory.step(COMMITS, 33, 0.10),
                SimulatedHistory.Noise.target(), 7).broken(32);

        BisectResult result = bisect(history, COMMITS, SETTINGS);

        assertThat(result.kind()).isEqualTo(BisectResult.Kind.RANGE);
        assertThat(result.culprit()).isNull();
        assertThat(result.range()).containsExactly(commit(32), commit(33));
        assertThat(result.skipped()).extracting(BisectResult.Skipped::commit).containsExactly(commit(32));
        assertThat(result.confirmations()).singleElement().satisfies(c -> {
            assertThat(c.baseline()).isEqualTo(commit(31));
            assertThat(c.candidate()).isEqualTo(commit(33));
        });
        assertThat(result.summary()).startsWith("The first bad commit could be any of c32@1000020, c33@1000021 (P ")
                .contains("): c32@1000020 was skipped because it could not be measured; c33@1000021 is +");
    }

    @Test
    void a_broken_culprit_leaves_a_range_with_the_next_commit() {
        SimulatedHistory history = new SimulatedHistory(SimulatedHistory.step(COMMITS, 33, 0.10),
                SimulatedHistory.Noise.target(), 8).broken(33);

        BisectResult result = bisect(history, COMMITS, SETTINGS);

        assertThat(result.kind()).isEqualTo(BisectResult.Kind.RANGE);
        assertThat(result.range()).containsExactly(commit(33), commit(34));
    }

    @Test
    void no_regression_when_bad_is_not_worse_than_good_with_the_interval() {
        double[] flat = SimulatedHistory.step(COMMITS, 1, 0.0);

        BisectResult result = bisect(flat, 9, SETTINGS);

        assertThat(result.kind()).isEqualTo(BisectResult.Kind.NO_REGRESSION);
        assertThat(result.culprit()).isNull();
        Comparison c = result.endToEnd();
        assertThat(c.baseline()).isEqualTo(commit(0));
        assertThat(c.candidate()).isEqualTo(commit(COMMITS - 1));
        assertThat(c.upperPercent()).isLessThan(5);
        assertThat(result.confirmations()).containsExactly(c);
        assertThat(result.candidates()).isEmpty();
        assertThat(result.probability()).isZero();
        assertThat(result.summary()).isEqualTo(String.format(java.util.Locale.ROOT,
                "No regression: bad (c64@1000040) is %+.1f%% [%+.1f%%, %+.1f%%] against good (c0@1000000), below the"
                        + " threshold 5%%.", c.changePercent(), c.lowerPercent(), c.upperPercent()));
        assertThat(result.engineRuns()).isEqualTo(6);
    }

    @Test
    void a_step_smaller_than_the_threshold_is_located_but_is_no_regression() {
        BisectResult result = bisect(SimulatedHistory.step(COMMITS, 37, 0.03), 19, SETTINGS);

        assertThat(result.kind()).as(result.summary()).isEqualTo(BisectResult.Kind.NO_REGRESSION);
        assertThat(result.culprit()).isNull();
        Comparison c = result.confirmations().get(0);
        assertThat(c.candidate()).isEqualTo(commit(37));
        assertThat(c.verdict()).isEqualTo(Verdict.UNCHANGED);
        assertThat(result.summary()).startsWith("No regression beyond the threshold: the metric changes at c37@1000025 (P ")
                .endsWith(String.format(java.util.Locale.ROOT, ") by %+.1f%% [%+.1f%%, %+.1f%%] against c36@1000024, below"
                        + " the threshold 5%%.", c.changePercent(), c.lowerPercent(), c.upperPercent()));
    }

    @Test
    void no_regression_when_bad_is_faster() {
        BisectResult result = bisect(SimulatedHistory.step(COMMITS, 30, -0.10), 10, SETTINGS);

        assertThat(result.kind()).isEqualTo(BisectResult.Kind.NO_REGRESSION);
        assertThat(result.endToEnd().changePercent()).isLessThan(-5);
        assertThat(result.endToEnd().upperPercent()).isLessThan(0);
    }

    @Test
    void not_pinned_down_at_the_budget_names_the_remaining_candidates() {
        BisectResult result = bisect(SimulatedHistory.step(COMMITS, 37, 0.10), 11, SETTINGS.withMaxRuns(12));

        assertThat(result.kind()).isEqualTo(BisectResult.Kind.NOT_PINNED_DOWN);
        assertThat(result.engineRuns()).isEqualTo(12);
        assertThat(result.culprit()).isNull();
        assertThat(result.candidates()).hasSizeGreaterThan(1).extracting(BisectResult.Candidate::commit).contains(commit(37));
        assertThat(result.candidates()).extracting(BisectResult.Candidate::probability).isSortedAccordingTo(
                (a, b) -> Double.compare(b, a));
        assertThat(result.probability()).isEqualTo(result.candidates().get(0).probability()).isLessThan(0.95);
        assertThat(result.summary()).startsWith("Not pinned down within the budget of 12 engine runs: the first bad commit"
                + " is one of " + result.candidates().get(0).commit().displayName() + " (P ")
                .contains(". Bad (c64@1000040) is +");
    }

    @Test
    void finds_a_drop_of_a_metric_where_higher_is_better() {
        double[] levels = SimulatedHistory.step(COMMITS, 37, -0.10);
        BisectSettings throughput = BisectSettings.of("decode.throughput.value").withUnit("tokens/s");

        BisectResult result = bisect(levels, 12, throughput);

        assertThat(result.kind()).isEqualTo(BisectResult.Kind.SINGLE_STEP);
        assertThat(result.culprit()).isEqualTo(commit(37));
        assertThat(result.confirmations().get(0).changePercent()).isBetween(5.0, 15.0);
        assertThat(result.estimates()).filteredOn(e -> e.index() >= 37)
                .allSatisfy(e -> assertThat(e.changePercent()).isBetween(5.0, 15.0));
    }

    @Test
    void follows_the_round_value_of_a_quantile_metric_so_a_regression_in_the_tail_is_found() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(19);
        BisectSettings p95 = BisectSettings.of("decode.latency.p95").withUnit("s");
        BisectResult result = BisectSearch.over(path(COMMITS), p95).run(batch -> batch.stream().map(trial -> {
            double offset = Math.exp(0.01 * random.nextGaussian());
            List<Double> samples = new ArrayList<>();
            for (int k = 0; k < 20; k++) {
                double v = 0.010 * offset * Math.exp(0.03 * random.nextGaussian());
                samples.add(k % 10 == 9 && trial.index() >= 37 ? v * 1.3 : v);
            }
            double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double value = sorted[18] + 0.05 * (sorted[19] - sorted[18]);
            return RoundOutcome.measured(value, samples);
        }).toList());

        assertThat(result.kind()).as(result.summary()).isEqualTo(BisectResult.Kind.SINGLE_STEP);
        assertThat(result.culprit()).isEqualTo(commit(37));
        assertThat(result.confirmations().get(0).metric()).isEqualTo("decode.latency.p95");
    }

    @Test
    void batches_measure_several_commits_with_an_anchor_first_then_last() {
        BisectSearch search = BisectSearch.over(path(COMMITS), SETTINGS.withParallelism(3));
        SimulatedHistory history = new SimulatedHistory(SimulatedHistory.step(COMMITS, 37, 0.10),
                SimulatedHistory.Noise.target(), 13);
        List<List<Trial>> batches = new ArrayList<>();
        for (List<Trial> batch = search.nextBatch(); !batch.isEmpty(); batch = search.nextBatch()) {
            batches.add(batch);
            batch.forEach(t -> search.record(t, history.round(t.index())));
        }

        List<List<Trial>> searching = batches.stream()
                .filter(b -> b.stream().anyMatch(t -> t.role() == Trial.Role.SEARCH)).toList();
        assertThat(searching).hasSizeGreaterThanOrEqualTo(2);
        assertThat(searching.get(0)).extracting(Trial::role).containsExactly(Trial.Role.ANCHOR, Trial.Role.SEARCH,
                Trial.Role.SEARCH, Trial.Role.SEARCH);
        assertThat(searching.get(0).get(0).index()).isEqualTo(0);
        assertThat(searching.get(1)).extracting(Trial::role).containsExactly(Trial.Role.SEARCH, Trial.Role.SEARCH,
                Trial.Role.SEARCH, Trial.Role.ANCHOR);
        assertThat(searching.get(1).get(3).index()).isEqualTo(COMMITS - 1);
        assertThat(searching.get(0).stream().map(Trial::index).distinct().count()).isEqualTo(4);
        assertThat(search.result().culprit()).isEqualTo(commit(37));
    }

    @Test
    void an_end_that_cannot_be_measured_fails_the_bisection_with_what_went_wrong() {
        SimulatedHistory history = new SimulatedHistory(SimulatedHistory.step(COMMITS, 37, 0.10),
                SimulatedHistory.Noise.target(), 14).broken(COMMITS - 1);

        BisectResult result = bisect(history, COMMITS, SETTINGS);

        assertThat(result.kind()).isEqualTo(BisectResult.Kind.FAILED);
        assertThat(result.endToEnd()).isNull();
        assertThat(result.summary()).isEqualTo("The bad commit c64@1000040 could not be measured: 3 of its 3 runs failed"
                + " (last: exit code 1: ImportError: cannot import name 'rotary' (simulated broken build)). Bisection needs"
                + " both ends to run; check that it builds and that its report has decode.latency.mean.");
        assertThat(result.skipped()).extracting(BisectResult.Skipped::commit).containsExactly(commit(COMMITS - 1));
    }

    @Test
    void a_round_whose_samples_are_not_positive_counts_as_failed() {
        BisectSearch search = BisectSearch.over(path(3), SETTINGS);
        List<Trial> batch = search.nextBatch();

        search.record(batch.get(0), RoundOutcome.measured(0.0, List.of(0.0, 0.01)));

        assertThat(search.measurements()).singleElement().satisfies(r -> assertThat(r.failure()).isEqualTo(
                "the metric decode.latency.mean is not a positive finite number in this round (value 0.0, samples"
                        + " [0.0, 0.01])"));
    }

    @Test
    void a_long_history_is_searched_with_the_single_step_model() {
        BisectResult result = bisect(SimulatedHistory.step(1001, 700, 0.10), 17, SETTINGS);

        assertThat(result.kind()).isEqualTo(BisectResult.Kind.SINGLE_STEP);
        assertThat(result.culprit()).isEqualTo(commit(700));
        assertThat(result.engineRuns()).isLessThan(60);
    }

    @Test
    void two_commits_bisect_to_the_bad_one() {
        BisectResult result = bisect(SimulatedHistory.step(2, 1, 0.10), 15, SETTINGS);

        assertThat(result.kind()).isEqualTo(BisectResult.Kind.SINGLE_STEP);
        assertThat(result.culprit()).isEqualTo(commit(1));
        assertThat(result.probability()).isEqualTo(1.0);
    }

    @Test
    void good_and_bad_the_same_commit_is_refused() {
        Commit c = commit(3);

        assertThatIllegalArgumentException().isThrownBy(() -> BisectSearch.over(List.of(c, c), SETTINGS))
                .withMessage("The good and the bad commit are the same commit (1000003): there is nothing to bisect; give a"
                        + " good commit that is an older ancestor of bad.");
    }

    @Test
    void fewer_than_two_commits_are_refused() {
        assertThatIllegalArgumentException().isThrownBy(() -> BisectSearch.over(List.of(commit(0)), SETTINGS))
                .withMessage("Bisection needs the first-parent path from the good commit to the bad one, at least two commits"
                        + " (good first, bad last), but got 1; check that good is an ancestor of bad.");
        assertThatIllegalArgumentException().isThrownBy(() -> BisectSearch.over(List.of(), SETTINGS))
                .withMessageContaining("but got 0;");
    }

    @Test
    void a_commit_twice_on_the_path_is_refused() {
        List<Commit> path = new ArrayList<>(path(5));
        path.set(3, commit(1));

        assertThatIllegalArgumentException().isThrownBy(() -> BisectSearch.over(path, SETTINGS))
                .withMessage("Commit 1000001 appears twice on the path (positions 1 and 3); list each first-parent commit"
                        + " once, good first.");
    }

    @Test
    void settings_that_cannot_work_are_refused_with_what_to_do() {
        assertThatIllegalArgumentException().isThrownBy(() -> SETTINGS.withMaxRuns(5))
                .withMessage("maxRuns must leave room for the ends' 3 rounds each (6 runs) but was [5]; the default is 120.");
        assertThatIllegalArgumentException().isThrownBy(() -> SETTINGS.withParallelism(0))
                .withMessage("parallelism must be at least 1 (commits measured per batch) but was [0].");
        assertThatIllegalArgumentException().isThrownBy(() -> BisectSettings.of(" "))
                .withMessage("The metric to bisect must be a dotted path such as decode.latency.mean, but was [ ].");
        assertThatIllegalArgumentException().isThrownBy(() -> new BisectSettings("", "", LATENCY, "",
                ComparisonSettings.defaults(), 0.95, 100, 1, 1, 10, 10, 2, true))
                .withMessage("endRounds must be at least 2 (the noise is estimated from the ends' rounds) but was [1].");
        assertThatIllegalArgumentException().isThrownBy(() -> new BisectSettings("", "", LATENCY, "",
                ComparisonSettings.defaults(), 0.4, 100, 1, 3, 10, 10, 2, true))
                .withMessage("stopProbability must lie between 0.5 and 1 (exclusive) but was [0.4]; use e.g. 0.95.");
    }

    @Test
    void the_protocol_is_enforced_with_messages_that_say_what_to_do() {
        BisectSearch search = BisectSearch.over(path(5), SETTINGS);
        List<Trial> batch = search.nextBatch();

        assertThatIllegalStateException().isThrownBy(search::nextBatch)
                .withMessage("Record the outcome of every trial of the last batch before asking for the next; still missing: "
                        + batch.stream().map(t -> "#" + t.sequence() + " (" + t.commit().shortSha() + ")")
                                .collect(Collectors.joining(", ")) + ".");
        Trial foreign = new Trial(99, 2, commit(2), Trial.Role.SEARCH);
        assertThatIllegalArgumentException().isThrownBy(() -> search.record(foreign, RoundOutcome.failed("x")))
                .withMessage("Trial #99 (1000002) is not a trial of the last batch that awaits its outcome; record each trial"
                        + " of the batch once.");
        assertThatIllegalStateException().isThrownBy(search::result)
                .withMessage("The search is not done: run the trials of nextBatch() and record their outcomes until"
                        + " nextBatch() is empty; measurements() holds what was measured so far.");
        search.record(batch.get(0), RoundOutcome.failed("boom"));
        assertThatIllegalArgumentException().isThrownBy(() -> search.record(batch.get(0), RoundOutcome.failed("again")))
                .withMessageStartingWith("Trial #1 (1000000) is not a trial of the last batch");
        assertThatIllegalArgumentException().isThrownBy(() -> RoundOutcome.failed(" "))
                .withMessage("A failed round needs a reason for the report, e.g. the engine's exit code and last error line.");
        assertThatIllegalArgumentException().isThrownBy(() -> RoundOutcome.measured(1, List.of()))
                .withMessage("A measured round needs at least one sample; use RoundOutcome.failed(reason) for a round that"
                        + " measured nothing.");
    }

    @Test
    void the_same_outcomes_give_the_same_result() {
        double[] levels = SimulatedHistory.step(COMMITS, 21, 0.10);

        BisectResult first = bisect(levels, 16, SETTINGS);
        BisectResult second = bisect(levels, 16, SETTINGS);

        assertThat(second).isEqualTo(first);
    }
}
