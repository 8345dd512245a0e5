package dev.commitbench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Verifies that the descriptive verdict and the one-sided gate are decided from the same interval and agree. */
class VerdictAndGateTests {

    private static final Commit MAIN = new Commit("a".repeat(40), "main");
    private static final Commit HEAD = new Commit("b".repeat(40), "HEAD");

    private static Comparison comparison(double change, double lower, double upper, double t) {
        return new Comparison("gpt2", "", "decode.latency.mean", "s", MAIN, HEAD, 1.0, 1 + change / 100, change, lower,
                upper, 0.95, t, Verdict.of(lower, upper, t), 0.01, 0.02, Double.NaN, Double.NaN, (upper - lower) / 2, 3, 3);
    }

    @ParameterizedTest(name = "[{0}, {1}] with t={2} -> {3}, gate {4}")
    @CsvSource({
        "5.1, 9, 5, REGRESSED, FAIL",
        "5, 9, 5, INCONCLUSIVE, INCONCLUSIVE",
        "-9, -5.1, 5, IMPROVED, PASS",
        "-9, -5, 5, INCONCLUSIVE, PASS",
        "-4.9, 4.9, 5, UNCHANGED, PASS",
        "-4.9, 5, 5, INCONCLUSIVE, INCONCLUSIVE",
        "-6, 6, 5, INCONCLUSIVE, INCONCLUSIVE",
        "-13.1, 7.1, 10, INCONCLUSIVE, PASS",
        "8.2, 34.6, 10, INCONCLUSIVE, INCONCLUSIVE",
        "2, 8, 5, INCONCLUSIVE, INCONCLUSIVE",
        "0, 0, 0, INCONCLUSIVE, INCONCLUSIVE",
        "0.1, 0.2, 0, REGRESSED, FAIL",
        "-Infinity, Infinity, 5, INCONCLUSIVE, INCONCLUSIVE",
        "NaN, NaN, 5, INCONCLUSIVE, INCONCLUSIVE",
    })
    void verdict_and_gate_are_decided_from_where_the_interval_lies(double lower, double upper, double t,
            Verdict verdict, Gate gate) {
        assertThat(Verdict.of(lower, upper, t)).isEqualTo(verdict);
        assertThat(Gate.of(lower, upper, t)).isEqualTo(gate);
        assertThat(verdict == Verdict.REGRESSED).isEqualTo(gate == Gate.FAIL);
        if (verdict == Verdict.UNCHANGED || verdict == Verdict.IMPROVED) {
            assertThat(gate).isEqualTo(Gate.PASS);
        }
    }

    @Test
    void re_deciding_with_another_threshold_keeps_everything_else() {
        Comparison c = comparison(8, 6, 10, 5);

        Comparison relaxed = c.withThreshold(7);

        assertThat(c.verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(relaxed.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(relaxed.gate()).isEqualTo(Gate.INCONCLUSIVE);
        assertThat(relaxed.thresholdPercent()).isEqualTo(7);
        assertThat(relaxed.withThreshold(5)).isEqualTo(c);
    }

    @Test
    void a_probable_regression_is_an_undecided_gate_beyond_the_threshold_with_the_interval_above_zero() {
        assertThat(comparison(21.5, 8.2, 34.6, 10).probableRegression()).isTrue();
        assertThat(comparison(7, 0.5, 13.5, 5).probableRegression()).isTrue();
        assertThat(comparison(7, -0.5, 14.5, 5).probableRegression()).as("interval reaches 0").isFalse();
        assertThat(comparison(4, 1, 7, 5).probableRegression()).as("estimate below t").isFalse();
        assertThat(comparison(8, 6, 10, 5).probableRegression()).as("decided").isFalse();
    }

    @Test
    void the_rounds_that_would_settle_a_gate_follow_the_square_root_law_and_are_empty_when_decided() {
        // arm 13.3 towards +10, room 11.5: 3 * (13.3 / 11.5)^2 = 4.01 -> 5
        assertThat(comparison(21.5, 8.2, 34.6, 10).roundsToSettle()).hasValue(5);
        // arm 6 towards +5 from +3 (upper side), room 2: 3 * 9 = 27
        assertThat(comparison(3, -3, 9, 5).roundsToSettle()).hasValue(27);
        assertThat(comparison(8, 6, 10, 5).roundsToSettle()).isEmpty();
        assertThat(comparison(5, 1, 9, 5).roundsToSettle()).as("on the threshold").isEmpty();
        assertThat(comparison(5, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 5).roundsToSettle()).isEmpty();
    }
}
