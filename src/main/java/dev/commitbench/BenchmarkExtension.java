package dev.commitbench;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.internal.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * {@code BenchmarkExtension} is used to give the {@link BenchmarkAcrossCommits} methods of a class defaults
 * computed in code, e.g. a repository the class builds itself. Register it in a {@code static} field:
 *
 * <pre><code class='java'>
 * &#64;RegisterExtension
 * static BenchmarkExtension commitbench = BenchmarkExtension.builder()
 *         .repository(() -&gt; repositoryBuiltInBeforeAll)
 *         .engine("command").command("sh", "${workspace}/bench.sh")
 *         .build();
 * </code></pre>
 *
 * <p>Precedence: the method's explicit attributes, then the class's {@code @BenchmarkAcrossCommits}, then
 * this extension, then the configuration parameters {@code commitbench.<attribute>}, then the built-in
 * defaults. Suppliers are asked when each benchmark method starts, after the class's {@code @BeforeAll}
 * methods, so they may return something a {@code @BeforeAll} method made. Immutable and thread-safe.
 *
 * <p>For more details and examples, see {@link BenchmarkAcrossCommits}.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class BenchmarkExtension implements BeforeAllCallback {

    /**
     * Where {@link #beforeAll} leaves the defaults for the extension: in the class's store, under the key
     * {@code BenchmarkExtension.class}, a map from attribute name to a supplier of the typed value ({@code Path},
     * {@code Integer}, {@code Double}, {@code Boolean}, {@code Duration}, {@link InconclusivePolicy}, {@code String}
     * or {@code List<String>}).
     */
    static final Namespace NAMESPACE = Namespace.create(BenchmarkExtension.class);

    private final Map<String, Supplier<Object>> values;

    private BenchmarkExtension(Map<String, Supplier<Object>> values) {
        this.values = Map.copyOf(values);
    }

    /**
     * Starts a builder without defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put(BenchmarkExtension.class, values);
    }

    /**
     * Builds a {@link BenchmarkExtension}; each setter is optional. Not thread-safe.
     *
     * <pre><code class='java'>
     * BenchmarkExtension extension = BenchmarkExtension.builder()
     *         .commits("main", "HEAD").threshold(10).inconclusive(InconclusivePolicy.FAIL)
     *         .build();
     * </code></pre>
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private final Map<String, Supplier<Object>> values = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * A directory inside the git repository to benchmark, asked when each benchmark method starts.
         *
         * @param repository gives the directory; asked after the class's {@code @BeforeAll} methods
         * @return this builder
         */
        public Builder repository(Supplier<Path> repository) {
            values.put("repository", repository::get);
            return this;
        }

        /**
         * The commits, as {@link BenchmarkAcrossCommits#commits()}.
         *
         * @param commits refs, ranges or {@code diff}; the first is the baseline
         * @return this builder
         */
        public Builder commits(String... commits) {
            return list("commits", commits);
        }

        /**
         * The branch {@code diff} compares with.
         *
         * @param base a branch name
         * @return this builder
         */
        public Builder base(String base) {
            return string("base", base);
        }

        /**
         * {@code optimum-benchmark} or {@code command}.
         *
         * @param engine the engine's name
         * @return this builder
         */
        public Builder engine(String engine) {
            return string("engine", engine);
        }

        /**
         * The command engine's command as words.
         *
         * @param command the command and its arguments
         * @return this builder
         */
        public Builder command(String... command) {
            return list("command", command);
        }

        /**
         * optimum-benchmark's {@code --config-dir}.
         *
         * @param configDir the config directory
         * @return this builder
         */
        public Builder configDir(String configDir) {
            return string("configDir", configDir);
        }

        /**
         * optimum-benchmark's {@code --config-name}.
         *
         * @param configName the config name, without {@code .yaml}
         * @return this builder
         */
        public Builder configName(String configName) {
            return string("configName", configName);
        }

        /**
         * The metric paths.
         *
         * @param metrics dotted metric paths
         * @return this builder
         */
        public Builder metrics(String... metrics) {
            return list("metrics", metrics);
        }

        /**
         * Rounds per commit and point.
         *
         * @param rounds at least 1
         * @return this builder
         */
        public Builder rounds(int rounds) {
            return typed("rounds", rounds);
        }

        /**
         * The most rounds per commit and point, as {@link BenchmarkAcrossCommits#maxRounds()}.
         *
         * @param maxRounds at least {@code rounds}
         * @return this builder
         */
        public Builder maxRounds(int maxRounds) {
            return typed("maxRounds", maxRounds);
        }

        /**
         * The regression threshold in percent.
         *
         * @param thresholdPercent the threshold, e.g. {@code 5} for 5%
         * @return this builder
         */
        public Builder threshold(double thresholdPercent) {
            return typed("threshold", thresholdPercent);
        }

        /**
         * As {@link BenchmarkAcrossCommits#configFromCheckout()}.
         *
         * @param configFromCheckout {@code true} to resolve against the current checkout
         * @return this builder
         */
        public Builder configFromCheckout(boolean configFromCheckout) {
            return typed("configFromCheckout", configFromCheckout);
        }

        /**
         * As {@link BenchmarkAcrossCommits#bisect()}: bisect the range {@code commits = "A..B"} instead of comparing.
         *
         * @param bisect {@code true} to bisect
         * @return this builder
         */
        public Builder bisect(boolean bisect) {
            return string("bisect", String.valueOf(bisect));
        }

        /**
         * Per-metric directions as {@code METRIC=higher} or {@code METRIC=lower}, as
         * {@link BenchmarkAcrossCommits#directions()}.
         *
         * @param directions entries {@code METRIC=higher} or {@code METRIC=lower}
         * @return this builder
         */
        public Builder directions(String... directions) {
            return list("directions", directions);
        }

        /**
         * The command engine's timed iterations per round.
         *
         * @param iterations at least 1
         * @return this builder
         */
        public Builder iterations(int iterations) {
            return typed("iterations", iterations);
        }

        /**
         * The command engine's warm-up runs per round.
         *
         * @param warmups 0 or more
         * @return this builder
         */
        public Builder warmups(int warmups) {
            return typed("warmups", warmups);
        }

        /**
         * {@code worktree} or {@code in-place}.
         *
         * @param checkout the checkout mode
         * @return this builder
         */
        public Builder checkout(String checkout) {
            return string("checkout", checkout);
        }

        /**
         * A shell command run once per materialized commit, as {@link BenchmarkAcrossCommits#setup()}.
         *
         * @param setup the shell command
         * @return this builder
         */
        public Builder setup(String setup) {
            return string("setup", setup);
        }

        /**
         * Per-commit environment variables as {@code KEY=VALUE}, as {@link BenchmarkAcrossCommits#env()}.
         *
         * @param env entries {@code KEY=VALUE}
         * @return this builder
         */
        public Builder env(String... env) {
            return list("env", env);
        }

        /**
         * The limit for one engine run: {@code 90s}, {@code 10m}, {@code 1h} or ISO-8601 ({@code PT10M}).
         *
         * @param timeout the limit
         * @return this builder
         * @throws IllegalArgumentException when {@code timeout} is not a positive duration in one of those forms
         */
        public Builder timeout(String timeout) {
            return timeout(duration("timeout", timeout));
        }

        /**
         * The limit for one engine run.
         *
         * @param timeout the limit, positive
         * @return this builder
         * @since 0.2
         */
        public Builder timeout(Duration timeout) {
            return typed("timeout", timeout);
        }

        /**
         * The limit for one run of the setup command, as {@link BenchmarkAcrossCommits#setupTimeout()}: {@code 90s},
         * {@code 30m}, {@code 1h} or ISO-8601 ({@code PT30M}).
         *
         * @param setupTimeout the limit
         * @return this builder
         * @throws IllegalArgumentException when {@code setupTimeout} is not a positive duration in one of those forms
         * @since 0.2
         */
        public Builder setupTimeout(String setupTimeout) {
            return setupTimeout(duration("setupTimeout", setupTimeout));
        }

        /**
         * The limit for one run of the setup command, after which its whole process tree is killed.
         *
         * @param setupTimeout the limit, positive
         * @return this builder
         * @since 0.2
         */
        public Builder setupTimeout(Duration setupTimeout) {
            return typed("setupTimeout", setupTimeout);
        }

        /**
         * What an inconclusive gate does, as {@link BenchmarkAcrossCommits#inconclusive()}.
         *
         * @param inconclusive the policy
         * @return this builder
         */
        public Builder inconclusive(InconclusivePolicy inconclusive) {
            return typed("inconclusive", inconclusive);
        }

        /**
         * What a probable regression does, as {@link BenchmarkAcrossCommits#probableRegression()}.
         *
         * @param probableRegression the policy
         * @return this builder
         */
        public Builder probableRegression(InconclusivePolicy probableRegression) {
            return typed("probableRegression", probableRegression);
        }

        /**
         * The display name pattern of each invocation, as {@link BenchmarkAcrossCommits#name()}.
         *
         * @param name the pattern
         * @return this builder
         */
        public Builder name(String name) {
            return string("name", name);
        }

        /** {@return the extension, to be held in a {@code static} field annotated with {@code @RegisterExtension}} */
        public BenchmarkExtension build() {
            return new BenchmarkExtension(values);
        }

        private Builder string(String attribute, String value) {
            return typed(attribute, value);
        }

        private Builder typed(String attribute, Object value) {
            values.put(attribute, () -> value);
            return this;
        }

        private static Duration duration(String attribute, String text) {
            return Durations.parse(text).orElseThrow(() -> new IllegalArgumentException("BenchmarkExtension's '"
                    + attribute + "' must be a positive duration like " + Durations.FORMS + " but was [" + text + "]."));
        }

        private Builder list(String attribute, String... value) {
            List<String> copy = List.of(value);
            values.put(attribute, () -> copy);
            return this;
        }
    }
}
