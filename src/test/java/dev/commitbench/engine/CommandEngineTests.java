package dev.commitbench.engine;

import dev.commitbench.testing.Processes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.commitbench.Commit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.commons.PreconditionViolationException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Verifies that {@link CommandEngine} times any command and writes optimum-benchmark's report shape. */
class CommandEngineTests {

    private static final Commit COMMIT = new Commit("89abcdef0123456789abcdef0123456789abcdef", "HEAD");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private Path workspace;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @BeforeEach
    void createWorkspace() throws IOException {
        workspace = Files.createDirectories(dir.resolve("workspace"));
    }

    /** A script in the workspace; {@code $n} is its call number (1, 2, ...), counted in the file {@code calls}. */
    private void script(String name, String body) throws IOException {
        Path script = workspace.resolve(name);
        Files.writeString(script, "#!/bin/sh\nn=$(( $(cat calls 2>/dev/null || echo 0) + 1 ))\necho $n > calls\n"
                + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private RunRequest request(List<String> overrides, Duration timeout) {
        return new RunRequest(COMMIT, workspace, dir.resolve("out/run"), null, null, overrides, List.of(), Map.of(),
                timeout, lines::add);
    }

    private JsonNode json(String file) {
        return JSON.readTree(dir.resolve("out/run").resolve(file).toFile());
    }

    @Test
    void runsWarmupsThenTimedIterationsEachOneProcess() throws Exception {
        script("bench.sh", "echo \"call $n\"\nsleep 0.1");

        RunOutcome outcome = new CommandEngine(List.of("./bench.sh"), 2, 3).run(request(List.of(), Duration.ofSeconds(30)));

        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(workspace.resolve("calls")).hasContent("5");
        assertThat(lines).containsExactly("call 1", "call 2", "call 3", "call 4", "call 5");
        String exited = "(commitbench: exit code 0 after ms)";
        assertThat(Files.readAllLines(outcome.log())).as("each process's output closed by its exit code and wall time")
                .map(line -> line.replaceAll("after \\d+\\.\\d{3} ms", "after ms"))
                .containsExactly("# warm-up 1/2", "call 1", exited, "# warm-up 2/2", "call 2", exited, "# iteration 1/3",
                        "call 3", exited, "# iteration 2/3", "call 4", exited, "# iteration 3/3", "call 5", exited);
        JsonNode latency = json("benchmark_report.json").path("call").path("latency");
        assertThat(latency.path("unit").asString()).isEqualTo("s");
        assertThat(latency.path("count").asInt()).isEqualTo(3);
        assertThat(latency.path("values")).hasSize(3).allSatisfy(v -> assertThat(v.asDouble()).isBetween(0.1, 5.0));
        assertThat(outcome.wallTime()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }

    @Test
    void writesOptimumBenchmarksLayoutWithTheStatistics() throws Exception {
        script("bench.sh", "echo 'working...'\necho \"{\\\"latency\\\": $n, \\\"tokens\\\": 64, \\\"kind\\\": \\\"x\\\"}\"");

        RunOutcome outcome = new CommandEngine(List.of("./bench.sh", "${size}"), 0, 4)
                .run(request(List.of("size=10", "backend.device=cpu"), Duration.ofSeconds(30)));

        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        Path run = dir.resolve("out/run");
        assertThat(run.resolve(".hydra/overrides.yaml")).hasContent("- size=10\n- backend.device=cpu");
        JsonNode config = json("benchmark_config.json");
        assertThat(config.path("name").asString()).isEqualTo("command");
        assertThat(config.path("backend").path("model").asString()).isEqualTo("./bench.sh ${size}");
        assertThat(config.path("backend").path("device").asString()).isEqualTo("cpu");
        assertThat(config.path("size").isNumber()).isTrue();
        assertThat(config.path("scenario").path("iterations").asInt()).isEqualTo(4);
        JsonNode report = json("benchmark_report.json");
        assertThat(report.propertyNames()).containsExactly("call");
        JsonNode latency = report.path("call").path("latency");
        assertThat(latency.propertyNames()).containsExactly(
                "unit", "values", "count", "total", "mean", "p50", "p90", "p95", "p99", "stdev", "stdev_");
        assertThat(latency.path("values").values().stream().map(JsonNode::asDouble)).containsExactly(1.0, 2.0, 3.0, 4.0);
        assertThat(latency.path("total").asDouble()).isEqualTo(10.0);
        assertThat(latency.path("mean").asDouble()).isEqualTo(2.5);
        assertThat(latency.path("p50").asDouble()).isEqualTo(2.5);
        assertThat(latency.path("p90").asDouble()).isCloseTo(3.7, within(1e-9));
        assertThat(latency.path("p99").asDouble()).isCloseTo(3.97, within(1e-9));
        assertThat(latency.path("stdev").asDouble()).isCloseTo(Math.sqrt(1.25), within(1e-9));
        assertThat(latency.path("stdev_").asDouble()).isCloseTo(Math.sqrt(1.25) / 2.5 * 100, within(1e-9));
        assertThat(report.path("call").path("throughput").path("unit").asString()).isEqualTo("calls/s");
        assertThat(report.path("call").path("throughput").path("value").asDouble()).isEqualTo(0.4);
        assertThat(report.path("call").path("memory").isNull()).isTrue();
        assertThat(report.path("call").path("tokens").path("values")).hasSize(4);
        assertThat(report.path("call").path("tokens").path("mean").asDouble()).isEqualTo(64.0);
        assertThat(report.path("call").has("kind")).isFalse();
        JsonNode benchmark = json("benchmark.json");
        assertThat(benchmark.path("config")).isEqualTo(config);
        assertThat(benchmark.path("report")).isEqualTo(report);
    }

    @Test
    void aPrintedThroughputReplacesTheComputedOne() throws Exception {
        script("bench.sh", "echo '{\"throughput\": 812.5}'");

        new CommandEngine(List.of("./bench.sh"), 0, 2).run(request(List.of(), Duration.ofSeconds(30)));

        JsonNode throughput = json("benchmark_report.json").path("call").path("throughput");
        assertThat(throughput.path("unit").isNull()).isTrue();
        assertThat(throughput.path("value").asDouble()).isEqualTo(812.5);
    }

    @Test
    void expandsWorkspaceShaRefAndSweepKeys() throws Exception {
        script("bench.sh", "echo \"$@\" > args");

        RunOutcome outcome = new CommandEngine(List.of("${workspace}/bench.sh", "${sha}", "${ref}", "${size}",
                "${backend.model}", "${unknown}"), 0, 1)
                .run(request(List.of("size=10", "+backend.model=gpt2"), Duration.ofSeconds(30)));

        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(workspace.resolve("args")).hasContent(COMMIT.sha() + " HEAD 10 gpt2 ${unknown}");
        assertThat(json("benchmark_config.json").path("backend").path("model").asString()).isEqualTo("gpt2");
    }

    @Test
    void aFailingIterationFailsTheRunWithTheLastLines() throws Exception {
        script("bench.sh", "if [ $n -eq 3 ]; then echo 'boom: out of memory' >&2; exit 3; fi\necho ok");

        RunOutcome outcome = new CommandEngine(List.of("./bench.sh"), 1, 5).run(request(List.of(), Duration.ofSeconds(30)));

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(outcome.lastLines()).endsWith("# iteration 2/5", "boom: out of memory");
        assertThat(outcome.message())
                .startsWith("command failed with exit code 3: boom: out of memory\nRun directory: " + dir.resolve("out/run")
                        + "\nCommand: " + workspace.resolve("bench.sh"))
                .contains("  boom: out of memory");
        assertThat(workspace.resolve("calls")).hasContent("3");
        assertThat(dir.resolve("out/run/benchmark_config.json")).exists();
        assertThat(dir.resolve("out/run/benchmark_report.json")).doesNotExist();
    }

    @Test
    void exitTwoIsAFailedRunNotAUsageError() throws Exception {
        script("bench.sh", "exit 2");

        RunOutcome outcome = new CommandEngine(List.of("./bench.sh"), 0, 1).run(request(List.of(), Duration.ofSeconds(30)));

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.message()).startsWith("command failed with exit code 2");
    }

    @Test
    void theTimeoutCoversTheWholeRunAndKillsTheProcessTree() throws Exception {
        script("bench.sh", "if [ $n -ge 3 ]; then sleep 60 & echo $! > child.pid; wait; fi");

        RunOutcome outcome = new CommandEngine(List.of("./bench.sh"), 1, 3).run(request(List.of(), Duration.ofMillis(800)));

        assertThat(outcome.timedOut()).isTrue();
        assertThat(outcome.exitCode()).isEqualTo(-1);
        assertThat(outcome.message()).startsWith("command timed out after 0.8 s; its whole process tree was killed."
                + " Raise the `timeout` setting if runs need longer.\nRun directory: " + dir.resolve("out/run") + "\n");
        assertThat(outcome.lastLines()).contains("# iteration 2/3");
        Processes.assertGone(List.of(Long.valueOf(Files.readString(workspace.resolve("child.pid")).trim())));
    }

    @Test
    void aMissingCommandSaysWhichSettingToFix() {
        CommandEngine engine = new CommandEngine(List.of("no-such-benchmark-command", "x"), 0, 1);
        RunRequest request = new RunRequest(COMMIT, workspace, dir.resolve("out/run"), null, null, List.of(),
                List.of(), Map.of("PATH", dir.toString()), Duration.ofSeconds(5), null);

        assertThatThrownBy(() -> engine.run(request))
                .isInstanceOf(EngineNotFoundException.class)
                .hasMessage("Executable [no-such-benchmark-command] not found on the PATH (" + dir + "). Check the"
                        + " `command` setting (configuration parameter `commitbench.command`): its first word must be"
                        + " an executable on the PATH or a path to one (e.g. `${workspace}/bench.sh`).");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> new CommandEngine(List.of(), 1, 1))
                .isInstanceOf(PreconditionViolationException.class)
                .hasMessage("Configuration error: the command engine's `command` must be one or more non-blank words"
                        + " (e.g. [sh, ${workspace}/bench.sh, ${size}]) but was [].");
        assertThatThrownBy(() -> new CommandEngine(List.of("true"), -1, 1))
                .hasMessage("Configuration error: the command engine's `warmups` must be 0 or more but was [-1].");
        assertThatThrownBy(() -> new CommandEngine(List.of("true"), 0, 0))
                .hasMessage("Configuration error: the command engine's `iterations` must be 1 or more but was [0].");
    }
}
