package dev.commitbench;

import static org.apiguardian.api.API.Status.STABLE;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import dev.commitbench.junit.BenchmarkAcrossCommitsExtension;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * {@code @BenchmarkAcrossCommits} is used to benchmark the repository under test across git commits:
 * the annotated method is a test template invoked once per sweep point ({@link Sweep}); each invocation
 * runs every commit for that point in interleaved rounds and then runs the method, which may take a
 * {@link CombinedReport} holding exactly that point.
 *
 * <p>Rounds are added while a comparison's gate ("slower than the baseline by more than the threshold?") is
 * undecided, up to {@code maxRounds} (10 by default). When the method takes no {@code CombinedReport}, the
 * extension applies the point's {@link Outcome} itself: a regression fails the invocation, a probable
 * regression fails it too (see {@code probableRegression}), an inconclusive gate aborts it (see
 * {@code inconclusive}). When it takes one, the method's assertions decide, with the same outcome. A failed
 * engine run or setup always errs the invocation, unless a regression was found despite it.
 * A static {@code @AfterAll} method of a class annotated with {@code @BenchmarkAcrossCommits} may take a
 * {@code CombinedReport} holding every method of the class (the class annotation registers the extension
 * for the class: JUnit resolves {@code @AfterAll} parameters only with the class's extensions). Without the
 * class annotation, such an {@code @AfterAll} method fails every benchmark method of the class before any git
 * work, with a message that says to annotate the class.
 *
 * <p>On a class, the annotation gives defaults to the annotated methods of the class. Precedence for every
 * attribute: the method's explicit value, then the class's, then the configuration parameter
 * {@code commitbench.<attribute>} ({@code junit-platform.properties} or {@code -D}), then the built-in
 * default. Attributes left at {@link #DEFAULT} are not set. Numeric and boolean attributes are arrays
 * holding one value ({@code rounds = 4}, {@code threshold = 10}, {@code configFromCheckout = true}), so that
 * leaving one out is not a number: their default {@code {}} means "not set here", while every value written
 * is checked ({@code threshold = -1} is an error, never the default).
 *
 * <p>A single commit (e.g. {@code commits = "HEAD"}) is only measured, never compared: it is allowed when
 * the method takes no {@code CombinedReport}, and a configuration error when it does. {@code diff} and
 * ranges {@code A..B} count as several commits.
 *
 * <p>Configuration parameters beyond the attributes: {@code commitbench.outputDir} (default
 * {@code target/commitbench}; each test run gets a fresh {@code run-<timestamp>-<random>/} folder with one
 * sub-folder per method and the run-level {@code summary.json}, {@code summaries.json},
 * {@code commitbench.json}, {@code report.md}, {@code report.html}), {@code commitbench.executable} (the
 * optimum-benchmark executable as words), {@code commitbench.order} ({@code abba} or {@code random}),
 * {@code commitbench.seed}, {@code commitbench.workspaceRoot}, {@code commitbench.keepWorkspaces} (keep the
 * checkouts when a run failed), {@code commitbench.cacheDir} (worktrees kept and reused across runs), and
 * {@code commitbench.upload.repoId},
 * {@code .pathInRepo}, {@code .repoType}, {@code .createPr} to upload the run folder to the Hugging Face Hub
 * when the run ends (token from {@code HF_TOKEN} or the token file).
 *
 * <p>Misuse fails the test class (where the class carries this annotation) or the method's container before
 * any git or process work, with a message that says
 * what to change: no commits, a single commit with a {@code CombinedReport} parameter, empty or repeated
 * {@link Sweep} keys, an unknown engine or other invalid attribute, a {@code @Sweep} without this
 * annotation, a {@code CombinedReport} parameter on a method that is not a benchmark.
 *
 * <p>Measurements never overlap: the annotation carries {@code @Execution(SAME_THREAD)} and a lock on
 * {@link Resources#GLOBAL}.
 *
 * <p>For example, a method that fails when {@code HEAD} made decoding more than 5% slower than its
 * merge-base with {@code main}, for two batch sizes:
 *
 * <pre><code class='java'>
 * &#64;BenchmarkAcrossCommits(commits = "diff", configDir = "benchmark/config", configName = "generation",
 *         metrics = "decode.latency.mean", threshold = 5)
 * &#64;Sweep(key = "scenario.input_shapes.batch_size", values = {"1", "8"})
 * void decodingIsNotSlower() {
 * }
 * </code></pre>
 *
 * <p>For more details and examples, see the README and {@code example-tests/}.
 */
@Target({ ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(BenchmarkAcrossCommitsExtension.class)
@Execution(ExecutionMode.SAME_THREAD)
@ResourceLock(Resources.GLOBAL)
@API(status = STABLE, since = "0.1")
public @interface BenchmarkAcrossCommits {

    /** The sentinel meaning "not set here": use the class's value, the configuration parameter, or the default. */
    String DEFAULT = "{default}";

    /** Placeholder for the invocation's index, from 1. */
    String INDEX_PLACEHOLDER = "{index}";

    /** Placeholder for the sweep point, {@code backend.model=gpt2, batch_size=2}. */
    String POINT_PLACEHOLDER = "{point}";

    /** Placeholder for the baseline commit, {@code main@1a2b3c4}. */
    String BASELINE_PLACEHOLDER = "{baseline}";

    /** Placeholder for the candidate commits, {@code HEAD@5d6e7f8}, joined with {@code ", "}. */
    String CANDIDATE_PLACEHOLDER = "{candidate}";

    /** The default display name: {@code [2] backend.model=gpt2 · main@1a2b3c4 → HEAD@5d6e7f8}. */
    String DEFAULT_DISPLAY_NAME = "[{index}] {point} · {baseline} → {candidate}";

    /**
     * The commits: refs ({@code main}, {@code HEAD~1}, a SHA), ranges {@code A..B}, or {@code diff} (HEAD
     * against its merge-base with {@link #base()}); the first is the baseline. Default {@code {"diff"}}.
     * {@code WORKTREE} is the working tree as it is now, uncommitted changes included ({@code {"HEAD", "WORKTREE"}}:
     * is my change slower?), {@code diff+worktree} compares {@code diff}'s baseline with it, and {@code A..WORKTREE}
     * ends a range with it; see {@link Commit#WORKTREE}.
     *
     * @return the commit specs, the baseline first
     */
    String[] commits() default DEFAULT;

    /** {@return the branch {@code diff} compares with. Default {@code main}} */
    String base() default DEFAULT;

    /**
     * {@return optimum-benchmark's {@code --config-dir}, relative to each commit's checkout (or
     * {@link #configFromCheckout()})}
     */
    String configDir() default DEFAULT;

    /**
     * {@code true}: a relative {@link #configDir()} resolves against the current checkout, so that one benchmark
     * definition measures every commit; {@code false} (default): against each commit's own workspace
     * (benchmark.py's behaviour). {@code commitbench.json} records which, and the directory per commit.
     *
     * @return whether a relative {@code configDir} resolves against the current checkout
     */
    boolean[] configFromCheckout() default {};

    /** {@return optimum-benchmark's {@code --config-name}} */
    String configName() default DEFAULT;

    /**
     * The metric paths to summarize and compare. Default: benchmark.py's list (the command engine:
     * {@code call.latency.mean}).
     *
     * @return the metric paths
     */
    String[] metrics() default DEFAULT;

    /**
     * Per-metric overrides of which way is better, as {@code METRIC=higher} or {@code METRIC=lower}, e.g.
     * {@code {"decode.throughput.value=higher", "my.metric=lower"}}. Default: from the path (throughput
     * and efficiency higher, anything else lower is better). Configuration parameter
     * {@code commitbench.directions}: entries separated by {@code ,}.
     *
     * @return the per-metric directions
     */
    String[] directions() default DEFAULT;

    /**
     * Rounds per commit and point, interleaved in ABBA blocks ({@code A B | B A | A B ...}). Default 3. A
     * linear drift (e.g. a GPU warming up) cancels fully only over whole blocks, that is with an even number
     * of rounds; with an odd number the last round runs the baseline first. Adaptive rounds (see
     * {@link #maxRounds()}) continue the same pattern.
     *
     * @return the rounds per commit and point
     */
    int[] rounds() default {};

    /**
     * The most rounds per commit and point. After {@link #rounds()}, one round per commit is added while a
     * comparison's gate is undecided, and the point stops as soon as every gate is decided; later looks use a
     * wider interval, so that the gate's errors over all looks stay bounded. Default 10 (or {@link #rounds()}
     * when that is more); set it to {@link #rounds()} for a fixed number of rounds.
     *
     * @return the most rounds per commit and point
     */
    int[] maxRounds() default {};

    /** {@return the regression threshold in percent. Default 5} */
    double[] threshold() default {};

    /**
     * {@code optimum-benchmark} (the default) or {@code command}.
     *
     * @return the engine's name
     */
    String engine() default DEFAULT;

    /**
     * A directory inside the git repository under test. Default: the working directory's repository.
     *
     * @return a directory inside the repository under test
     */
    String repository() default DEFAULT;

    /**
     * {@return the command engine's command as words; placeholders {@code ${workspace}}, {@code ${sha}},
     * {@code ${ref}} and sweep keys}
     */
    String[] command() default DEFAULT;

    /** {@return the command engine's timed iterations per round. Default 10} */
    int[] iterations() default {};

    /** {@return the command engine's warm-up runs per round. Default 1} */
    int[] warmups() default {};

    /**
     * {@code worktree} (the default: each commit in its own directory) or {@code in-place}.
     *
     * @return the checkout mode
     */
    String checkout() default DEFAULT;

    /**
     * A shell command run once per materialized commit, e.g. {@code pip install -e ${workspace}}.
     *
     * @return the setup command
     */
    String setup() default DEFAULT;

    /**
     * Per-commit environment variables as {@code KEY=VALUE} (placeholders allowed).
     *
     * @return the per-commit environment variables
     */
    String[] env() default DEFAULT;

    /**
     * The limit for one engine run: {@code 90s}, {@code 10m}, {@code 1h} or ISO-8601 ({@code PT10M}). Default 1h.
     *
     * @return the limit for one engine run
     */
    String timeout() default DEFAULT;

    /**
     * The limit for one run of the {@link #setup()} command: {@code 90s}, {@code 30m}, {@code 1h} or ISO-8601
     * ({@code PT30M}). When it is reached, the setup's whole process tree is killed and the commit's runs are
     * errors. Default 1h.
     *
     * @return the limit for one run of the setup command
     * @since 0.2
     */
    String setupTimeout() default DEFAULT;

    /**
     * What a gate that stays inconclusive after {@link #maxRounds()} does to the invocation (and to
     * {@code hasNoRegression()}): {@code abort} (default: shown as skipped, with the interval and what to do),
     * {@code fail} or {@code pass}. A probable regression follows {@link #probableRegression()} instead.
     *
     * @return what an inconclusive gate does
     */
    String inconclusive() default DEFAULT;

    /**
     * What a probable regression does: a gate that stays inconclusive after {@link #maxRounds()} although its
     * estimate lies beyond the threshold and its whole interval above 0. {@code fail} (default: never a silent
     * pass on a likely slowdown), {@code abort} or {@code pass}.
     *
     * @return what a probable regression does
     */
    String probableRegression() default DEFAULT;

    /**
     * {@code true}: bisect instead of comparing. {@link #commits()} must be one range {@code "A..B"} (A good, B the
     * commit to check), {@link #metrics()} one metric, and the sweep one point. When B is worse than A by more
     * than {@link #threshold()}, the extension finds the first commit on the first-parent path from A to B after
     * which the metric is worse (a statistical bisection; each commit is materialized once) and fails the test,
     * naming the culprit (full and short SHA, subject, author) in the failure message; when B is not worse, the
     * test passes. The search's budget is the configuration parameter {@code commitbench.bisect.maxRuns}
     * (default 120 engine runs); not pinned down within it, the test aborts, or fails when B's regression itself
     * is certain. The method must not take a {@link CombinedReport}. The method's folder in the run folder gets
     * {@code bisect.json}, {@code report.md} and {@code report.html}. Default {@code false}.
     *
     * @return whether to bisect the range
     */
    boolean[] bisect() default {};

    /**
     * The devices the points run on, in parallel, one point per device: {@code "0,1,2,3"} (device indices as
     * {@code nvidia-smi} or {@code rocm-smi} gives them, or UUIDs) or {@code "auto"} (every GPU found). Every run of a
     * point is pinned to its device: optimum-benchmark gets {@code backend.device_ids=<id>}, the command engine
     * {@code CUDA_VISIBLE_DEVICES} (or {@code HIP_VISIBLE_DEVICES}) and the placeholder {@code ${device}}. Points may
     * run ahead of their invocations; each invocation still gets its own point's report. A device that does not exist
     * fails the method before anything runs; {@code "auto"} on a machine without GPUs runs the points one after the
     * other, saying so. Configuration parameter {@code commitbench.devices}. Default: the points run one after the
     * other on the machine's default device.
     *
     * @return the devices
     * @since 0.2
     */
    String devices() default DEFAULT;

    /**
     * The display name of each invocation, with {@link #INDEX_PLACEHOLDER}, {@link #POINT_PLACEHOLDER},
     * {@link #BASELINE_PLACEHOLDER} and {@link #CANDIDATE_PLACEHOLDER}. Default {@link #DEFAULT_DISPLAY_NAME}.
     *
     * @return the display name pattern
     */
    String name() default DEFAULT;
}
