package dev.commitbench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.commitbench.Comparison;
import dev.commitbench.Verdict;
import dev.commitbench.junit.DirectionOverrideTestCases.BadDirection;
import dev.commitbench.junit.DirectionOverrideTestCases.FromConfiguration;
import dev.commitbench.junit.DirectionOverrideTestCases.HigherLatencyIsBetter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies that a direction override reaches the comparison end to end (annotation or configuration
 * parameter, plan, session): a 50% slower latency is REGRESSED by default and IMPROVED when higher is
 * declared better.
 */
class DirectionOverrideTests {

    @TempDir
    Path temp;

    @BeforeEach
    void reset() {
        DirectionOverrideTestCases.REPORTS.clear();
    }

    private Comparison onlyComparison() {
        assertThat(DirectionOverrideTestCases.REPORTS).hasSize(1);
        assertThat(DirectionOverrideTestCases.REPORTS.get(0).comparisons()).hasSize(1);
        return DirectionOverrideTestCases.REPORTS.get(0).comparisons().get(0);
    }

    @Test
    void without_an_override_a_slower_latency_is_regressed() {
        new BenchmarkTestKit(temp).repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.SLOWER)
                .execute(FromConfiguration.class).testEvents().assertStatistics(stats -> stats.succeeded(1));

        assertThat(onlyComparison().verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(onlyComparison().changePercent()).isPositive();
    }

    @Test
    void the_annotations_directions_turn_the_regression_into_an_improvement() {
        new BenchmarkTestKit(temp).repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.SLOWER)
                .execute(HigherLatencyIsBetter.class).testEvents().assertStatistics(stats -> stats.succeeded(1));

        assertThat(onlyComparison().verdict()).isEqualTo(Verdict.IMPROVED);
        assertThat(onlyComparison().changePercent()).isNegative();
    }

    @Test
    void the_configuration_parameter_turns_the_regression_into_an_improvement() {
        new BenchmarkTestKit(temp).repository(BenchmarkTestKit.STEADY, BenchmarkTestKit.SLOWER)
                .set("commitbench.directions", "my.metric=lower, decode.latency.mean=higher")
                .execute(FromConfiguration.class).testEvents().assertStatistics(stats -> stats.succeeded(1));

        assertThat(onlyComparison().verdict()).isEqualTo(Verdict.IMPROVED);
    }

    @Test
    void a_bad_direction_fails_the_container_naming_the_entry() {
        new BenchmarkTestKit(temp).execute(BadDirection.class).allEvents().assertThatEvents().haveExactly(1,
                event(container(), finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(
                        "Configuration error: @BenchmarkAcrossCommits on method [BadDirection#decoding()] has an invalid "
                                + "entry in 'directions' (or commitbench.directions): a direction must be METRIC=higher "
                                + "or METRIC=lower, e.g. decode.throughput.value=higher, but was "
                                + "[decode.latency.mean=faster]."))));
    }

    @Test
    void a_bad_configuration_parameter_is_named_too() {
        new BenchmarkTestKit(temp).set("commitbench.directions", "decode.latency.mean")
                .execute(FromConfiguration.class).allEvents().assertThatEvents().haveExactly(1,
                        event(container(), finishedWithFailure(message(m -> m.endsWith(
                                "has an invalid entry in 'directions' (or commitbench.directions): a direction must be "
                                        + "METRIC=higher or METRIC=lower, e.g. decode.throughput.value=higher, but was "
                                        + "[decode.latency.mean].")))));
    }
}
