package dev.commitbench.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code RealEngine} is used to find the real optimum-benchmark for the real-engine tests: a virtual environment
 * holding {@code bin/optimum-benchmark} and the tiny GPT-2 {@code models/tiny-gpt2}, as
 * {@code ../shared/tools/install-optimum-benchmark VENV} makes it. Where: the environment variable
 * {@value #VENV_VARIABLE}, else the system property {@value #VENV_PROPERTY}, else {@link #DEFAULT_VENV} (where
 * {@code .ci/run} installs it). Tests carrying {@link Test @RealEngine.Test} are tagged {@value #TAG} and are
 * skipped, naming the install command, when it is not there.
 */
public final class RealEngine {

    /** The tag of the tests that run the real optimum-benchmark. */
    public static final String TAG = "real-engine";
    /** The environment variable naming the virtual environment. */
    public static final String VENV_VARIABLE = "COMMITBENCH_REAL_ENGINE_VENV";
    /** The system property naming it (when the environment variable is not set). */
    public static final String VENV_PROPERTY = "commitbench.realEngineVenv";
    /** Where {@code .ci/run} installs it. */
    public static final Path DEFAULT_VENV = Path.of(System.getProperty("user.home"), ".cache", "commitbench",
            "optimum-benchmark-venv");

    private RealEngine() {
    }

    /** The virtual environment the tests use (it may not exist). */
    public static Path venv() {
        String variable = System.getenv(VENV_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return Path.of(variable);
        }
        String property = System.getProperty(VENV_PROPERTY);
        return property != null && !property.isBlank() ? Path.of(property) : DEFAULT_VENV;
    }

    /** {@code bin/optimum-benchmark} of the environment. */
    public static Path executable() {
        return venv().resolve("bin/optimum-benchmark");
    }

    /** {@code bin/python} of the environment. */
    public static Path python() {
        return venv().resolve("bin/python");
    }

    /** The tiny random-weight GPT-2 the installer writes. */
    public static Path model() {
        return venv().resolve("models/tiny-gpt2");
    }

    /** Why the real engine cannot be used, or empty when it can. */
    public static Optional<String> missing() {
        Path venv = venv();
        if (Files.isExecutable(executable()) && Files.isRegularFile(model().resolve("config.json"))) {
            return Optional.empty();
        }
        return Optional.of("The real optimum-benchmark is not installed in " + venv + " (" + executable() + " and "
                + model() + "): install it with `../shared/tools/install-optimum-benchmark " + venv + "`, or set "
                + VENV_VARIABLE + " to a virtual environment where it is (see the README, \"Run against the real"
                + " optimum-benchmark\").");
    }

    /**
     * {@code @RealEngine.Test} is used on a test class that runs the real optimum-benchmark: it tags the class
     * {@value RealEngine#TAG} and skips it with the install command when the engine is not installed.
     */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @Tag(TAG)
    @ExtendWith(Condition.class)
    public @interface Test {
    }

    /** Skips a {@link Test @RealEngine.Test} class without the real engine. */
    static final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return missing().map(ConditionEvaluationResult::disabled)
                    .orElseGet(() -> ConditionEvaluationResult.enabled("the real optimum-benchmark is in " + venv()));
        }
    }
}
