package dev.commitbench.junit;

import dev.commitbench.BenchmarkAcrossCommits;
import dev.commitbench.CombinedReport;
import dev.commitbench.InconclusivePolicy;
import dev.commitbench.Sweep;
import dev.commitbench.engine.HydraSyntax;
import dev.commitbench.git.CheckoutMode;
import dev.commitbench.git.CommitResolver;
import dev.commitbench.session.BenchmarkPlan;
import dev.commitbench.session.PlanBuilder;
import dev.commitbench.session.EngineSettings;
import dev.commitbench.internal.Durations;
import dev.commitbench.scale.DeviceException;
import dev.commitbench.scale.DeviceList;
import dev.commitbench.session.SweepPoint;
import dev.commitbench.stats.Direction;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * {@code BenchmarkSettings} is used to turn a {@link BenchmarkAcrossCommits} method (with its class's
 * annotation, its {@link Sweep}s and the configuration parameters) into a {@link BenchmarkPlan}, checking
 * every attribute before any git or process work. Precedence: the method's explicit attribute, then the
 * class's, then a registered {@link dev.commitbench.BenchmarkExtension}'s, then the configuration parameter
 * {@code commitbench.<attribute>}, then the built-in default.
 */
final class BenchmarkSettings {

    static final String PREFIX = "commitbench.";
    /** Where the run folders go (default {@code target/commitbench}). */
    static final String OUTPUT_DIR_PROPERTY_NAME = PREFIX + "outputDir";
    /** The optimum-benchmark executable as words separated by spaces (default {@code optimum-benchmark}). */
    static final String EXECUTABLE_PROPERTY_NAME = PREFIX + "executable";
    /** How rounds are ordered: {@code abba} (default) or {@code random}. */
    static final String ORDER_PROPERTY_NAME = PREFIX + "order";
    /** The seed of the random order and the bootstrap. */
    static final String SEED_PROPERTY_NAME = PREFIX + "seed";
    /** Where worktrees go (default: under the system temp directory). */
    static final String WORKSPACE_ROOT_PROPERTY_NAME = PREFIX + "workspaceRoot";
    /** {@code true}: keep the worktrees when a run failed, to look into them (their paths are in the report). */
    static final String KEEP_WORKSPACES_PROPERTY_NAME = PREFIX + "keepWorkspaces";
    /** Where worktrees are kept and reused across runs (checked against the commit's tree first; default: none). */
    static final String CACHE_DIR_PROPERTY_NAME = PREFIX + "cacheDir";

    /** The devices the points run on: {@code 0,1,2,3} or {@code auto} (default: the default device, one point at a time). */
    static final String DEVICES_PROPERTY_NAME = PREFIX + "devices";
    /** Where the points run: {@code local} (default) or {@code slurm} (the shards as one Slurm array). */
    static final String EXECUTOR_PROPERTY_NAME = PREFIX + "executor";
    /** With {@code commitbench.executor=slurm}: the number of shards (array tasks). */
    static final String SHARDS_PROPERTY_NAME = PREFIX + "shards";
    /** With {@code commitbench.executor=slurm}: {@code sbatch} options separated by spaces. */
    static final String SLURM_OPTIONS_PROPERTY_NAME = PREFIX + "slurmOptions";

    static final String DEFAULT_OUTPUT_DIR = "target/commitbench";

    /** Where a registered {@link dev.commitbench.BenchmarkExtension} leaves its defaults (the class's store). */
    private static final ExtensionContext.Namespace REGISTERED = ExtensionContext.Namespace.create(
            dev.commitbench.BenchmarkExtension.class);

    private final ExtensionContext context;
    private final Method method;
    private final Optional<BenchmarkAcrossCommits> onMethod;
    private final Optional<BenchmarkAcrossCommits> onClass;

    BenchmarkSettings(ExtensionContext context) {
        this.context = context;
        this.method = context.getRequiredTestMethod();
        this.onMethod = AnnotationSupport.findAnnotation(method, BenchmarkAcrossCommits.class);
        this.onClass = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), BenchmarkAcrossCommits.class);
    }

    /** The method as messages name it: {@code MyTests#decoding(CombinedReport)}. */
    static String describe(Method method) {
        return method.getDeclaringClass().getSimpleName() + "#" + method.getName() + "("
                + String.join(", ", Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).toList()) + ")";
    }

    static boolean takesReport(Method method) {
        return Arrays.asList(method.getParameterTypes()).contains(CombinedReport.class);
    }

    String displayNamePattern() {
        return string("name", BenchmarkAcrossCommits::name).orElse(BenchmarkAcrossCommits.DEFAULT_DISPLAY_NAME);
    }

    /** {@return whether the method bisects its range ({@code bisect = true})} */
    boolean bisect() {
        return flag("bisect", BenchmarkAcrossCommits::bisect).orElse(false);
    }

    /**
     * {@return the {@code devices} attribute or {@code commitbench.devices}, parsed; {@link DeviceList#DEFAULT} when
     * neither is set}
     *
     * @throws ExtensionConfigurationException naming the value and saying what is expected
     */
    DeviceList devices() {
        Optional<String> value = string("devices", BenchmarkAcrossCommits::devices);
        if (value.isEmpty()) {
            return DeviceList.DEFAULT;
        }
        try {
            return DeviceList.parse("devices", value.get());
        } catch (DeviceException e) {
            throw misuse("has an invalid 'devices' (attribute or configuration parameter " + DEVICES_PROPERTY_NAME
                    + "): " + e.getMessage());
        }
    }

    /**
     * {@return the Slurm executor's settings when {@code commitbench.executor} is {@code slurm}; empty for
     * {@code local} (the default)}
     *
     * @throws ExtensionConfigurationException for another executor, a missing or bad shard count, or Slurm settings
     *                                         without the Slurm executor
     */
    Optional<SlurmSettings> slurm() {
        String executor = config(EXECUTOR_PROPERTY_NAME).orElse("local");
        Optional<String> shards = config(SHARDS_PROPERTY_NAME);
        Optional<String> options = config(SLURM_OPTIONS_PROPERTY_NAME);
        switch (executor) {
            case "local" -> {
                if (shards.isPresent() || options.isPresent()) {
                    throw new ExtensionConfigurationException("Configuration error: configuration parameters ["
                            + SHARDS_PROPERTY_NAME + "] and [" + SLURM_OPTIONS_PROPERTY_NAME + "] are for "
                            + EXECUTOR_PROPERTY_NAME + "=slurm; set it, or remove them.");
                }
                return Optional.empty();
            }
            case "slurm" -> {
                if (shards.isEmpty()) {
                    throw new ExtensionConfigurationException("Configuration error: " + EXECUTOR_PROPERTY_NAME
                            + "=slurm needs configuration parameter [" + SHARDS_PROPERTY_NAME + "], the number of array"
                            + " tasks (at most the number of points), e.g. " + SHARDS_PROPERTY_NAME + "=4.");
                }
                int count = parse(SHARDS_PROPERTY_NAME, shards.get(), Integer::parseInt, "an integer");
                return Optional.of(new SlurmSettings(count, options.map(BenchmarkSettings::words).orElse(List.of())));
            }
            default -> throw new ExtensionConfigurationException("Configuration error: configuration parameter ["
                    + EXECUTOR_PROPERTY_NAME + "] must be one of [local, slurm] but was [" + executor + "].");
        }
    }

    /**
     * {@code SlurmSettings} is the Slurm executor's part of the configuration.
     *
     * @param shards the number of shards (array tasks)
     * @param options the {@code sbatch} options, passed as they are
     */
    record SlurmSettings(int shards, List<String> options) {
    }

    /** {@return the misuse exception for this method: {@code Configuration error: @BenchmarkAcrossCommits on method [..] <what>}} */
    ExtensionConfigurationException misuseOf(String what) {
        return misuse(what);
    }

    /** {@return the configuration parameter {@code key}, trimmed} */
    Optional<String> configurationParameter(String key) {
        return config(key);
    }

    /** The plan, fully checked: a setting nobody sets keeps the plan's default ({@link BenchmarkPlan#builder()}). */
    BenchmarkPlan plan() {
        String engine = string("engine", BenchmarkAcrossCommits::engine).orElse(EngineSettings.OPTIMUM_BENCHMARK);
        List<String> commits = list("commits", BenchmarkAcrossCommits::commits, ",").orElse(BenchmarkPlan.DEFAULT_COMMITS);
        if (commits.isEmpty()) {
            throw misuse("must declare at least one commit in 'commits', e.g. {\"main\", \"HEAD\"} or {\"diff\"}, but was [].");
        }
        if (takesReport(method) && commits.size() == 1 && !comparesByItself(commits.get(0))) {
            throw misuse("must declare at least two commits in 'commits' (or \"diff\") because the method takes a "
                    + "CombinedReport to compare them, but was " + commits + ". Add a baseline, e.g. {\"main\", \""
                    + commits.get(0) + "\"}, or remove the CombinedReport parameter to only measure one commit.");
        }
        PlanBuilder builder = BenchmarkPlan.builder()
                .repository(explicit(BenchmarkAcrossCommits::repository, v -> !v.equals(BenchmarkAcrossCommits.DEFAULT))
                        .map(Path::of).or(() -> registered("repository", Path.class))
                        .or(() -> config(PREFIX + "repository").map(Path::of)).orElse(Path.of("")).toAbsolutePath())
                .commits(commits)
                .engine(engine)
                .points(points(!EngineSettings.COMMAND.equals(engine)))
                .environment(environment())
                .directions(directions())
                .outputDir(Path.of(config(OUTPUT_DIR_PROPERTY_NAME).orElse(DEFAULT_OUTPUT_DIR)).toAbsolutePath());
        string("base", BenchmarkAcrossCommits::base).ifPresent(builder::base);
        config(EXECUTABLE_PROPERTY_NAME).map(BenchmarkSettings::words).ifPresent(builder::executable);
        list("command", BenchmarkAcrossCommits::command, " ").ifPresent(builder::command);
        string("configDir", BenchmarkAcrossCommits::configDir).ifPresent(builder::configDir);
        flag("configFromCheckout", BenchmarkAcrossCommits::configFromCheckout).ifPresent(builder::configFromCheckout);
        string("configName", BenchmarkAcrossCommits::configName).ifPresent(builder::configName);
        list("metrics", BenchmarkAcrossCommits::metrics, ",").ifPresent(builder::metrics);
        integer("rounds", BenchmarkAcrossCommits::rounds).ifPresent(builder::rounds);
        integer("maxRounds", BenchmarkAcrossCommits::maxRounds).ifPresent(builder::maxRounds);
        decimal("threshold", BenchmarkAcrossCommits::threshold).ifPresent(builder::thresholdPercent);
        integer("iterations", BenchmarkAcrossCommits::iterations).ifPresent(builder::iterations);
        integer("warmups", BenchmarkAcrossCommits::warmups).ifPresent(builder::warmups);
        string("checkout", BenchmarkAcrossCommits::checkout).map(this::checkout).ifPresent(builder::checkout);
        string("setup", BenchmarkAcrossCommits::setup).ifPresent(builder::setup);
        duration("timeout", BenchmarkAcrossCommits::timeout).ifPresent(builder::timeout);
        duration("setupTimeout", BenchmarkAcrossCommits::setupTimeout).ifPresent(builder::setupTimeout);
        policy("inconclusive", BenchmarkAcrossCommits::inconclusive).ifPresent(builder::inconclusive);
        policy("probableRegression", BenchmarkAcrossCommits::probableRegression).ifPresent(builder::probableRegression);
        config(ORDER_PROPERTY_NAME).map(this::order).ifPresent(builder::order);
        config(SEED_PROPERTY_NAME).ifPresent(seed -> builder.seed(parse(SEED_PROPERTY_NAME, seed, Long::parseLong, "an integer")));
        config(WORKSPACE_ROOT_PROPERTY_NAME).ifPresent(root -> builder.workspaceRoot(Path.of(root).toAbsolutePath()));
        config(KEEP_WORKSPACES_PROPERTY_NAME).ifPresent(keep -> builder.keepWorkspaces(Boolean.parseBoolean(keep)));
        config(CACHE_DIR_PROPERTY_NAME).ifPresent(cache -> builder.cacheDir(Path.of(cache).toAbsolutePath()));
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw misuse("is invalid: " + e.getMessage() + ". Fix the attribute or the configuration parameter "
                    + PREFIX + "<attribute>.");
        }
    }

    /**
     * The cartesian product of the class's and then the method's sweeps, in declaration order; with
     * {@code hydraOverrides}, every key and value is checked to be one Hydra takes (the values are literal text,
     * written in Hydra's syntax when the engine runs).
     */
    List<SweepPoint> points(boolean hydraOverrides) {
        List<Sweep> sweeps = new ArrayList<>(AnnotationSupport.findRepeatableAnnotations(context.getRequiredTestClass(), Sweep.class));
        sweeps.addAll(AnnotationSupport.findRepeatableAnnotations(method, Sweep.class));
        List<Map<String, String>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        List<String> keys = new ArrayList<>();
        for (Sweep sweep : sweeps) {
            if (sweep.key().isBlank()) {
                throw new ExtensionConfigurationException("Configuration error: @Sweep on method [" + describe(method)
                        + "] must declare a non-blank 'key', e.g. \"backend.model\", but was [" + sweep.key() + "].");
            }
            if (sweep.values().length == 0) {
                throw new ExtensionConfigurationException("Configuration error: @Sweep(key = \"" + sweep.key()
                        + "\") for method [" + describe(method) + "] must declare at least one value in 'values' but was [].");
            }
            if (keys.contains(sweep.key())) {
                throw new ExtensionConfigurationException("Configuration error: @Sweep key [" + sweep.key()
                        + "] is declared twice for method [" + describe(method)
                        + "] (the class's and the method's sweeps combine); declare each key once.");
            }
            if (hydraOverrides) {
                checkHydraSyntax(sweep);
            }
            keys.add(sweep.key());
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> point : points) {
                for (String value : sweep.values()) {
                    Map<String, String> extended = new LinkedHashMap<>(point);
                    extended.put(sweep.key(), value);
                    next.add(extended);
                }
            }
            points = next;
        }
        return points.stream().map(SweepPoint::new).toList();
    }

    private void checkHydraSyntax(Sweep sweep) {
        try {
            HydraSyntax.checkKey(sweep.key());
            for (String value : sweep.values()) {
                HydraSyntax.value(value);
            }
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("Configuration error: @Sweep(key = \"" + sweep.key()
                    + "\") for method [" + describe(method) + "] cannot be passed to optimum-benchmark: "
                    + e.getMessage() + ".");
        }
    }

    private static boolean comparesByItself(String spec) {
        return spec.equals(CommitResolver.DIFF) || spec.equals(CommitResolver.DIFF_WORKTREE) || spec.contains("..");
    }

    private CheckoutMode checkout(String value) {
        return switch (value.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "worktree" -> CheckoutMode.WORKTREE;
            case "in-place" -> CheckoutMode.IN_PLACE;
            default -> throw misuse("must declare 'checkout' as one of [worktree, in-place] but was [" + value + "].");
        };
    }

    private Optional<InconclusivePolicy> policy(String attribute, Function<BenchmarkAcrossCommits, String> accessor) {
        return typed(attribute, accessor, InconclusivePolicy.class, value -> {
            try {
                return InconclusivePolicy.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw misuse("must declare '" + attribute + "' as one of [abort, fail, pass] but was [" + value + "].");
            }
        });
    }

    private BenchmarkPlan.RoundOrder order(String value) {
        try {
            return BenchmarkPlan.RoundOrder.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("Configuration error: configuration parameter ["
                    + ORDER_PROPERTY_NAME + "] must be one of [abba, random] but was [" + value + "].");
        }
    }

    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : list("env", BenchmarkAcrossCommits::env, ",").orElse(List.of())) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw misuse("must declare 'env' entries as KEY=VALUE but one was [" + entry + "].");
            }
            env.put(entry.substring(0, eq).trim(), entry.substring(eq + 1));
        }
        return env;
    }

    private Map<String, Direction> directions() {
        try {
            return Direction.overrides(list("directions", BenchmarkAcrossCommits::directions, ",").orElse(List.of()));
        } catch (IllegalArgumentException e) {
            throw misuse("has an invalid entry in 'directions' (or " + PREFIX + "directions): " + e.getMessage() + ".");
        }
    }

    private Optional<Duration> duration(String attribute, Function<BenchmarkAcrossCommits, String> get) {
        return typed(attribute, get, Duration.class, value -> Durations.parse(value)
                .orElseThrow(() -> misuse("must declare '" + attribute + "' as a positive duration like "
                        + Durations.FORMS + " but was [" + value + "].")));
    }

    /**
     * A value written as text on the annotation or as a configuration parameter, but typed in a registered
     * {@link dev.commitbench.BenchmarkExtension}: the method's or class's explicit text, else the registered value,
     * else the configuration parameter's text; text is read with {@code parse}.
     */
    private <T> Optional<T> typed(String attribute, Function<BenchmarkAcrossCommits, String> get, Class<T> type,
            Function<String, T> parse) {
        return explicit(get, v -> !v.equals(BenchmarkAcrossCommits.DEFAULT)).map(parse)
                .or(() -> registered(attribute, type))
                .or(() -> config(PREFIX + attribute).map(parse));
    }

    /** The method's or class's explicit value, else the registered default, else the configuration parameter. */
    private Optional<String> string(String attribute, Function<BenchmarkAcrossCommits, String> get) {
        return explicit(get, v -> !v.equals(BenchmarkAcrossCommits.DEFAULT))
                .or(() -> registered(attribute, String.class))
                .or(() -> config(PREFIX + attribute));
    }

    private Optional<List<String>> list(String attribute, Function<BenchmarkAcrossCommits, String[]> get,
            String separator) {
        return explicit(get, v -> !(v.length == 1 && v[0].equals(BenchmarkAcrossCommits.DEFAULT)))
                .map(v -> Arrays.stream(v).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .or(() -> registered(attribute, List.class).map(v -> ((List<?>) v).stream().map(String::valueOf).toList()))
                .or(() -> config(PREFIX + attribute).map(v -> separator.isBlank() ? words(v) : split(v, separator)));
    }

    private Optional<Boolean> flag(String attribute, Function<BenchmarkAcrossCommits, boolean[]> get) {
        return one(attribute, get.andThen(v -> v.length == 0 ? null : v.length == 1 ? v[0] : badCount(attribute,
                Arrays.toString(v), "true")))
                .or(() -> registered(attribute, Boolean.class))
                .or(() -> config(PREFIX + attribute).map(v -> switch (v) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new ExtensionConfigurationException("Configuration error: configuration parameter ["
                            + PREFIX + attribute + "] must be true or false but was [" + v + "].");
                }));
    }

    /**
     * The value the method's or class's annotation writes (an array of one: {@code {}} is "not set here", so
     * that no number a user can write means "unset"), else the registered default or configuration parameter.
     */
    private Optional<Integer> integer(String attribute, Function<BenchmarkAcrossCommits, int[]> get) {
        return one(attribute, get.andThen(v -> v.length == 0 ? null : v.length == 1 ? v[0] : badCount(attribute,
                Arrays.toString(v), "4")))
                .or(() -> registered(attribute, Integer.class))
                .or(() -> config(PREFIX + attribute).map(v -> parse(PREFIX + attribute, v, Integer::parseInt, "an integer")));
    }

    private Optional<Double> decimal(String attribute, Function<BenchmarkAcrossCommits, double[]> get) {
        return one(attribute, get.andThen(v -> v.length == 0 ? null : v.length == 1 ? v[0] : badCount(attribute,
                Arrays.toString(v), "4")))
                .or(() -> registered(attribute, Double.class))
                .or(() -> config(PREFIX + attribute).map(v -> parse(PREFIX + attribute, v, Double::parseDouble, "a number")));
    }

    private <T> Optional<T> one(String attribute, Function<BenchmarkAcrossCommits, T> get) {
        return explicit(get, v -> v != null);
    }

    private <T> T badCount(String attribute, String values, String example) {
        throw misuse("must declare one value for '" + attribute + "' (e.g. " + attribute + " = " + example
                + ") but declared " + values + ".");
    }

    private <T> Optional<T> explicit(Function<BenchmarkAcrossCommits, T> get, Predicate<T> isSet) {
        return onMethod.map(get).filter(isSet).or(() -> onClass.map(get).filter(isSet));
    }

    /**
     * The value a registered {@link dev.commitbench.BenchmarkExtension} gives, typed as the builder took it: its
     * {@code beforeAll} leaves suppliers in the class's store, asked now (when the benchmark method starts).
     */
    private <T> Optional<T> registered(String attribute, Class<T> type) {
        Map<?, ?> defaults = context.getStore(REGISTERED).get(dev.commitbench.BenchmarkExtension.class, Map.class);
        return defaults == null || !(defaults.get(attribute) instanceof Supplier<?> value) ? Optional.empty()
                : Optional.ofNullable(value.get()).filter(type::isInstance).map(type::cast);
    }

    private Optional<String> config(String key) {
        return context.getConfigurationParameter(key).map(String::trim);
    }

    private static <T> T parse(String key, String value, Function<String, T> parser, String what) {
        try {
            return parser.apply(value.trim());
        } catch (NumberFormatException e) {
            throw new ExtensionConfigurationException("Configuration error: configuration parameter [" + key
                    + "] must be " + what + " but was [" + value + "].", e);
        }
    }

    private static List<String> split(String value, String separator) {
        return Arrays.stream(value.split(Pattern.quote(separator))).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> words(String value) {
        return Arrays.stream(value.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    private ExtensionConfigurationException misuse(String what) {
        return new ExtensionConfigurationException(
                "Configuration error: @BenchmarkAcrossCommits on method [" + describe(method) + "] " + what);
    }
}
