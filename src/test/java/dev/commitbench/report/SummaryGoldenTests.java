package dev.commitbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.commitbench.Summary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Verifies that the files commitbench writes are byte for byte those transformers' {@code benchmark.py}
 * wrote for the same run trees (real runs in {@code optimum-benchmark-cpu/transformers-benchmark-py}).
 *
 * <p>benchmark.py summarizes commit by commit, in the order it ran them (its log says "Run benchmark on
 * commit: <sha>"), and within a commit in the order Python's {@code glob} lists the run directories: the
 * file system's directory order, which is not sorted (in the diff run, {@code batch_size=2} came before
 * {@code batch_size=1}). So the test orders the summaries as benchmark.py's log printed them
 * ({@code commit: ...} / {@code config: ...}); commitbench itself orders them by plan. The commit comes
 * from the {@code commit=<sha>} directory and the metrics from {@code --metrics}.
 */
class SummaryGoldenTests {

    private static final Pattern RUN_ON_COMMIT = Pattern.compile("Run benchmark on commit: ([0-9a-f]{40})");
    private static final Pattern PRINTED = Pattern.compile("(?m)^commit: (\\S+)\nconfig: (.*)$");
    private static final Pattern METRICS = Pattern.compile("--metrics=(\\S+)");

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(textBlock = """
            tmpaqo3lej4, tbench_commits
            tmp_xbz63p5, tbench_diff
            tmpqg8xxdyv, tbench_runmode
            tmp8dgdb_ak, tbench_bad_override
            """)
    void writes_the_files_benchmark_py_wrote(String experiment, String run) throws IOException {
        Path tbench = fixtures().resolve("optimum-benchmark-cpu/transformers-benchmark-py");
        Path original = tbench.resolve("_benchmark").resolve(experiment);
        assumeTrue(Files.isDirectory(original), "benchmark.py fixture tree absent: " + original);
        Path copy = temp.resolve(experiment);
        copyWithoutSummaries(original, copy);
        String log = Files.readString(tbench.resolve("_runs").resolve(run).resolve("stdout_stderr.log"));
        Matcher metricsArg = METRICS.matcher(Files.readString(tbench.resolve("_runs").resolve(run).resolve("command.txt")));
        List<String> metrics = metricsArg.find() ? Arrays.asList(metricsArg.group(1).split(",")) : Summarizer.DEFAULT_METRICS;

        List<Summary> summaries = new ArrayList<>();
        Matcher commits = RUN_ON_COMMIT.matcher(log);
        while (commits.find()) {
            Path commitDir = copy.resolve("commit=" + commits.group(1));
            if (Files.isDirectory(commitDir)) {
                for (Path dir : RunDirectories.find(commitDir)) {
                    RunReport report = RunReader.read(dir);
                    assertThat(report.status()).as(report.problem()).isEqualTo(RunReport.Status.OK);
                    summaries.add(Summarizer.summarize(report, commits.group(1), metrics, 1));
                }
            }
        }
        List<String> printed = new ArrayList<>();
        for (Matcher m = PRINTED.matcher(log); m.find(); ) {
            printed.add(m.group(1) + " " + m.group(2));
        }
        assertThat(summaries.stream().map(s -> s.commit() + " " + s.config()))
                .containsExactlyInAnyOrderElementsOf(printed);
        summaries.sort(Comparator.comparingInt(s -> printed.indexOf(s.commit() + " " + s.config())));
        SummaryFiles.writeAll(summaries, copy, false);

        List<Path> expected = summaryFiles(original);
        assertThat(expected).isNotEmpty();
        assertThat(summaryFiles(copy).stream().map(copy::relativize).map(Path::toString))
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(original::relativize).map(Path::toString).toList());
        for (Path file : expected) {
            assertThat(Files.readString(copy.resolve(original.relativize(file).toString()), StandardCharsets.US_ASCII))
                    .as(original.relativize(file).toString())
                    .isEqualTo(Files.readString(file, StandardCharsets.US_ASCII));
        }
    }

    private static List<Path> summaryFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().equals(SummaryFiles.SUMMARY)
                    || f.getFileName().toString().equals(SummaryFiles.SUMMARIES)).sorted().toList();
        }
    }

    private static void copyWithoutSummaries(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                String name = path.getFileName().toString();
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else if (!name.equals(SummaryFiles.SUMMARY) && !name.equals(SummaryFiles.SUMMARIES)) {
                    Files.copy(path, target);
                    target.toFile().setWritable(true);
                }
            }
        }
    }

    static Path fixtures() {
        String property = System.getProperty("commitbench.fixtures");
        assumeTrue(property != null && Files.isDirectory(Path.of(property)),
                "the shared fixtures (../shared/fixtures) are absent: set -Dcommitbench.fixtures to run this test");
        return Path.of(property);
    }
}
