package dev.commitbench.session;

import dev.commitbench.engine.HydraSyntax;

import dev.commitbench.Commit;
import dev.commitbench.git.CheckoutMode;
import dev.commitbench.git.CommitResolver;
import dev.commitbench.internal.Placeholders;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code PlanValidator} is used to reject a bad {@link BenchmarkPlan} before any git or process work,
 * with an {@link IllegalArgumentException} that names the setting, the bad value and what to do.
 */
final class PlanValidator {

    private PlanValidator() {
    }

    static void validate(BenchmarkPlan plan) {
        require(plan.repository() != null, "'repository' must be set to a directory inside the git repository to benchmark");
        require(!plan.commits().isEmpty() && plan.commits().stream().noneMatch(c -> c == null || c.isBlank()),
                "'commits' must list at least one commit (a ref, a SHA, A..B or diff) but was " + plan.commits());
        require(plan.base() != null && !plan.base().isBlank(), "'base' must name the branch 'diff' compares with but was [" + plan.base() + "]");
        boolean command = BenchmarkPlan.COMMAND.equals(plan.engine());
        require(command || BenchmarkPlan.OPTIMUM_BENCHMARK.equals(plan.engine()),
                "'engine' must be one of [optimum-benchmark, command] but was [" + plan.engine() + "]");
        if (command) {
            require(!plan.command().isEmpty(), "'command' must be set when 'engine' is command, e.g. [sh, -c, ./bench.sh]");
            require(plan.iterations() >= 1, "'iterations' must be at least 1 but was " + plan.iterations());
            require(plan.warmups() >= 0, "'warmups' must be 0 or more but was " + plan.warmups());
        } else {
            require(plan.configName() != null && !plan.configName().isBlank(),
                    "'configName' must name the optimum-benchmark config (--config-name), e.g. generation");
            require(!plan.executable().isEmpty(), "'executable' must name the optimum-benchmark executable");
            requireHydraSyntax(plan);
        }
        require(!plan.metrics().isEmpty(), "'metrics' must list at least one metric path, e.g. decode.latency.mean");
        require(!plan.points().isEmpty(), "'points' must hold at least one sweep point (SweepPoint.empty() for none)");
        Set<SweepPoint> seen = new HashSet<>();
        for (SweepPoint point : plan.points()) {
            require(seen.add(point), "'points' must not repeat a sweep point but [" + point.label() + "] appears twice");
        }
        require(plan.rounds() >= 1, "'rounds' must be at least 1 but was " + plan.rounds());
        require(plan.maxRounds() >= plan.rounds(),
                "'maxRounds' must be at least 'rounds' (" + plan.rounds() + ") but was " + plan.maxRounds());
        require(plan.thresholdPercent() > 0 && Double.isFinite(plan.thresholdPercent()),
                "'threshold' must be a positive percentage, e.g. 5, but was " + plan.thresholdPercent());
        require(plan.confidence() > 0 && plan.confidence() < 1,
                "'confidence' must lie between 0 and 1, e.g. 0.95, but was " + plan.confidence());
        require(plan.timeout() != null && !plan.timeout().isNegative() && !plan.timeout().isZero(),
                "'timeout' must be a positive duration but was " + plan.timeout());
        require(plan.outputDir() != null, "'outputDir' must be set to the folder where results go");
        require(plan.order() != null, "'order' must be ABBA or RANDOM");
        require(plan.checkout() != null, "'checkout' must be worktree or in-place");
        require(plan.inconclusive() != null, "'inconclusive' must be abort, fail or pass");
        require(plan.probableRegression() != null, "'probableRegression' must be fail, abort or pass");
        require(plan.pointDirectories() != null, "'pointDirectories' must be PER_POINT, SHARED or OVERRIDE_DIRNAME");
        require(plan.checkout() != CheckoutMode.IN_PLACE || !namesWorkingTree(plan.commits()),
                "'commits' " + plan.commits() + " names WORKTREE, the uncommitted changes, which in-place mode cannot"
                        + " measure: it checks every commit out in the working tree itself, so it needs a clean one and"
                        + " would replace the changes. Use checkout = worktree, the default (on the command line, leave"
                        + " out --in-place)");
        placeholders(plan);
    }

    /** Whether the commit specs name {@code WORKTREE} ({@code WORKTREE}, {@code diff+worktree}, {@code A..WORKTREE}). */
    static boolean namesWorkingTree(List<String> specs) {
        return specs.stream().filter(java.util.Objects::nonNull).flatMap(spec -> java.util.Arrays.stream(spec.split(",")))
                .map(String::strip)
                .anyMatch(spec -> spec.equals(Commit.WORKTREE) || spec.equals(CommitResolver.DIFF_WORKTREE)
                        || spec.endsWith(".." + Commit.WORKTREE));
    }

    /** The per-commit placeholders: what {@code setup}, {@code env} and {@code executable} may use. */
    static final List<String> COMMIT_PLACEHOLDERS = List.of("workspace", "sha", "ref");

    /**
     * Rejects a placeholder no value will be given for ({@code ${sizee}}), wherever placeholders are expanded:
     * the command engine's {@code command} (per-commit placeholders and the sweep keys), {@code executable},
     * {@code setup} and {@code env} (per commit: no sweep keys).
     */
    private static void placeholders(BenchmarkPlan plan) {
        if (BenchmarkPlan.COMMAND.equals(plan.engine())) {
            Set<String> known = new LinkedHashSet<>(COMMIT_PLACEHOLDERS);
            known.add(dev.commitbench.scale.Pinning.PLACEHOLDER);
            plan.points().forEach(point -> point.values().keySet().forEach(key -> known.add(key.replaceFirst("^\\++", ""))));
            unknown("'command'", String.join(" ", plan.command()), known);
        } else {
            unknown("'executable'", String.join(" ", plan.executable()), COMMIT_PLACEHOLDERS);
        }
        unknown("'setup'", plan.setup(), COMMIT_PLACEHOLDERS);
        for (Map.Entry<String, String> entry : plan.environment().entrySet()) {
            unknown("'env' entry " + entry.getKey(), entry.getValue(), COMMIT_PLACEHOLDERS);
        }
    }

    private static void unknown(String setting, String text, java.util.Collection<String> known) {
        Placeholders.unknown(setting, text, known).ifPresent(message -> {
            throw new IllegalArgumentException(message);
        });
    }

    /**
     * Every override commitbench writes for optimum-benchmark must be one Hydra can parse: each point's, and the
     * run directories under the output folder ({@code hydra.run.dir=<outputDir>/.../commit\=<sha>}).
     */
    private static void requireHydraSyntax(BenchmarkPlan plan) {
        for (SweepPoint point : plan.points()) {
            try {
                point.overrides();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the sweep point [" + point.label() + "] cannot be passed to"
                        + " optimum-benchmark: " + e.getMessage(), e);
            }
        }
        if (plan.outputDir() != null) {
            try {
                HydraSyntax.value(plan.outputDir().toAbsolutePath().toString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'outputDir' [" + plan.outputDir().toAbsolutePath() + "] cannot hold"
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
