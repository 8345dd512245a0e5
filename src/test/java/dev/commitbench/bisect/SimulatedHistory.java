package dev.commitbench.bisect;

import dev.commitbench.Commit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code SimulatedHistory} is used to stand in for a repository and an engine in the bisection's tests and
 * benchmark: commits {@code 0..N} with a true level each (1 is good's level; 1.10 is 10% slower), and an
 * engine that measures one round of a commit as {@code iterations} latencies:
 * {@code level x process offset x drift x lognormal(CV)}, with rare outliers. Commits listed as broken
 * always fail; flaky ones fail with a probability. Not thread-safe; one per trial.
 */
final class SimulatedHistory implements RoundRunner {

    /**
     * The noise of the simulated engine.
     *
     * @param cv            per-iteration coefficient of variation (lognormal, mean-preserving)
     * @param processCv     per-round (per-process) offset, lognormal
     * @param iterations    iterations per round
     * @param outliers      share of iterations multiplied by 1.5 to 3
     * @param driftPerRun   relative drift of every value per engine run (time), e.g. 0.002
     */
    record Noise(double cv, double processCv, int iterations, double outliers, double driftPerRun) {

        /** The target noise of the bisection's benchmark: CV 3%, 1% offsets, 10 iterations, no outliers, no drift. */
        static Noise target() {
            return new Noise(0.03, 0.01, 10, 0, 0);
        }

        Noise withOutliers(double share) {
            return new Noise(cv, processCv, iterations, share, driftPerRun);
        }

        Noise withDrift(double perRun) {
            return new Noise(cv, processCv, iterations, outliers, perRun);
        }
    }

    private final double[] levels;
    private final Noise noise;
    private final SplittableRandom random;
    private final Set<Integer> broken = new HashSet<>();
    private final Set<Integer> flaky = new HashSet<>();
    private double flakyProbability;
    private int runs;

    SimulatedHistory(double[] levels, Noise noise, long seed) {
        this.levels = levels.clone();
        this.noise = noise;
        this.random = new SplittableRandom(seed);
    }

    /** {@code commits} commits (good is 0, bad is commits - 1), level 1 before {@code at} and {@code 1 + step} from it on. */
    static double[] step(int commits, int at, double step) {
        double[] l = new double[commits];
        for (int i = 0; i < commits; i++) {
            l[i] = i >= at ? 1 + step : 1;
        }
        return l;
    }

    /** Two steps: {@code 1 + a} from {@code first} on, then {@code (1 + a)(1 + b)} from {@code second} on. */
    static double[] twoSteps(int commits, int first, double a, int second, double b) {
        double[] l = new double[commits];
        for (int i = 0; i < commits; i++) {
            l[i] = (i >= first ? 1 + a : 1) * (i >= second ? 1 + b : 1);
        }
        return l;
    }

    /** A linear drift of {@code total} spread evenly over commits {@code from..to} (each adds {@code total / (to - from + 1)}). */
    static double[] drift(int commits, int from, int to, double total) {
        double[] l = new double[commits];
        int length = to - from + 1;
        for (int i = 0; i < commits; i++) {
            int done = Math.max(0, Math.min(length, i - from + 1));
            l[i] = 1 + total * done / length;
        }
        return l;
    }

    SimulatedHistory broken(int... indices) {
        Arrays.stream(indices).forEach(broken::add);
        return this;
    }

    SimulatedHistory flaky(double probability, int... indices) {
        flakyProbability = probability;
        Arrays.stream(indices).forEach(flaky::add);
        return this;
    }

    /** The path: commit i has the SHA {@code 1000000 + i} in hex (so its short SHA is unique), padded with zeros to 40 characters, and the label {@code c<i>}. */
    static List<Commit> path(int commits) {
        List<Commit> path = new ArrayList<>();
        for (int i = 0; i < commits; i++) {
            path.add(commit(i));
        }
        return path;
    }

    /** {@return commit {@code i} of {@link #path}} */
    static Commit commit(int i) {
        return new Commit(String.format(Locale.ROOT, "%07x", 0x1000000 + i) + "0".repeat(33), "c" + i);
    }

    /** {@return the position of a commit of {@link #path}} */
    static int index(Commit commit) {
        return Integer.parseInt(commit.sha().substring(0, 7), 16) - 0x1000000;
    }

    @Override
    public List<RoundOutcome> run(List<Trial> batch) {
        List<RoundOutcome> out = new ArrayList<>();
        for (Trial t : batch) {
            out.add(round(t.index()));
        }
        return out;
    }

    /** One engine run of commit {@code i}. */
    RoundOutcome round(int i) {
        runs++;
        if (broken.contains(i)) {
            return RoundOutcome.failed("exit code 1: ImportError: cannot import name 'rotary' (simulated broken build)");
        }
        if (flaky.contains(i) && random.nextDouble() < flakyProbability) {
            return RoundOutcome.failed("exit code 1: CUDA error: unspecified launch failure (simulated flaky run)");
        }
        double level = levels[i] * lognormal(noise.processCv()) * (1 + noise.driftPerRun() * runs);
        List<Double> values = new ArrayList<>(noise.iterations());
        double sum = 0;
        for (int k = 0; k < noise.iterations(); k++) {
            double v = 0.010 * level * lognormal(noise.cv());
            if (random.nextDouble() < noise.outliers()) {
                v *= 1.5 + 1.5 * random.nextDouble();
            }
            values.add(v);
            sum += v;
        }
        return RoundOutcome.measured(sum / values.size(), values);
    }

    /** The engine runs so far. */
    int runs() {
        return runs;
    }

    private double lognormal(double cv) {
        if (cv <= 0) {
            return 1;
        }
        double s = Math.sqrt(Math.log(1 + cv * cv));
        return Math.exp(s * gaussian() - s * s / 2);
    }

    private double gaussian() {
        double u;
        double v;
        double q;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            q = u * u + v * v;
        } while (q >= 1 || q == 0);
        return u * Math.sqrt(-2 * Math.log(q) / q);
    }
}
