package dev.commitbench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Verifies that placeholders expand, that {@code $${NAME}} stays literal, and that unknown names are found with a suggestion. */
class PlaceholdersTests {

    @Test
    void expandsKnownNamesAndKeepsTheEscapedOnesLiteral() {
        assertThat(Placeholders.expand("sh ${workspace}/bench.sh ${size} $${HOME} ${other}",
                Map.of("workspace", "/w", "size", "small", "HOME", "never")))
                .isEqualTo("sh /w/bench.sh small ${HOME} ${other}");
    }

    @Test
    void namesLeaveTheEscapedOnesOut() {
        assertThat(Placeholders.names("${a} $${b} x${c}y")).containsExactly("a", "c");
    }

    @Test
    void anUnknownNameIsNamedWithTheClosestKnownOne() {
        assertThat(Placeholders.unknown("--command", "sh ./bench.sh ${sizee}", List.of("workspace", "sha", "ref", "size")))
                .contains("--command has an unknown placeholder ${sizee} in [sh ./bench.sh ${sizee}]. Did you mean"
                        + " ${size}? The placeholders are ${workspace}, ${sha}, ${ref}, ${size}; write a shell variable as"
                        + " $NAME or $${NAME}");
        assertThat(Placeholders.unknown("'setup'", "echo ${PATH}", List.of("workspace", "sha", "ref")))
                .contains("'setup' has an unknown placeholder ${PATH} in [echo ${PATH}]. The placeholders are"
                        + " ${workspace}, ${sha}, ${ref}; write a shell variable as $NAME or $${NAME}");
        assertThat(Placeholders.unknown("'setup'", "echo $${PATH} ${sha}", List.of("workspace", "sha", "ref"))).isEmpty();
        assertThat(Placeholders.unknown("'setup'", null, List.of("sha"))).isEmpty();
    }
}
