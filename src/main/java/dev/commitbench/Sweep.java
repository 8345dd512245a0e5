package dev.commitbench;

import static org.apiguardian.api.API.Status.STABLE;

import dev.commitbench.junit.BenchmarkAcrossCommitsExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code @Sweep} is used to run a {@link BenchmarkAcrossCommits} method for several values of one Hydra
 * override (or command placeholder), e.g. {@code @Sweep(key = "backend.model", values = {"gpt2", "distilgpt2"})}.
 *
 * <p>Repeatable, on the method or on its class. The sweep points are the cartesian product of every
 * {@code @Sweep}, in declaration order (the class's first); each point is one invocation. {@code key}
 * must not be blank, must not repeat, and {@code values} must not be empty. A {@code @Sweep} without
 * {@code @BenchmarkAcrossCommits} fails the test class when the class carries {@code @BenchmarkAcrossCommits},
 * the benchmark methods' containers when only methods do, and otherwise the test it is on.
 *
 * <p>For example, four invocations, one per model and cache implementation:
 *
 * <pre><code class='java'>
 * &#64;BenchmarkAcrossCommits(commits = {"main", "HEAD"}, configDir = "benchmark/config", configName = "generation")
 * &#64;Sweep(key = "backend.model", values = {"gpt2", "distilgpt2"})
 * &#64;Sweep(key = "backend.cache_implementation", values = {"static", "dynamic"})
 * void generationIsNotSlower(CombinedReport report) {
 *     CommitbenchAssertions.assertThat(report).hasNoRegression();
 * }
 * </code></pre>
 *
 * <p>For more details and examples, see the README.
 */
@Target({ ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(Sweep.Sweeps.class)
@ExtendWith(BenchmarkAcrossCommitsExtension.class)
@API(status = STABLE, since = "0.1")
public @interface Sweep {

    /**
     * {@return the override key, e.g. {@code backend.model} or {@code scenario.input_shapes.batch_size}; must not be
     * blank, and for optimum-benchmark must be a key of Hydra's override grammar (a dotted path, a config group, an
     * optional leading {@code +})}
     */
    String key();

    /**
     * {@return the values, in order; must not be empty} Each is literal text: for optimum-benchmark commitbench writes
     * it in Hydra's override syntax ({@code /models/my model=2} becomes {@code /models/my\ model\=2}; numbers,
     * {@code true}, {@code false} and {@code null} stay as they are, so Hydra types them), and a value holding
     * <code>${</code> is rejected before any run; for the command engine it fills the placeholder as it is.
     */
    String[] values();

    /**
     * {@code @Sweeps} is the container of repeated {@link Sweep} annotations. The compiler writes it when
     * {@code @Sweep} is repeated, so code only reads it, e.g. through JUnit's
     * {@code AnnotationSupport.findRepeatableAnnotations(method, Sweep.class)}:
     *
     * <pre><code class='java'>
     * &#64;Sweep(key = "backend.model", values = "gpt2")
     * &#64;Sweep(key = "scenario.input_shapes.batch_size", values = {"1", "8"})
     * void benchmark() {  // carries &#64;Sweeps({&#64;Sweep(...), &#64;Sweep(...)})
     * }
     * </code></pre>
     */
    @Target({ ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @ExtendWith(BenchmarkAcrossCommitsExtension.class)
    @API(status = STABLE, since = "0.1")
    @interface Sweeps {

        /** {@return the repeated {@code @Sweep} annotations, in declaration order} */
        Sweep[] value();
    }
}
