package dev.commitbench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EditDistanceTests {

    @Test
    void counts_insertions_deletions_and_substitutions() {
        assertThat(EditDistance.between("--commits", "--commit")).isEqualTo(1);
        assertThat(EditDistance.between("kitten", "sitting")).isEqualTo(3);
        assertThat(EditDistance.between("", "abc")).isEqualTo(3);
        assertThat(EditDistance.between("main", "main")).isZero();
    }

    @Test
    void suggests_within_a_third_of_the_input_and_at_least_two() {
        assertThat(EditDistance.suggestionLimit("ab")).isEqualTo(2);
        assertThat(EditDistance.suggestionLimit("--metrics-x")).isEqualTo(3);
    }
}
