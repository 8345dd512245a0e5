package dev.commitbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Verifies when {@code commitbench merge} is started in a JVM of its own with the quick compiler, and with which
 * command: the same {@code java}, options, main class and arguments, the option first. The processes themselves (the
 * exit code passed on, no process left when the first JVM is ended or killed) are in {@code ShardCommandsTests}.
 */
class MergeLauncherTests {

    private static final String JAVA = "/opt/jdk/bin/java";
    private static final String[] MERGE = {"merge", "--plan", "plan/plan.json", "--out", "run", "shard-0", "shard-1"};

    private static Optional<List<String>> command(List<String> jvmPart, String[] args, Map<String, String> env) {
        String[] line = Stream.concat(jvmPart.stream(), Stream.of(args)).toArray(String[]::new);
        return MergeLauncher.command(Optional.of(JAVA), Optional.of(line), args, env);
    }

    @Test
    void aMergeFromTheJarStartsTheSameCommandWithTheQuickCompilerFirst() {
        assertThat(command(List.of("-Xmx2g", "-Dfile.encoding=UTF-8", "-jar", "commitbench-cli.jar"), MERGE, Map.of()))
                .contains(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-Xmx2g", "-Dfile.encoding=UTF-8", "-jar",
                        "commitbench-cli.jar", "merge", "--plan", "plan/plan.json", "--out", "run", "shard-0",
                        "shard-1"));
    }

    @Test
    void aMergeFromAClassPathStartsTheSameMainClass() {
        assertThat(command(List.of("-cp", "a.jar:b.jar", "dev.commitbench.cli.CommitbenchCommand"), MERGE,
                Map.of("JAVA_TOOL_OPTIONS", "-Xss2m")))
                .contains(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-cp", "a.jar:b.jar",
                        "dev.commitbench.cli.CommitbenchCommand", "merge", "--plan", "plan/plan.json", "--out", "run",
                        "shard-0", "shard-1"));
    }

    @Test
    void argumentsThatLookLikeJvmOptionsAreTheMergesOwnAndPassedOn() {
        String[] args = {"merge", "--plan", "p.json", "-Xint", "-agentlib:x"};
        assertThat(command(List.of("-jar", "c.jar"), args, Map.of()))
                .contains(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-jar", "c.jar", "merge", "--plan", "p.json",
                        "-Xint", "-agentlib:x"));
    }

    @ParameterizedTest
    @MethodSource("otherCommands")
    void otherCommandsRunInThisJvm(List<String> args) {
        assertThat(command(List.of("-jar", "c.jar"), args.toArray(String[]::new), Map.of())).isEmpty();
    }

    static Stream<List<String>> otherCommands() {
        return Stream.of(List.of(), List.of("plan", "--shards", "4"), List.of("run-shard", "merge"),
                List.of("--commit", "main,merge"), List.of("bisect", "merge"), List.of("--help"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-XX:TieredStopAtLevel=4", "-XX:TieredStopAtLevel=1", "-XX:+TieredCompilation",
        "-XX:-TieredCompilation", "-XX:CompilationMode=high-only", "-Xint", "-Xcomp",
        "-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-agentpath:/opt/profiler.so",
        "-javaagent:jacoco.jar", "-Xrunjdwp:transport=dt_socket", "-Xdebug"})
    void theUsersCompilerOptionsOrAnAgentKeepTheMergeInThisJvm(String option) {
        assertThat(command(List.of("-Xmx1g", option, "-jar", "c.jar"), MERGE, Map.of())).isEmpty();
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
            assertThat(command(List.of("-jar", "c.jar"), MERGE, Map.of(variable, " -Xss2m  " + option + " ")))
                    .as(variable).isEmpty();
        }
    }

    @Test
    void aJvmThatCannotTellItsCommandLineKeepsTheMerge() {
        assertThat(MergeLauncher.command(Optional.empty(), Optional.of(new String[] {"-jar", "c.jar", "merge"}),
                new String[] {"merge"}, Map.of())).isEmpty();
        assertThat(MergeLauncher.command(Optional.of(JAVA), Optional.empty(), MERGE, Map.of())).isEmpty();
    }

    @Test
    void aCommandLineThatDoesNotEndWithMainsArgumentsKeepsTheMerge() {
        // a launcher that rewrote them (an @argfile's arguments read by main, a wrapper): the JVM part is not known
        assertThat(MergeLauncher.command(Optional.of(JAVA), Optional.of(new String[] {"-jar", "c.jar", "@args.txt"}),
                MERGE, Map.of())).isEmpty();
        assertThat(MergeLauncher.command(Optional.of(JAVA), Optional.of(MERGE), MERGE, Map.of())).isEmpty();
        assertThat(MergeLauncher.command(Optional.of(JAVA), Optional.of(new String[] {"merge"}), MERGE, Map.of()))
                .isEmpty();
    }

    @Test
    void theMergesOwnJvmDoesNotStartAnother() {
        List<String> child = command(List.of("-jar", "c.jar"), MERGE, Map.of()).orElseThrow();
        assertThat(MergeLauncher.command(Optional.of(child.get(0)),
                Optional.of(child.subList(1, child.size()).toArray(String[]::new)), MERGE, Map.of())).isEmpty();
    }
}
