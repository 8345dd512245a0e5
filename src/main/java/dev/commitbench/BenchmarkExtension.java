package dev.commitbench;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.junit.RegisteredDefaults;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

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
        RegisteredDefaults.put(context, values);
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
            values.put("repository", () -> repository.get().toString());
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
            return string("rounds", String.valueOf(rounds));
        }

        /**
         * The most rounds per commit and point, as {@link BenchmarkAcrossCommits#maxRounds()}.
         *
         * @param maxRounds at least {@code rounds}
         * @return this builder
         */
        public Builder maxRounds(int maxRounds) {
            return string("maxRounds", String.valueOf(maxRounds));
        }

        /**
         * The regression threshold in percent.
         *
         * @param thresholdPercent the threshold, e.g. {@code 5} for 5%
         * @return this builder
         */
        public Builder threshold(double thresholdPercent) {
            return string("threshold", String.valueOf(thresholdPercent));
        }

        /**
         * As {@link BenchmarkAcrossCommits#configFromCheckout()}.
         *
         * @param configFromCheckout {@code true} to resolve against the current checkout
         * @return this builder
         */
        public Builder configFromCheckout(boolean configFromCheckout) {
            return string("configFromCheckout", String.valueOf(configFromCheckout));
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
            return string("iterations", String.valueOf(iterations));
        }

        /**
         * The command engine's warm-up runs per round.
         *
         * @param warmups 0 or more
         * @return this builder
         */
        public Builder warmups(int warmups) {
            return string("warmups", String.valueOf(warmups));
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
         */
        public Builder timeout(String timeout) {
            return string("timeout", timeout);
        }

        /**
         * What an inconclusive gate does, as {@link BenchmarkAcrossCommits#inconclusive()}.
         *
         * @param inconclusive the policy
         * @return this builder
         */
        public Builder inconclusive(InconclusivePolicy inconclusive) {
            return string("inconclusive", inconclusive.name().toLowerCase(java.util.Locale.ROOT));
        }

        /**
         * What a probable regression does, as {@link BenchmarkAcrossCommits#probableRegression()}.
         *
         * @param probableRegression the policy
         * @return this builder
         */
        public Builder probableRegression(InconclusivePolicy probableRegression) {
            return string("probableRegression", probableRegression.name().toLowerCase(java.util.Locale.ROOT));
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
            values.put(attribute, () -> value);
            return this;
        }

        private Builder list(String attribute, String... value) {
            List<String> copy = List.of(value);
            values.put(attribute, () -> copy);
            return this;
        }
    }
}
