package dev.commitbench.session;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.git.CommitResolver;
import dev.commitbench.git.WorkspaceOptions;
import dev.commitbench.stats.ComparisonSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apiguardian.api.API;

/**
 * {@code BenchmarkPlan} is what to run: commits x sweep points x rounds, with which engine, metrics and
 * threshold. Both front ends (the JUnit extension and the command line) build one with {@link #builder()}, which
 * holds every default and checks every setting ({@link PlanBuilder}, {@link PlanValidator}), and hand it to {@link BenchmarkSession}.
 * It is made of parts, each a value type named for its job. Immutable.
 *
 * @param repository a directory inside the git repository under test
 * @param commits    commit specs ({@code diff}, refs, ranges); the first resolved commit is the baseline
 * @param base       the base branch {@code diff} compares with
 * @param engine     which engine runs, and how
 * @param metrics    metric paths to summarize
 * @param points     the sweep points (at least one; {@link SweepPoint#empty()} for none)
 * @param order      how rounds are interleaved
 * @param comparison the threshold, confidence, seed, directions, and the rounds (the gate's looks)
 * @param workspaces how commits are materialized: checkout mode, folders, setup command and its timeout, environment
 * @param policies   what an undecided gate does
 * @param output     where the results go and what is written
 */
@API(status = INTERNAL, since = "0.1")
public record BenchmarkPlan(Path repository, List<String> commits, String base, EngineSettings engine,
        List<String> metrics, List<SweepPoint> points, RoundOrder order, ComparisonSettings comparison,
        WorkspaceOptions workspaces, OutcomePolicies policies, OutputSettings output) {

    /** benchmark.py's default {@code --metrics}. */
    public static final List<String> DEFAULT_METRICS = List.of(
            "prefill.latency.mean",
            "prefill.throughput.value",
            "decode.latency.mean",
            "decode.throughput.value",
            "per_token.latency.mean",
            "per_token.throughput.value");
    /** The metric the command engine reports, its default {@code metrics}. */
    public static final List<String> COMMAND_METRICS = List.of("call.latency.mean");
    /** The commits unless others are named: the branch against its merge-base with {@link #DEFAULT_BASE}. */
    public static final List<String> DEFAULT_COMMITS = List.of(CommitResolver.DIFF);
    /** The base branch unless another is named. */
    public static final String DEFAULT_BASE = CommitResolver.DEFAULT_BASE;
    /** Rounds per commit and point unless set. */
    public static final int DEFAULT_ROUNDS = 3;
    /** The most rounds per commit and point by default; adaptive rounds stop earlier once every gate is decided. */
    public static final int DEFAULT_MAX_ROUNDS = 10;
    /** The command engine's warm-up runs per round unless set. */
    public static final int DEFAULT_WARMUPS = 1;
    /** The command engine's timed iterations per round unless set. */
    public static final int DEFAULT_ITERATIONS = 10;
    /** The limit for one engine run unless set. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

    /**
     * Copies the lists.
     *
     * @param repository a directory inside the git repository under test
     * @param commits commit specs; the first resolved commit is the baseline
     * @param base the base branch {@code diff} compares with
     * @param engine which engine runs, and how
     * @param metrics metric paths to summarize
     * @param points the sweep points
     * @param order how rounds are interleaved
     * @param comparison the threshold, confidence, seed, directions and rounds
     * @param workspaces how commits are materialized
     * @param policies what an undecided gate does
     * @param output where the results go and what is written
     */
    public BenchmarkPlan {
        commits = List.copyOf(commits);
        metrics = List.copyOf(metrics);
        points = List.copyOf(points);
    }

    /** {@return rounds per commit and point before adaptive rounds} */
    public int rounds() {
        return comparison.rounds();
    }

    /** {@return the most rounds per commit and point} */
    public int maxRounds() {
        return comparison.maxRounds();
    }

    /** {@return a builder with the defaults} */
    public static PlanBuilder builder() {
        return new PlanBuilder();
    }

    /** {@return a builder holding this plan} */
    public PlanBuilder toBuilder() {
        return new PlanBuilder(this);
    }

    /** How rounds are ordered. */
    @API(status = INTERNAL, since = "0.1")
    public enum RoundOrder {
        /** ABBA blocks (A B B A A B B A ...), so that linear drift cancels. */
        ABBA,
        /** A seeded random order of each block. */
        RANDOM
    }
}
