package dev.commitbench.junit;

import dev.commitbench.BenchmarkAcrossCommits;
import dev.commitbench.CombinedReport;
import dev.commitbench.InconclusivePolicy;
import dev.commitbench.Sweep;
import dev.commitbench.engine.HydraSyntax;
import dev.commitbench.git.CheckoutMode;
import dev.commitbench.git.CommitResolver;
import dev.commitbench.session.BenchmarkPlan;
import dev.commitbench.session.BenchmarkSession;
import dev.commitbench.session.SweepPoint;
import dev.commitbench.stats.Direction;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
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

    static final String DEFAULT_OUTPUT_DIR = "target/commitbench";
    static final List<String> COMMAND_METRICS = List.of("call.latency.mean");

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

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
        return string("name", BenchmarkAcrossCommits::name, BenchmarkAcrossCommits.DEFAULT_DISPLAY_NAME);
    }

    /** {@return whether the method bisects its range ({@code bisect = true})} */
    boolean bisect() {
        return flag("bisect", BenchmarkAcrossCommits::bisect);
    }

    /** {@return the misuse exception for this method: {@code Configuration error: @BenchmarkAcrossCommits on method [..] <what>}} */
    ExtensionConfigurationException misuseOf(String what) {
        return misuse(what);
    }

    /** {@return the configuration parameter {@code key}, trimmed} */
    Optional<String> configurationParameter(String key) {
        return config(key);
    }

    /** The plan, fully checked. */
    BenchmarkPlan plan() {
        String engine = string("engine", BenchmarkAcrossCommits::engine, BenchmarkPlan.OPTIMUM_BENCHMARK);
        if (!engine.equals(BenchmarkPlan.OPTIMUM_BENCHMARK) && !engine.equals(BenchmarkPlan.COMMAND)) {
            throw misuse("must declare 'engine' as one of [optimum-benchmark, command] but was [" + engine + "].");
        }
        List<String> commits = list("commits", BenchmarkAcrossCommits::commits, List.of("diff"), ",");
        if (commits.isEmpty()) {
            throw misuse("must declare at least one commit in 'commits', e.g. {\"main\", \"HEAD\"} or {\"diff\"}, but was [].");
        }
        if (takesReport(method) && commits.size() == 1 && !comparesByItself(commits.get(0))) {
            throw misuse("must declare at least two commits in 'commits' (or \"diff\") because the method takes a "
                    + "CombinedReport to compare them, but was " + commits + ". Add a baseline, e.g. {\"main\", \""
                    + commits.get(0) + "\"}, or remove the CombinedReport parameter to only measure one commit.");
        }
        boolean command = engine.equals(BenchmarkPlan.COMMAND);
        BenchmarkPlan.Builder builder = BenchmarkPlan.builder()
                .repository(Path.of(string("repository", BenchmarkAcrossCommits::repository, "")).toAbsolutePath())
                .commits(commits)
                .base(string("base", BenchmarkAcrossCommits::base, "main"))
                .engine(engine)
                .executable(words(config(EXECUTABLE_PROPERTY_NAME).orElse("optimum-benchmark")))
                .command(list("command", BenchmarkAcrossCommits::command, List.of(), " "))
                .configDir(string("configDir", BenchmarkAcrossCommits::configDir, null))
                .configFromCheckout(flag("configFromCheckout", BenchmarkAcrossCommits::configFromCheckout))
                .configName(string("configName", BenchmarkAcrossCommits::configName, null))
                .metrics(list("metrics", BenchmarkAcrossCommits::metrics,
                        command ? COMMAND_METRICS : BenchmarkPlan.DEFAULT_METRICS, ","))
                .points(points(!command))
                .rounds(integer("rounds", BenchmarkAcrossCommits::rounds, 3))
                .thresholdPercent(decimal("threshold", BenchmarkAcrossCommits::threshold, 5.0))
                .iterations(integer("iterations", BenchmarkAcrossCommits::iterations, 10))
                .warmups(integer("warmups", BenchmarkAcrossCommits::warmups, 1))
                .checkout(checkout())
                .setup(string("setup", BenchmarkAcrossCommits::setup, null))
                .environment(environment())
                .directions(directions())
                .timeout(timeout())
                .inconclusive(policy("inconclusive", BenchmarkAcrossCommits::inconclusive, "abort"))
                .probableRegression(policy("probableRegression", BenchmarkAcrossCommits::probableRegression, "fail"))
                .outputDir(Path.of(config(OUTPUT_DIR_PROPERTY_NAME).orElse(DEFAULT_OUTPUT_DIR)).toAbsolutePath())
                .order(order());
        config(SEED_PROPERTY_NAME).ifPresent(seed -> builder.seed(parse(SEED_PROPERTY_NAME, seed, Long::parseLong, "an integer")));
        config(WORKSPACE_ROOT_PROPERTY_NAME).ifPresent(root -> builder.workspaceRoot(Path.of(root).toAbsolutePath()));
        config(KEEP_WORKSPACES_PROPERTY_NAME).ifPresent(keep -> builder.keepWorkspaces(Boolean.parseBoolean(keep)));
        config(CACHE_DIR_PROPERTY_NAME).ifPresent(cache -> builder.cacheDir(Path.of(cache).toAbsolutePath()));
        integer("maxRounds", BenchmarkAcrossCommits::maxRounds).ifPresent(builder::maxRounds);
        BenchmarkPlan plan = builder.build();
        try {
            BenchmarkSession.validate(plan);
        } catch (IllegalArgumentException e) {
            throw misuse("is invalid: " + e.getMessage() + ". Fix the attribute or the configuration parameter "
                    + PREFIX + "<attribute>.");
        }
        return plan;
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

    private CheckoutMode checkout() {
        String value = string("checkout", BenchmarkAcrossCommits::checkout, "worktree");
        return switch (value.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "worktree" -> CheckoutMode.WORKTREE;
            case "in-place" -> CheckoutMode.IN_PLACE;
            default -> throw misuse("must declare 'checkout' as one of [worktree, in-place] but was [" + value + "].");
        };
    }

    private InconclusivePolicy policy(String attribute, Function<BenchmarkAcrossCommits, String> accessor,
            String fallback) {
        String value = string(attribute, accessor, fallback);
        try {
            return InconclusivePolicy.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw misuse("must declare '" + attribute + "' as one of [abort, fail, pass] but was [" + value + "].");
        }
    }

    private BenchmarkPlan.RoundOrder order() {
        String value = config(ORDER_PROPERTY_NAME).orElse("abba");
        try {
            return BenchmarkPlan.RoundOrder.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("Configuration error: configuration parameter ["
                    + ORDER_PROPERTY_NAME + "] must be one of [abba, random] but was [" + value + "].");
        }
    }

    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : list("env", BenchmarkAcrossCommits::env, List.of(), ",")) {
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
            return Direction.overrides(list("directions", BenchmarkAcrossCommits::directions, List.of(), ","));
        } catch (IllegalArgumentException e) {
            throw misuse("has an invalid entry in 'directions' (or " + PREFIX + "directions): " + e.getMessage() + ".");
        }
    }

    private Duration timeout() {
        String value = string("timeout", BenchmarkAcrossCommits::timeout, "1h").trim();
        Matcher m = SIMPLE_DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw misuse("must declare 'timeout' as a duration like 90s, 10m, 1h or PT10M but was [" + value + "].");
        }
    }

    private String string(String attribute, Function<BenchmarkAcrossCommits, String> get, String dflt) {
        return explicit(get, v -> !v.equals(BenchmarkAcrossCommits.DEFAULT))
                .or(() -> registered(attribute))
                .or(() -> config(PREFIX + attribute))
                .orElse(dflt);
    }

    private List<String> list(String attribute, Function<BenchmarkAcrossCommits, String[]> get, List<String> dflt,
            String separator) {
        return explicit(get, v -> !(v.length == 1 && v[0].equals(BenchmarkAcrossCommits.DEFAULT)))
                .map(v -> Arrays.stream(v).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .or(() -> RegisteredDefaults.get(context, attribute).filter(List.class::isInstance)
                        .map(v -> ((List<?>) v).stream().map(String::valueOf).toList()))
                .or(() -> config(PREFIX + attribute).map(v -> separator.isBlank() ? words(v) : split(v, separator)))
                .orElse(dflt);
    }

    /** The method's or class's value when one sets it; else the registered default or configuration parameter. */
    private boolean flag(String attribute, Function<BenchmarkAcrossCommits, boolean[]> get) {
        return explicit(get, v -> v.length > 0)
                .map(v -> {
                    requireOneValue(attribute, v.length, Arrays.toString(v), "true");
                    return v[0];
                })
                .or(() -> registered(attribute).or(() -> config(PREFIX + attribute)).map(v -> switch (v) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new ExtensionConfigurationException("Configuration error: configuration parameter ["
                            + PREFIX + attribute + "] must be true or false but was [" + v + "].");
                }))
                .orElse(false);
    }

    private int integer(String attribute, Function<BenchmarkAcrossCommits, int[]> get, int dflt) {
        return integer(attribute, get).orElse(dflt);
    }

    /**
     * The value the method's or class's annotation writes (an array of one: {@code {}} is "not set here", so
     * that no number a user can write means "unset"), else the registered default or configuration parameter.
     */
    private Optional<Integer> integer(String attribute, Function<BenchmarkAcrossCommits, int[]> get) {
        return explicit(get, v -> v.length > 0)
                .map(v -> {
                    requireOneValue(attribute, v.length, Arrays.toString(v), "4");
                    return v[0];
                })
                .or(() -> registered(attribute).or(() -> config(PREFIX + attribute))
                        .map(v -> parse(PREFIX + attribute, v, Integer::parseInt, "an integer")));
    }

    private double decimal(String attribute, Function<BenchmarkAcrossCommits, double[]> get, double dflt) {
        return explicit(get, v -> v.length > 0)
                .map(v -> {
                    requireOneValue(attribute, v.length, Arrays.toString(v), "4");
                    return v[0];
                })
                .or(() -> registered(attribute).or(() -> config(PREFIX + attribute))
                        .map(v -> parse(PREFIX + attribute, v, Double::parseDouble, "a number")))
                .orElse(dflt);
    }

    private void requireOneValue(String attribute, int length, String values, String example) {
        if (length != 1) {
            throw misuse("must declare one value for '" + attribute + "' (e.g. " + attribute + " = " + example
                    + ") but declared " + values + ".");
        }
    }

    private <T> Optional<T> explicit(Function<BenchmarkAcrossCommits, T> get, Predicate<T> isSet) {
        return onMethod.map(get).filter(isSet).or(() -> onClass.map(get).filter(isSet));
    }

    private Optional<String> registered(String attribute) {
        return RegisteredDefaults.get(context, attribute).filter(String.class::isInstance).map(String.class::cast);
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
