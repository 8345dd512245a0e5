package dev.commitbench.cli;

import dev.commitbench.engine.HydraSyntax;
import dev.commitbench.internal.EditDistance;
import dev.commitbench.session.SweepPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code PassThroughArguments} is used to read the arguments that benchmark.py hands to optimum-benchmark
 * (everything its own parser does not know) the way benchmark.py reads them.
 *
 * <ul>
 *   <li>{@code backend.model=a,b}: the first such argument gives one optimum-benchmark invocation per model
 *       (one {@link SweepPoint} each); every {@code backend.model=} argument is removed from the rest. The models
 *       are Hydra syntax, as the user wrote them: split at the commas Hydra splits a sweep at (not inside quotes or
 *       escaped), and passed on unchanged ({@code backend.model='/my models/gpt2'}).</li>
 *   <li>{@code --multirun} or {@code -m}: Hydra's multirun; benchmark.py only recognises {@code --multirun}.</li>
 *   <li>{@code hydra.sweep.dir=} (multirun) or {@code hydra.run.dir=} (run mode): the folder the results go
 *       into instead of {@code _benchmark}; it is removed, since each run gets its own directory below it, and
 *       read as Hydra reads it ({@code my\ results} is the folder {@code my results}). The other one of the two is
 *       passed on unchanged, as benchmark.py does.</li>
 *   <li>Any other argument starting with {@code -} is a mistake (a misspelled flag): benchmark.py would pass
 *       it on and let Hydra fail after the checkout; commitbench says so before anything runs.</li>
 * </ul>
 *
 * @param models    the models of {@code backend.model=}, empty when none was given
 * @param multirun  whether Hydra runs a multirun sweep
 * @param outputDir the user's {@code hydra.sweep.dir} (multirun) or {@code hydra.run.dir}, when given
 * @param extraArgs the arguments passed to every optimum-benchmark invocation unchanged, in order
 */
record PassThroughArguments(List<String> models, boolean multirun, Optional<String> outputDir, List<String> extraArgs) {

    static final String MODEL = "backend.model=";
    static final String RUN_DIR = "hydra.run.dir=";
    static final String SWEEP_DIR = "hydra.sweep.dir=";
    static final List<String> MULTIRUN_FLAGS = List.of("--multirun", "-m");

    PassThroughArguments {
        models = List.copyOf(models);
        extraArgs = List.copyOf(extraArgs);
    }

    /**
     * Reads the pass-through arguments.
     *
     * @param arguments  the arguments in command-line order
     * @param knownFlags commitbench's own flags, to suggest the closest one for a misspelled flag
     * @throws UsageException for a flag that neither commitbench nor Hydra's run knows, or an empty model list
     */
    static PassThroughArguments parse(List<String> arguments, List<String> knownFlags) {
        for (String argument : arguments) {
            if (argument.startsWith("-") && !MULTIRUN_FLAGS.contains(argument)) {
                throw unknownFlag(argument, knownFlags);
            }
        }
        boolean multirun = arguments.stream().anyMatch(MULTIRUN_FLAGS::contains);
        String dirArgument = multirun ? SWEEP_DIR : RUN_DIR;
        List<String> models = List.of();
        String outputDir = null;
        List<String> extraArgs = new ArrayList<>();
        for (String argument : arguments) {
            if (argument.startsWith(MODEL)) {
                if (models.isEmpty()) {
                    models = splitModels(argument);
                }
            } else if (argument.startsWith(dirArgument)) {
                outputDir = folder(argument, dirArgument);
            } else {
                extraArgs.add(argument);
            }
        }
        if (outputDir != null && outputDir.isBlank()) {
            throw new UsageException("Usage error: [" + dirArgument + "] names no folder. Give the folder the results"
                    + " should go into, for example " + dirArgument + "_benchmark, or leave the argument out.");
        }
        return new PassThroughArguments(models, multirun, Optional.ofNullable(outputDir), extraArgs);
    }

    /** One sweep point per model, or the single empty point when no model was given. */
    List<SweepPoint> points() {
        if (models.isEmpty()) {
            return List.of(SweepPoint.empty());
        }
        return models.stream().map(model -> {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("backend.model", model);
            return SweepPoint.ofHydraSyntax(values);
        }).toList();
    }

    /** The folder of {@code hydra.run.dir=} or {@code hydra.sweep.dir=}, read as Hydra reads the value. */
    private static String folder(String argument, String dirArgument) {
        String value = argument.substring(dirArgument.length());
        if (value.isBlank()) {
            return value;
        }
        return HydraSyntax.literal(value).orElseThrow(() -> new UsageException("Usage error: [" + argument + "] is not"
                + " a plain folder: commitbench creates the run folder there itself, so the value must be one path"
                + " (escape = , : and spaces with a backslash, or quote it, e.g. " + dirArgument + "'my results'),"
                + " not a sweep, a list or an interpolation like ${now:...}."));
    }

    /**
     * The command engine's sweep points, read as Hydra reads the same arguments, so that {@code --command} gets
     * what {@code @Sweep} gives it: each {@code key=value} argument is a value for {@code ${key}}; with
     * {@code --multirun}, {@code key=a,b} sweeps (one point per value, the cartesian product over the keys in
     * command-line order); without it, Hydra rejects an unquoted comma list ("Ambiguous value"), and so does
     * commitbench. A quoted value ({@code key='a,b'}) is one value, its quotes removed. {@code backend.model=a,b}
     * gives one point per model with or without {@code --multirun}, as benchmark.py splits it itself.
     *
     * @throws UsageException for an argument that is not {@code key=value}, a key given twice, an empty value in
     *                        a list, a comma list without {@code --multirun}, or a Hydra sweep function
     */
    List<SweepPoint> commandPoints() {
        Map<String, List<String>> dimensions = new LinkedHashMap<>();
        if (!models.isEmpty()) {
            dimensions.put("backend.model", models);
        }
        for (String argument : extraArgs) {
            if (MULTIRUN_FLAGS.contains(argument)) {
                continue;
            }
            int equals = argument.indexOf('=');
            if (equals < 1) {
                throw new UsageException("Usage error: [" + argument + "] is not key=value. The command engine takes"
                        + " key=value arguments as values for placeholders in --command (size=small gives ${size}),"
                        + " and key=a,b with --multirun runs one point per value.");
            }
            String key = argument.substring(0, equals);
            if (dimensions.containsKey(key)) {
                throw new UsageException("Usage error: [" + key + "] is given twice (" + argument + "). Give each key"
                        + " once; with --multirun, key=a,b runs one point per value.");
            }
            dimensions.put(key, commandValues(argument, argument.substring(equals + 1)));
        }
        List<Map<String, String>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> dimension : dimensions.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> point : points) {
                for (String value : dimension.getValue()) {
                    Map<String, String> extended = new LinkedHashMap<>(point);
                    extended.put(dimension.getKey(), value);
                    next.add(extended);
                }
            }
            points = next;
        }
        return points.stream().map(SweepPoint::new).toList();
    }

    private List<String> commandValues(String argument, String value) {
        if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'")
                || value.startsWith("\"") && value.endsWith("\""))) {
            return List.of(value.substring(1, value.length() - 1));
        }
        if (value.matches("(range|choice|glob|interval|sort|shuffle|tag)\\(.*")) {
            throw new UsageException("Usage error: [" + argument + "] uses a Hydra sweep function, which the command"
                    + " engine does not expand. List the values instead: key=a,b,c with --multirun.");
        }
        if (value.startsWith("[") || value.startsWith("{") || !value.contains(",")) {
            return List.of(value);
        }
        List<String> values = List.of(value.split(",", -1));
        if (values.stream().anyMatch(String::isBlank)) {
            throw new UsageException("Usage error: [" + argument + "] has an empty value. Separate the values with"
                    + " single commas, for example size=small,large.");
        }
        if (!multirun) {
            throw new UsageException("Usage error: [" + argument + "] has several values, which Hydra (and so"
                    + " commitbench) sweeps only with --multirun. Add --multirun to run one point per value, or quote"
                    + " the value (" + argument.substring(0, argument.indexOf('=') + 1) + "'" + value + "') to pass it"
                    + " as one value.");
        }
        return values;
    }

    private static List<String> splitModels(String argument) {
        String value = argument.substring(MODEL.length());
        List<String> models = new ArrayList<>();
        for (String model : HydraSyntax.splitSweep(value)) {
            if (!model.isBlank()) {
                models.add(model.strip());
            }
        }
        if (models.isEmpty()) {
            throw new UsageException("Usage error: [" + argument + "] names no model. Give one or more models"
                    + " separated by commas, for example backend.model=gpt2,distilgpt2, or leave the argument out"
                    + " to use the config's model.");
        }
        return models;
    }

    private static UsageException unknownFlag(String argument, List<String> knownFlags) {
        String flag = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
        List<String> candidates = new ArrayList<>(knownFlags);
        candidates.addAll(MULTIRUN_FLAGS);
        String closest = candidates.stream()
                .min((a, b) -> Integer.compare(EditDistance.between(flag, a), EditDistance.between(flag, b)))
                .orElseThrow();
        String suggestion = EditDistance.between(flag, closest) <= EditDistance.suggestionLimit(flag)
                ? " Did you mean " + closest + "?"
                : "";
        return new UsageException("Usage error: unknown flag [" + flag + "]." + suggestion
                + " Hydra overrides are written key=value without dashes; the only Hydra flags passed on are "
                + String.join(" and ", MULTIRUN_FLAGS) + ". See commitbench --help.");
    }

}
