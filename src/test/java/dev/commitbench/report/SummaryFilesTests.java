package dev.commitbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commitbench.Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifies that {@link SummaryFiles} writes benchmark.py's files, expands metrics correctly and names unwritable paths. */
class SummaryFilesTests {

    private static final String MAIN = "bfc25d552b7c5816ec112e89016fa3efaaff5818";
    private static final String HEAD = "a7c66fede307877fefdcbf8fffb30157c539c5ee";

    @TempDir
    Path temp;

    @Test
    void expands_every_metric_to_its_full_path_even_when_prefixes_repeat() {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("decode.latency.mean", 0.5);
        metrics.put("decode.latency.p50", 0.4); // benchmark.py puts this one at the top level: {"p50": 0.4}
        metrics.put("decode.throughput.value", 12.5);
        metrics.put("prefill.latency.mean", 0.1);

        assertThat(PythonJson.dump(SummaryFiles.expand(metrics))).isEqualTo("""
                {
                    "decode": {
                        "latency": {
                            "mean": 0.5,
                            "p50": 0.4
                        },
                        "throughput": {
                            "value": 12.5
                        }
                    },
                    "prefill": {
                        "latency": {
                            "mean": 0.1
                        }
                    }
                }""");
    }

    @Test
    void expanding_keeps_the_first_metric_when_one_path_is_a_prefix_of_another() {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("decode.throughput", new LinkedHashMap<>(Map.of("value", 1.0)));
        metrics.put("decode.throughput.value", 2.0);

        assertThat(SummaryFiles.expand(metrics)).isEqualTo(Map.of("decode", Map.of("throughput", Map.of("value", 1.0))));
    }

    @Test
    void writes_run_summary_list_and_combined_summary_where_the_first_wins() throws Exception {
        Path runA = temp.resolve("commit=" + MAIN + "/batch_size=1");
        Summary first = summary(MAIN, 1.0, 1, runA);
        Summary secondRound = summary(MAIN, 9.0, 2, null);
        Summary head = summary(HEAD, 2.0, 1, null);
        Path out = temp.resolve("out/nested");

        SummaryFiles.writeAll(List.of(first, secondRound, head), out, true);

        assertThat(Files.readString(runA.resolve("summary.json"))).isEqualTo("""
                {
                    "model": "gpt2",
                    "commit": "%s",
                    "config": "batch_size=1",
                    "metrics": {
                        "decode": {
                            "latency": {
                                "mean": 1.0
                            }
                        }
                    }
                }""".formatted(MAIN));
        assertThat(Files.readString(out.resolve("summaries.json"))).startsWith("[\n    {\n        \"model\": \"gpt2\",")
                .contains("\"mean\": 9.0").endsWith("}\n]");
        assertThat(Files.readString(out.resolve("summary.json"))).isEqualTo("""
                {
                    "gpt2": {
                        "batch_size=1": {
                            "%s": {
                                "metrics": {
                                    "decode": {
                                        "latency": {
                                            "mean": 1.0
                                        }
                                    }
                                }
                            },
                            "%s": {
                                "metrics": {
                                    "decode": {
                                        "latency": {
                                            "mean": 2.0
                                        }
                                    }
                                }
                            }
                        }
                    }
                }""".formatted(MAIN, HEAD));
    }

    @Test
    void writes_empty_list_and_object_when_nothing_was_summarized() throws Exception {
        SummaryFiles.writeAll(List.of(), temp, false);

        assertThat(Files.readString(temp.resolve("summaries.json"))).isEqualTo("[]");
        assertThat(Files.readString(temp.resolve("summary.json"))).isEqualTo("{}");
    }

    @Test
    void an_output_directory_that_cannot_be_written_is_named_in_the_error() throws Exception {
        Path blocker = Files.writeString(temp.resolve("not-a-directory"), "");
        Path out = blocker.resolve("results");

        assertThatThrownBy(() -> SummaryFiles.writeSummaries(List.of(), out, false))
                .isInstanceOf(ReportException.class)
                .hasMessageStartingWith("Cannot write [" + out.resolve("summaries.json") + "]: ")
                .hasMessageEndingWith(". Make [" + out + "] a writable directory, or choose another output directory.")
                .hasCauseInstanceOf(java.io.IOException.class);
    }

    private static Summary summary(String sha, double mean, int round, Path runDirectory) {
        return new Summary("gpt2", sha, "batch_size=1", Map.of("decode.latency.mean", mean),
                Map.of("decode.latency.mean", List.of(mean)), Map.of("decode.latency.mean", "s"), round,
                runDirectory == null ? "" : runDirectory.toString());
    }
}
