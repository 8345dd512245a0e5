package dev.commitbench.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.Commit;
import dev.commitbench.Comparison;
import dev.commitbench.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VerdictsTests {

    @ParameterizedTest(name = "[{0}, {1}] with t={2} -> {3}")
    @CsvSource({
        "5.1, 9, 5, REGRESSED",
        "5, 9, 5, INCONCLUSIVE",
        "-9, -5.1, 5, IMPROVED",
        "-9, -5, 5, INCONCLUSIVE",
        "-4.9, 4.9, 5, UNCHANGED",
        "-4.9, 5, 5, INCONCLUSIVE",
        "-6, 6, 5, INCONCLUSIVE",
        "2, 8, 5, INCONCLUSIVE",
        "0, 0, 0, INCONCLUSIVE",
        "0.1, 0.2, 0, REGRESSED",
    })
    void decides_from_where_the_interval_lies_relative_to_the_threshold(double lower, double upper, double t,
            Verdict expected) {
        assertThat(Verdicts.decide(lower, upper, t)).isEqualTo(expected);
    }

    @Test
    void re_deciding_with_another_threshold_keeps_everything_else() {
        Commit main = new Commit("a".repeat(40), "main");
        Commit head = new Commit("b".repeat(40), "HEAD");
        Comparison c = new Comparison("gpt2", "", "decode.latency.mean", "s", main, head, 1.0, 1.08, 8, 6, 10, 0.95,
                5, Verdict.REGRESSED, 0.01, 0.02, 2, 3, 3);

        Comparison relaxed = Verdicts.withThreshold(c, 7);

        assertThat(relaxed.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(relaxed.thresholdPercent()).isEqualTo(7);
        assertThat(Verdicts.withThreshold(relaxed, 5)).isEqualTo(c);
    }
}
