package dev.commitbench.junit;

import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.AfterAllWithoutClassAnnotation;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.BadCheckout;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.BadEnv;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.BadInconclusive;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.BadProbableRegression;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.BadRounds;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.BadSetupTimeout;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.BadTimeout;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.BlankSweepKey;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.DuplicateSweepKey;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.EmptySweepValues;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.NotAHydraSweepKey;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.SweepValueHydraCannotTake;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.NoCommits;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.ReportOnPlainTest;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.SingleCommitWithReport;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.SweepOnClassWithoutBenchmark;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.SweepOnPlainTest;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.SweepOnPlainTestNextToABenchmark;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.UnknownEngine;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.WithoutReport;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.ThresholdMinusOne;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.RoundsMinusOne;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.MaxRoundsMinusOne;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.IterationsMinusOne;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.WarmupsMinusOne;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.TwoThresholds;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.TwoConfigFromCheckout;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.MisspelledSweepPlaceholder;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.MisspelledEnvPlaceholder;
import dev.commitbench.junit.BenchmarkAcrossCommitsTestCases.SweepKeyInSetup;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verifies that each misuse fails the container with a message in STYLE.md's shape, before any git or
 * process work: the configured repository does not even exist, so touching git would fail differently.
 */
class MisuseTests {

    @TempDir
    Path temp;

    static Stream<Arguments> misuses() {
        return Stream.of(
                Arguments.of(NoCommits.class, "Configuration error: @BenchmarkAcrossCommits on method [NoCommits#decoding()] "
                        + "must declare at least one commit in 'commits', e.g. {\"main\", \"HEAD\"} or {\"diff\"}, but was []."),
                Arguments.of(SingleCommitWithReport.class, "Configuration error: @BenchmarkAcrossCommits on method "
                        + "[SingleCommitWithReport#decoding(CombinedReport)] must declare at least two commits in 'commits' "
                        + "(or \"diff\") because the method takes a CombinedReport to compare them, but was [HEAD]. Add a "
                        + "baseline, e.g. {\"main\", \"HEAD\"}, or remove the CombinedReport parameter to only measure one commit."),
                Arguments.of(EmptySweepValues.class, "Configuration error: @Sweep(key = \"backend.model\") for method "
                        + "[EmptySweepValues#decoding()] must declare at least one value in 'values' but was []."),
                Arguments.of(DuplicateSweepKey.class, "Configuration error: @Sweep key [batch_size] is declared twice for "
                        + "method [DuplicateSweepKey#decoding()] (the class's and the method's sweeps combine); declare each key once."),
                Arguments.of(UnknownEngine.class, "Configuration error: @BenchmarkAcrossCommits on method [UnknownEngine#decoding()] "
                        + "is invalid: 'engine' must be one of [optimum-benchmark, command] but was [perf]. Fix the attribute"
                        + " or the configuration parameter commitbench.<attribute>."),
                Arguments.of(BadRounds.class, "Configuration error: @BenchmarkAcrossCommits on method [BadRounds#decoding()] "
                        + "is invalid: 'rounds' must be at least 1 but was [0]. Fix the attribute or the configuration parameter "
                        + "commitbench.<attribute>."),
                Arguments.of(SweepOnClassWithoutBenchmark.class, "Configuration error: @Sweep on class "
                        + "[SweepOnClassWithoutBenchmark] needs @BenchmarkAcrossCommits on the class or on a method; add it, or remove @Sweep."),
                Arguments.of(ReportOnPlainTest.class, "Configuration error: method [ReportOnPlainTest#decoding(CombinedReport)] "
                        + "takes a CombinedReport but is not a @BenchmarkAcrossCommits method; annotate it with "
                        + "@BenchmarkAcrossCommits, or take the report in a static @AfterAll method of a class annotated "
                        + "with @BenchmarkAcrossCommits."),
                Arguments.of(AfterAllWithoutClassAnnotation.class, "Configuration error: static @AfterAll method "
                        + "[AfterAllWithoutClassAnnotation#all(CombinedReport)] takes a CombinedReport, but class "
                        + "[AfterAllWithoutClassAnnotation] is not annotated with @BenchmarkAcrossCommits, and JUnit "
                        + "resolves @AfterAll parameters only with the class's extensions; annotate the class with "
                        + "@BenchmarkAcrossCommits (its attributes become defaults of its methods), or remove the parameter."),
                Arguments.of(NotAHydraSweepKey.class, "Configuration error: @Sweep(key = \"backend model\") for method"
                        + " [NotAHydraSweepKey#decoding()] cannot be passed to optimum-benchmark: [backend model] is not a"
                        + " Hydra override key: a key is a dotted path of names made of letters, digits, _ and - (e.g."
                        + " backend.model or scenario.input_shapes.batch_size), or a config group like hydra/launcher,"
                        + " optionally with a leading + (add) or ++ (add or override); it cannot be escaped or quoted (see"
                        + " https://hydra.cc/docs/1.2/advanced/override_grammar/basic)."),
                Arguments.of(SweepValueHydraCannotTake.class, "Configuration error: @Sweep(key = \"backend.model\") for"
                        + " method [SweepValueHydraCannotTake#decoding()] cannot be passed to optimum-benchmark: the value"
                        + " [${oc.env:MODEL}] holds ${, which Hydra and OmegaConf resolve as an interpolation, so it cannot"
                        + " be passed as written: use a value (or, for a folder, a path) without ${."),
                Arguments.of(BlankSweepKey.class, "Configuration error: @Sweep on method [BlankSweepKey#decoding()] must "
                        + "declare a non-blank 'key', e.g. \"backend.model\", but was [ ]."),
                Arguments.of(BadCheckout.class, "Configuration error: @BenchmarkAcrossCommits on method [BadCheckout#decoding()] "
                        + "must declare 'checkout' as one of [worktree, in-place] but was [x]."),
                Arguments.of(BadInconclusive.class, "Configuration error: @BenchmarkAcrossCommits on method "
                        + "[BadInconclusive#decoding()] must declare 'inconclusive' as one of [abort, fail, pass] but was [x]."),
                Arguments.of(BadProbableRegression.class, "Configuration error: @BenchmarkAcrossCommits on method "
                        + "[BadProbableRegression#decoding()] must declare 'probableRegression' as one of [abort, fail,"
                        + " pass] but was [warn]."),
                Arguments.of(BadEnv.class, "Configuration error: @BenchmarkAcrossCommits on method [BadEnv#decoding()] "
                        + "must declare 'env' entries as KEY=VALUE but one was [NOEQUALS]."),
                Arguments.of(BadTimeout.class, "Configuration error: @BenchmarkAcrossCommits on method [BadTimeout#decoding()] "
                        + "must declare 'timeout' as a positive duration like 90s, 10m, 1h or PT10M but was [soon]."),
                Arguments.of(BadSetupTimeout.class, "Configuration error: @BenchmarkAcrossCommits on method "
                        + "[BadSetupTimeout#decoding()] must declare 'setupTimeout' as a positive duration like 90s, 10m,"
                        + " 1h or PT10M but was [0s]."),
                // no number a user writes means "unset": -1 is checked like -2 (the annotation's default is {})
                Arguments.of(ThresholdMinusOne.class, "Configuration error: @BenchmarkAcrossCommits on method "
                        + "[ThresholdMinusOne#decoding()] is invalid: 'threshold' must be a positive percentage, e.g. 5, but"
                        + " was [-1.0]. Fix the attribute or the configuration parameter commitbench.<attribute>."),
                Arguments.of(RoundsMinusOne.class, "Configuration error: @BenchmarkAcrossCommits on method "
                        + "[RoundsMinusOne#decoding()] is invalid: 'rounds' must be at least 1 but was [-1]. Fix the attribute"
                        + " or the configuration parameter commitbench.<attribute>."),
                Arguments.of(MaxRoundsMinusOne.class, "Configuration error: @BenchmarkAcrossCommits on method "
                        + "[MaxRoundsMinusOne#decoding()] is invalid: 'maxRounds' must be at least 'rounds' (2) but was [-1]."
                        + " Fix the attribute or the configuration parameter commitbench.<attribute>."),
                Arguments.of(IterationsMinusOne.class, "Configuration error: @BenchmarkAcrossCommits on method "
                        + "[IterationsMinusOne#decoding()] is invalid: 'iterations' must be at least 1 but was [-1]. Fix the"
                        + " attribute or the configuration parameter commitbench.<attribute>."),
                Arguments.of(WarmupsMinusOne.class, "Configuration error: @BenchmarkAcrossCommits on method "
                        + "[WarmupsMinusOne#decoding()] is invalid: 'warmups' must be 0 or more but was [-1]. Fix the"
                        + " attribute or the configuration parameter commitbench.<attribute>."),
                Arguments.of(TwoThresholds.class, "Configuration error: @BenchmarkAcrossCommits on method "
                        + "[TwoThresholds#decoding()] must declare one value for 'threshold' (e.g. threshold = 4) but"
                        + " declared [5.0, 10.0]."),
                Arguments.of(TwoConfigFromCheckout.class, "Configuration error: @BenchmarkAcrossCommits on method "
                        + "[TwoConfigFromCheckout#decoding()] must declare one value for 'configFromCheckout' (e.g."
                        + " configFromCheckout = true) but declared [true, false]."),
                // a placeholder no value is given for is a typo: named before any run, not repeated in every run
                Arguments.of(MisspelledSweepPlaceholder.class, "Configuration error: @BenchmarkAcrossCommits on method "
                        + "[MisspelledSweepPlaceholder#decoding()] is invalid: 'command' has an unknown placeholder ${sizee}"
                        + " in [sh ${workspace}/bench.sh ${sizee}]. Did you mean ${size}? The placeholders are ${workspace},"
                        + " ${sha}, ${ref}, ${device}, ${size}; write a shell variable as $NAME or $${NAME}. Fix the attribute"
                        + " or the"
                        + " configuration parameter commitbench.<attribute>."),
                Arguments.of(MisspelledEnvPlaceholder.class, "Configuration error: @BenchmarkAcrossCommits on method "
                        + "[MisspelledEnvPlaceholder#decoding()] is invalid: 'env' entry PYTHONPATH has an unknown placeholder"
                        + " ${workspcae} in [${workspcae}/src]. Did you mean ${workspace}? The placeholders are ${workspace},"
                        + " ${sha}, ${ref}; write a shell variable as $NAME or $${NAME}. Fix the attribute or the"
                        + " configuration parameter commitbench.<attribute>."),
                // setup runs once per commit, for every point: a sweep key has no value there
                Arguments.of(SweepKeyInSetup.class, "Configuration error: @BenchmarkAcrossCommits on method "
                        + "[SweepKeyInSetup#decoding()] is invalid: 'setup' has an unknown placeholder ${size} in"
                        + " [make ${size}]. The placeholders are ${workspace}, ${sha}, ${ref}; write a shell variable as"
                        + " $NAME or $${NAME}. Fix the attribute or the configuration parameter commitbench.<attribute>."),
                Arguments.of(SweepOnPlainTestNextToABenchmark.class, "Configuration error: @Sweep on method "
                        + "[SweepOnPlainTestNextToABenchmark#plain()] needs @BenchmarkAcrossCommits on the same method; "
                        + "add it, or remove @Sweep."));
    }

    @ParameterizedTest
    @MethodSource("misuses")
    void failsTheContainerBeforeAnyGitWork(Class<?> fixture, String expected) {
        new BenchmarkTestKit(temp).execute(fixture).allEvents().assertThatEvents().haveExactly(1,
                event(container(), finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(expected))));
    }

    /**
     * Verifies that a {@code @Sweep} on a plain {@code @Test}, in a class where nothing registers the extension for
     * the class, fails that test: JUnit registers an extension declared on a method for that method only, so no
     * callback can fail the class (next to a benchmark, or under a class annotation, the container fails).
     */
    @Test
    void aSweepOnAPlainTestFailsThatTest() {
        new BenchmarkTestKit(temp).execute(SweepOnPlainTest.class).allEvents().assertThatEvents().haveExactly(1,
                event(finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
                        message("Configuration error: @Sweep on method [SweepOnPlainTest#decoding()] needs "
                                + "@BenchmarkAcrossCommits on the same method; add it, or remove @Sweep."))));
    }

    static Stream<Arguments> badConfigurationParameters() {
        return Stream.of(
                Arguments.of("commitbench.rounds", "three",
                        "Configuration error: configuration parameter [commitbench.rounds] must be an integer but was [three]."),
                Arguments.of("commitbench.order", "x",
                        "Configuration error: configuration parameter [commitbench.order] must be one of [abba, random] but was [x]."),
                Arguments.of("commitbench.seed", "x",
                        "Configuration error: configuration parameter [commitbench.seed] must be an integer but was [x]."),
                Arguments.of("commitbench.devices", "0,,1",
                        "Configuration error: @BenchmarkAcrossCommits on method [WithoutReport#decoding()] has an"
                        + " invalid 'devices' (attribute or configuration parameter commitbench.devices): devices"
                        + " [0,,1] has an empty entry. Give 'auto' (every GPU nvidia-smi or rocm-smi lists) or device"
                        + " indices separated by commas, e.g. devices 0,1,2,3."),
                Arguments.of("commitbench.devices", "cuda:0",
                        "Configuration error: @BenchmarkAcrossCommits on method [WithoutReport#decoding()] has an"
                        + " invalid 'devices' (attribute or configuration parameter commitbench.devices): devices"
                        + " [cuda:0] names [cuda:0], which is neither a device index nor a device UUID. Give 'auto'"
                        + " (every GPU nvidia-smi or rocm-smi lists) or device indices separated by commas, e.g."
                        + " devices 0,1,2,3."),
                Arguments.of("commitbench.executor", "kubernetes",
                        "Configuration error: configuration parameter [commitbench.executor] must be one of [local,"
                        + " slurm] but was [kubernetes]."),
                Arguments.of("commitbench.executor", "slurm",
                        "Configuration error: commitbench.executor=slurm needs configuration parameter"
                        + " [commitbench.shards], the number of array tasks (at most the number of points), e.g."
                        + " commitbench.shards=4."),
                Arguments.of("commitbench.shards", "2",
                        "Configuration error: configuration parameters [commitbench.shards] and"
                        + " [commitbench.slurmOptions] are for commitbench.executor=slurm; set it, or remove them."));
    }

    @Test
    void aBisectionRefusesDevicesBeforeAnyGitWork() {
        new BenchmarkTestKit(temp).set("commitbench.devices", "0,1").execute(BisectTestCases.Nightly.class).allEvents()
                .assertThatEvents().haveExactly(1, event(container(), finishedWithFailure(
                        instanceOf(ExtensionConfigurationException.class), message("Configuration error:"
                                + " @BenchmarkAcrossCommits on method [Nightly#decoding()] bisects (bisect = true), which"
                                + " runs on this machine's default device: 'devices' (commitbench.devices) and"
                                + " commitbench.executor=slurm do not apply to it; leave them out for this method."))));
    }

    @ParameterizedTest
    @MethodSource("badConfigurationParameters")
    void aBadConfigurationParameterNamesTheKey(String key, String value, String expected) {
        new BenchmarkTestKit(temp).set(key, value).execute(WithoutReport.class).allEvents()
                .assertThatEvents().haveExactly(1, event(container(), finishedWithFailure(
                        instanceOf(ExtensionConfigurationException.class), message(expected))));
    }
}
