package dev.commitbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.commitbench.session.BenchmarkPlan;
import dev.commitbench.stats.Direction;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifies that {@code --direction METRIC=higher|lower} reaches the plan, and that a bad value is named. */
class CommitbenchCommandDirectionTests {

    @TempDir
    Path workingDirectory;

    private final StringWriter err = new StringWriter();

    @BeforeEach
    void configFolder() throws IOException {
        Files.createDirectories(workingDirectory.resolve("benchmark/config"));
    }

    private CommitbenchCommand command() {
        return new CommitbenchCommand(new PrintWriter(new StringWriter()), new PrintWriter(err, true), workingDirectory,
                Map.of());
    }

    @Test
    void repeated_directions_reach_the_plan_in_order() {
        var command = command();
        command.commandLine().parseArgs("--config-dir", "benchmark/config", "--config-name", "generation",
                "--direction", "decode.throughput.value=lower", "--direction=my.metric=HIGHER");

        BenchmarkPlan plan = command.plan();

        assertThat(plan.comparison().directions()).containsExactly(entry("decode.throughput.value", Direction.LOWER_IS_BETTER),
                entry("my.metric", Direction.HIGHER_IS_BETTER));
    }

    @Test
    void no_direction_leaves_the_defaults() {
        var command = command();
        command.commandLine().parseArgs("--config-dir", "benchmark/config", "--config-name", "generation");

        assertThat(command.plan().comparison().directions()).isEmpty();
    }

    @Test
    void a_bad_direction_is_a_usage_error_naming_the_value() {
        int exit = command().run("--config-dir", "benchmark/config", "--config-name", "generation",
                "--direction", "decode.latency.mean=faster");

        assertThat(exit).isEqualTo(2);
        assertThat(workingDirectory.resolve("_benchmark")).doesNotExist();
        assertThat(err.toString()).contains("Usage error: --direction: a direction must be METRIC=higher or "
                + "METRIC=lower, e.g. decode.throughput.value=higher, but was [decode.latency.mean=faster].");
    }
}
