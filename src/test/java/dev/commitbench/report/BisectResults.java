package dev.commitbench.report;

import dev.commitbench.Commit;
import dev.commitbench.bisect.BisectResult;
import dev.commitbench.bisect.BisectSearch;
import dev.commitbench.bisect.BisectSettings;
import dev.commitbench.bisect.RoundOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code BisectResults} is used by the bisection writers' tests to get real results: it runs a
 * {@link BisectSearch} against a simulated history (10 iterations per round, 3% noise per iteration, 1%
 * per process), with a step or a flat history and commits that cannot run.
 */
final class BisectResults {

    private BisectResults() {
    }

    /** Commit {@code i}: SHA {@code 2000000 + i} in hex, padded to 40 characters; label {@code v<i>}. */
    static Commit commit(int i) {
        return new Commit(String.format(Locale.ROOT, "%07x", 0x2000000 + i) + "f".repeat(33), "v" + i);
    }

    static List<Commit> path(int commits) {
        List<Commit> path = new ArrayList<>();
        for (int i = 0; i < commits; i++) {
            path.add(commit(i));
        }
        return path;
    }

    /** A bisection of {@code commits} commits whose latency rises by {@code step} at {@code at}. */
    static BisectResult step(int commits, int at, double step, BisectSettings settings, Set<Integer> broken) {
        SplittableRandom random = new SplittableRandom(42);
        return BisectSearch.over(path(commits), settings).run(batch -> batch.stream().map(trial -> {
            if (broken.contains(trial.index())) {
                return RoundOutcome.failed("exit code 1: ModuleNotFoundError: No module named 'torch'\nTraceback ...");
            }
            double level = 0.012 * (trial.index() >= at ? 1 + step : 1) * Math.exp(0.01 * random.nextGaussian());
            List<Double> samples = new ArrayList<>();
            for (int k = 0; k < 10; k++) {
                samples.add(level * Math.exp(0.03 * random.nextGaussian()));
            }
            return RoundOutcome.measured(samples.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), samples);
        }).toList());
    }

    static BisectSettings settings() {
        return BisectSettings.of("decode.latency.mean").withUnit("s").withPoint("gpt2", "batch_size=1");
    }
}
