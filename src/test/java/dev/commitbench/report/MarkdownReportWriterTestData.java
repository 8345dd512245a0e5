package dev.commitbench.report;

import dev.commitbench.CombinedReport;
import dev.commitbench.Commit;
import dev.commitbench.Comparison;
import dev.commitbench.Measurement;
import dev.commitbench.RunFailure;
import dev.commitbench.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * {@code MarkdownReportWriterTestData} is used to build the reports the writer tests render: two sweep
 * points (one with names full of HTML and Markdown specials), a baseline and two candidates, every
 * verdict (the inconclusive one with an undecided gate), a threshold below the resolvable change, a metric measured but not compared, and a failed
 * run. Samples are drawn from a seeded random generator, so every build is identical.
 */
final class MarkdownReportWriterTestData {

    static final Commit MAIN = new Commit("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", "main");
    static final Commit HEAD = new Commit("5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e", "HEAD");
    static final Commit FEATURE = new Commit("9f8e7d6c5b4a39281706f5e4d3c2b1a098765432", "feature/kv-cache");

    static final String GPT2 = "gpt2";
    static final String BATCH1 = "benchmark.input_shapes.batch_size=1";
    static final String NASTY_MODEL = "org/<b>bold</b> & \"quoted\" 'model'";
    static final String NASTY_CONFIG = "a=<1>&b=\"2\"|c=`3`";

    static final String LATENCY = "decode.latency.mean";
    static final String THROUGHPUT = "decode.throughput.value";
    static final String MEMORY = "load_model.memory.max_ram";
    static final String PREFILL = "prefill.latency.mean";

    static final String FAILED_RUN_DIR = "/runs/commit=5d6e7f8/gpt2/round-3";

    private MarkdownReportWriterTestData() {
    }

    /** The full report described above. */
    static CombinedReport report() {
        var random = new Random(42);
        var b = CombinedReport.builder().commits(List.of(MAIN, HEAD, FEATURE)).thresholdPercent(5.0);
        b.put(GPT2, BATCH1, MAIN.sha(), latency(random, LATENCY, 0.01235, 0.02, 5, 8));
        b.put(GPT2, BATCH1, HEAD.sha(), latency(random, LATENCY, 0.01390, 0.02, 5, 8));
        b.put(GPT2, BATCH1, FEATURE.sha(), latency(random, LATENCY, 0.01210, 0.06, 4, 8));
        b.put(GPT2, BATCH1, MAIN.sha(), single(random, THROUGHPUT, "tokens/s", 81.0, 0.02, 5));
        b.put(GPT2, BATCH1, HEAD.sha(), single(random, THROUGHPUT, "tokens/s", 92.0, 0.02, 5));
        b.put(GPT2, BATCH1, FEATURE.sha(), single(random, THROUGHPUT, "tokens/s", 82.0, 0.05, 4));
        b.put(GPT2, BATCH1, MAIN.sha(), single(random, MEMORY, "MB", 1523.4, 0.001, 5));
        b.put(GPT2, BATCH1, HEAD.sha(), single(random, MEMORY, "MB", 1524.1, 0.001, 5));
        b.put(NASTY_MODEL, NASTY_CONFIG, MAIN.sha(), latency(random, PREFILL, 0.5012, 0.04, 3, 5));
        b.put(NASTY_MODEL, NASTY_CONFIG, HEAD.sha(), latency(random, PREFILL, 0.5031, 0.04, 3, 5));

        b.comparison(comparison(GPT2, BATCH1, LATENCY, "s", HEAD, 0.01235, 0.01390, 12.55, 8.1, 16.5, Verdict.REGRESSED, 3.1, 5, 5));
        b.comparison(comparison(GPT2, BATCH1, LATENCY, "s", FEATURE, 0.01235, 0.01260, 2.02, -2.9, 11.9, Verdict.INCONCLUSIVE, 7.4, 5, 4));
        b.comparison(comparison(GPT2, BATCH1, THROUGHPUT, "tokens/s", HEAD, 81.0, 92.0, -13.58, -17.2, -9.9, Verdict.IMPROVED, 3.0, 5, 5));
        b.comparison(comparison(GPT2, BATCH1, THROUGHPUT, "tokens/s", FEATURE, 81.0, 82.0, -1.23, -4.1, 1.6, Verdict.UNCHANGED, 4.2, 5, 4));
        b.comparison(comparison(NASTY_MODEL, NASTY_CONFIG, PREFILL, "s", HEAD, 0.5012, 0.5031, 0.38, -2.5, 3.4, Verdict.UNCHANGED, 3.9, 3, 3));
        b.failure(new RunFailure(HEAD, GPT2 + " · " + BATCH1, 3, FAILED_RUN_DIR,
                "optimum-benchmark exited with code 1 <oom> & more\nTraceback (most recent call last): ..."));
        return b.build();
    }

    static Comparison comparison(String model, String config, String metric, String unit, Commit candidate,
            double baseline, double value, double change, double lower, double upper, Verdict verdict,
            double resolvable, int baselineRounds, int candidateRounds) {
        return new Comparison(model, config, metric, unit, MAIN, candidate, baseline, value, change, lower, upper,
                0.95, 5.0, verdict, 0.012, 0.034, Double.NaN, Double.NaN, resolvable, baselineRounds, candidateRounds);
    }

    /** A latency: {@code iterations} lognormal-ish samples per round, around a per-round offset. */
    static Measurement latency(Random random, String metric, double mean, double cv, int rounds, int iterations) {
        List<Double> values = new ArrayList<>();
        List<List<Double>> samples = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            double offset = mean * (1 + random.nextGaussian() * 0.01);
            List<Double> round = new ArrayList<>();
            for (int i = 0; i < iterations; i++) {
                round.add(offset * Math.exp(random.nextGaussian() * cv));
            }
            samples.add(round);
            values.add(round.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
        }
        return new Measurement(metric, "s", values, samples);
    }

    /** A single-valued metric: one value per round, which is also its only sample. */
    static Measurement single(Random random, String metric, String unit, double mean, double cv, int rounds) {
        List<Double> values = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            values.add(mean * (1 + random.nextGaussian() * cv));
        }
        return new Measurement(metric, unit, values, values.stream().map(List::of).toList());
    }
}
