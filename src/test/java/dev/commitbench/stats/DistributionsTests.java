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
    void the_interval_widens_with_few_rounds_and_tends_to_the_plain_percentile_one() {
        assertThat(MetricComparator.expansion(0.95, 1)).isCloseTo(9.1683, within(1e-3));
        assertThat(MetricComparator.expansion(0.95, 2)).isCloseTo(9.1683, within(1e-3));
        assertThat(MetricComparator.expansion(0.95, 3)).isCloseTo(2.6887, within(1e-3));
        assertThat(MetricComparator.expansion(0.95, 10)).isCloseTo(1.2166, within(1e-3));
        assertThat(MetricComparator.expansion(0.95, 10_000)).isCloseTo(1.0, within(1e-3));
    }
}
