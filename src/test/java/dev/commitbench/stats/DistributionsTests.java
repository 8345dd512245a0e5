package dev.commitbench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DistributionsTests {

    @ParameterizedTest(name = "t(0.975, {0}) = {1}")
    @CsvSource({"1, 12.7062047", "2, 4.30265273", "3, 3.18244631", "9, 2.26215716", "30, 2.04227246", "1000, 1.96233908"})
    void student_t_quantiles_match_the_tables(int df, double expected) {
        assertThat(Distributions.studentTQuantile(0.975, df)).isCloseTo(expected, within(1e-6));
    }

    @Test
    void normal_upper_tail_matches_the_tables() {
        assertThat(Distributions.normalUpperTail(0)).isCloseTo(0.5, within(1e-7));
        assertThat(Distributions.normalUpperTail(1.959963985)).isCloseTo(0.025, within(1e-7));
        assertThat(Distributions.normalUpperTail(5)).isCloseTo(2.8665157e-7, within(1e-12));
        assertThat(Distributions.normalUpperTail(-1.644853627)).isCloseTo(0.95, within(1e-7));
    }

    @Test
    void normal_quantiles_match_the_tables() {
        assertThat(Distributions.normalQuantile(0.975)).isCloseTo(1.959964, within(1e-5));
        assertThat(Distributions.normalQuantile(0.95)).isCloseTo(1.644854, within(1e-5));
    }

    @Test
    void a_single_look_or_the_first_look_allows_half_the_confidences_complement_on_each_side() {
        assertThat(SequentialBoundary.alpha(0.95, 3, 3, 3)).isEqualTo(0.025, within(1e-12));
        assertThat(SequentialBoundary.alpha(0.95, 3, 10, 3)).isEqualTo(0.025, within(1e-12));
        assertThat(SequentialBoundary.alpha(0.99, 5, 5, 7)).isEqualTo(0.005, within(1e-12));
    }

    @Test
    void later_looks_are_stricter_than_the_first_and_rounds_outside_the_design_are_clamped() {
        double[] levels = SequentialBoundary.levels(0.025, 3, 10);

        assertThat(levels).hasSize(8);
        assertThat(levels[0]).isEqualTo(0.025);
        for (int k = 1; k < levels.length; k++) {
            assertThat(levels[k]).as("look %d", k + 1).isLessThan(0.025).isGreaterThan(0.0005);
        }
        assertThat(SequentialBoundary.alpha(0.95, 3, 10, 12)).isEqualTo(SequentialBoundary.alpha(0.95, 3, 10, 10));
        assertThat(SequentialBoundary.alpha(0.95, 3, 10, 1)).isEqualTo(0.025, within(1e-12));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // two equally spaced looks at one-sided 2.5% overall (two-sided 5%), from the published tables:
        // Pocock's constant boundary 2.178, O'Brien and Fleming's 2.797 then 1.977
        "Pocock, 2.178, 2.178",
        "O'Brien-Fleming, 2.797, 1.977"})
    void the_boundaries_match_the_published_two_look_designs(String design, double z1, double z2) {
        double first = Distributions.normalUpperTail(z1);

        double[] z = SequentialBoundary.boundaries(new double[] {0.5, 1}, new double[] {first, 0.025});

        assertThat(z[0]).isCloseTo(z1, within(1e-6));
        assertThat(z[1]).isCloseTo(z2, within(2e-3));
    }
}
