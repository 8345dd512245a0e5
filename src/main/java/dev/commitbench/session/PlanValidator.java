package dev.commitbench.session;

import dev.commitbench.Commit;
import dev.commitbench.Gate;
import dev.commitbench.engine.HydraSyntax;
import dev.commitbench.git.CheckoutMode;
import dev.commitbench.git.CommitResolver;
import dev.commitbench.internal.Placeholders;
import dev.commitbench.scale.Pinning;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code PlanValidator} is the one check of a plan's settings, for both front ends: {@link PlanBuilder#build()}
 * runs it before any git or process work and throws an {@link IllegalArgumentException} that names the setting the
 * way the front end's user knows it ({@code 'threshold'} or {@code --threshold}), the bad value and what to do.
 */
final class PlanValidator {

    /** The per-commit placeholders: what {@code setup}, {@code env} and {@code executable} may use. */
    static final List<String> COMMIT_PLACEHOLDERS = List.of("workspace", "sha", "ref");

    private final PlanBuilder plan;

    private PlanValidator(PlanBuilder plan) {
        this.plan = plan;
    }

    static void validate(PlanBuilder plan, int maxRounds) {
        new PlanValidator(plan).validate(maxRounds);
    }

    private void validate(int maxRounds) {
        require(plan.repository != null, name("repository")
                + " must be set to a directory inside the git repository to benchmark");
        require(!plan.commits.isEmpty() && plan.commits.stream().noneMatch(c -> c == null || c.isBlank()),
                name("commits") + " must list at least one commit (a ref, a SHA, A..B or diff) but was " + plan.commits);
        require(plan.base != null && !plan.base.isBlank(),
                name("base") + " must name the branch 'diff' compares with but was [" + plan.base + "]");
        boolean command = EngineSettings.COMMAND.equals(plan.engine);
        require(command || EngineSettings.OPTIMUM_BENCHMARK.equals(plan.engine), name("engine") + " must be one of ["
                + EngineSettings.OPTIMUM_BENCHMARK + ", " + EngineSettings.COMMAND + "] but was [" + plan.engine + "]");
        if (command) {
            require(!plan.command.isEmpty(), name("command") + " must be set when " + name("engine")
                    + " is command: the command to time, e.g. [sh, ./bench.sh]");
            require(plan.iterations >= 1, name("iterations") + " must be at least 1 but was [" + plan.iterations + "]");
            require(plan.warmups >= 0, name("warmups") + " must be 0 or more but was [" + plan.warmups + "]");
        } else {
            require(plan.configName != null && !plan.configName.isBlank(),
                    name("configName") + " must name the optimum-benchmark config (--config-name), e.g. generation");
            require(!plan.executable.isEmpty(), name("executable") + " must name the optimum-benchmark executable");
            requireHydraSyntax();
        }
        require(!plan.metrics.isEmpty(), name("metrics") + " must list at least one metric path, e.g. decode.latency.mean");
        require(!plan.points.isEmpty(), "'points' must hold at least one sweep point (SweepPoint.empty() for none)");
        Set<SweepPoint> seen = new HashSet<>();
        for (SweepPoint point : plan.points) {
            require(seen.add(point), "'points' must not repeat a sweep point but [" + point.label() + "] appears twice");
        }
        require(plan.rounds >= 1, name("rounds") + " must be at least 1 but was [" + plan.rounds + "]");
        require(maxRounds >= plan.rounds, name("maxRounds") + " must be at least " + name("rounds") + " ("
                + plan.rounds + ") but was [" + maxRounds + "]");
        require(Gate.isValidThreshold(plan.thresholdPercent),
                name("threshold") + " must be a positive percentage, e.g. 5, but was [" + plan.thresholdPercent + "]");
        require(plan.confidence > 0 && plan.confidence < 1,
                name("confidence") + " must lie between 0 and 1, e.g. 0.95, but was [" + plan.confidence + "]");
        requirePositive("timeout", plan.timeout);
        requirePositive("setupTimeout", plan.setupTimeout);
        require(plan.outputDir != null, name("outputDir") + " must be set to the folder where results go");
        require(plan.order != null, name("order") + " must be ABBA or RANDOM");
        require(plan.checkout != null, name("checkout") + " must be worktree or in-place");
        require(plan.inconclusive != null, name("inconclusive") + " must be abort, fail or pass");
        require(plan.probableRegression != null, name("probableRegression") + " must be fail, abort or pass");
        require(plan.pointDirectories != null, "'pointDirectories' must be PER_POINT, SHARED or OVERRIDE_DIRNAME");
        require(plan.checkout != CheckoutMode.IN_PLACE || !namesWorkingTree(plan.commits),
                name("commits") + " " + plan.commits + " names WORKTREE, the uncommitted changes, which in-place mode"
                        + " cannot measure: it checks every commit out in the working tree itself, so it needs a clean"
                        + " one and would replace the changes. Use checkout = worktree, the default (on the command"
                        + " line, leave out --in-place)");
        placeholders(command);
    }

    /** Whether the commit specs name {@code WORKTREE} ({@code WORKTREE}, {@code diff+worktree}, {@code A..WORKTREE}). */
    static boolean namesWorkingTree(List<String> specs) {
        return specs.stream().filter(Objects::nonNull).flatMap(spec -> Arrays.stream(spec.split(",")))
                .map(String::strip)
                .anyMatch(spec -> spec.equals(Commit.WORKTREE) || spec.equals(CommitResolver.DIFF_WORKTREE)
                        || spec.endsWith(".." + Commit.WORKTREE));
    }

    /**
     * Rejects a placeholder no value will be given for ({@code ${sizee}}), wherever placeholders are expanded:
     * the command engine's {@code command} (per-commit placeholders and the sweep keys), {@code executable},
     * {@code setup} and {@code env} (per commit: no sweep keys).
     */
    private void placeholders(boolean command) {
        if (command) {
            Set<String> known = new LinkedHashSet<>(COMMIT_PLACEHOLDERS);
            known.add(Pinning.PLACEHOLDER);
            plan.points.forEach(point -> point.values().keySet().forEach(key -> known.add(key.replaceFirst("^\\++", ""))));
            unknown(name("command"), String.join(" ", plan.command), known);
        } else {
            unknown(name("executable"), String.join(" ", plan.executable), COMMIT_PLACEHOLDERS);
        }
        unknown(name("setup"), plan.setup, COMMIT_PLACEHOLDERS);
        for (Map.Entry<String, String> entry : plan.environment.entrySet()) {
            unknown(name("env") + " entry " + entry.getKey(), entry.getValue(), COMMIT_PLACEHOLDERS);
        }
    }

    private void requirePositive(String setting, Duration duration) {
        require(duration != null && !duration.isNegative() && !duration.isZero(),
                name(setting) + " must be a positive duration but was [" + duration + "]");
    }

    private String name(String setting) {
        return plan.settingNames.apply(setting);
    }

    private static void unknown(String setting, String text, Collection<String> known) {
        Placeholders.unknown(setting, text, known).ifPresent(message -> {
            throw new IllegalArgumentException(message);
        });
    }

    /**
     * Every override commitbench writes for optimum-benchmark must be one Hydra can parse: each point's, and the
     * run directories under the output folder ({@code hydra.run.dir=<outputDir>/.../commit\=<sha>}).
     */
    private void requireHydraSyntax() {
        for (SweepPoint point : plan.points) {
            try {
                point.overrides();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the sweep point [" + point.label() + "] cannot be passed to"
                        + " optimum-benchmark: " + e.getMessage(), e);
            }
        }
        if (plan.outputDir != null) {
            try {
                HydraSyntax.value(plan.outputDir.toAbsolutePath().toString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name("outputDir") + " [" + plan.outputDir.toAbsolutePath() + "] cannot hold"
                        + " optimum-benchmark's run directories (hydra.run.dir): " + e.getMessage()
                        + ". Choose another output folder.", e);
            }
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
