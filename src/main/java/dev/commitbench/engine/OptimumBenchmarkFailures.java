package dev.commitbench.engine;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code OptimumBenchmarkFailures} is used to read what went wrong from the output of an optimum-benchmark process
 * that failed, and to say it the way a user can act on: a Hydra parse error of an override, a failed import
 * (transformers 5.x), a model that does not exist. The patterns are those of optimum-benchmark 0.6 and 0.7 with
 * Hydra 1.3 (see {@code src/test/resources/conformance/}).
 */
final class OptimumBenchmarkFailures {

    /** What to do when transformers is too new for optimum-benchmark. */
    static final String TRANSFORMERS_ADVICE = "optimum-benchmark releases up to 0.7 need transformers 4.x (4.57.6 works;"
            + " transformers 5.x breaks every release so far): install it where optimum-benchmark runs, e.g."
            + " `pip install 'transformers<5'`";

    private static final Pattern CANNOT_IMPORT = Pattern.compile(
            "cannot import name '([^']+)' from '([\\w.]+)'(?: \\(([^)]+)\\))?");
    private static final Pattern NO_MODEL = Pattern.compile("`(.+)` is neither an hf hub repo nor a local directory");
    private static final Pattern CARET = Pattern.compile("\\s*\\^\\s*");

    private OptimumBenchmarkFailures() {
    }

    /**
     * Hydra's message about an override it could not parse (the lines before its "See ...override_grammar/basic
     * for details"), or empty when the output holds none.
     */
    static Optional<String> parseError(List<String> lastLines) {
        int see = -1;
        for (int i = lastLines.size() - 1; i >= 0 && see < 0; i--) {
            String line = lastLines.get(i).strip();
            if (line.startsWith("See ") && line.contains(HydraSyntax.GRAMMAR_URL)) {
                see = i;
            }
        }
        if (see < 0) {
            return Optional.empty();
        }
        int end = see;
        while (end > 0 && lastLines.get(end - 1).isBlank()) {
            end--;
        }
        List<String> message = new ArrayList<>();
        for (int i = end - 1; i >= 0 && message.size() < 6; i--) {
            String line = lastLines.get(i);
            if (line.isBlank() || line.startsWith("[")) {
                break;
            }
            if (!CARET.matcher(line).matches()) {
                message.add(line.strip());
            }
        }
        Collections.reverse(message);
        return message.isEmpty() ? Optional.empty() : Optional.of(String.join(" | ", message));
    }

    /**
     * The error for a Hydra parse error: quotes Hydra, names the overrides commitbench built and those passed
     * through, and which one looks wrong.
     */
    static EngineUsageException parseErrorException(String hydraSays, List<String> command, RunRequest request,
            EngineLog log) {
        String directory = command.get(command.size() - 1);
        List<String> built = List.of("hydra/job_logging=disabled", "hydra/hydra_logging=disabled", directory);
        List<String> culprits = new ArrayList<>();
        request.overrides().forEach(o -> HydraSyntax.problem(o).ifPresent(p -> culprits.add(p + " (a sweep point's override)")));
        request.extraArgs().forEach(o -> HydraSyntax.problem(o).ifPresent(p -> culprits.add(p + " (passed through unchanged)")));
        built.forEach(o -> HydraSyntax.problem(o).ifPresent(p -> culprits.add(p + " (built by commitbench)")));
        return new EngineUsageException("optimum-benchmark could not parse an override on its command line (Hydra says \""
                + hydraSays + "\"; see " + HydraSyntax.GRAMMAR_URL + "), so the plan stops."
                + (culprits.isEmpty() ? "" : " What looks wrong: " + String.join("; ", culprits) + ".")
                + " Overrides commitbench built: " + built + "; the sweep point's: " + request.overrides()
                + "; passed through unchanged: " + request.extraArgs() + ". Fix a passed-through override in your"
                + " arguments (or a @Sweep/backend.model value); one commitbench built that Hydra rejects is a bug in"
                + " commitbench. " + Outcomes.details(command, request, log, log.lastLines()));
    }

    /** What a failed run's output says went wrong and what to do, or empty when it says nothing known. */
    static Optional<String> diagnosis(List<String> lastLines) {
        for (String line : lastLines) {
            Matcher model = NO_MODEL.matcher(line);
            if (model.find()) {
                return Optional.of("the model [" + model.group(1) + "] is neither a Hugging Face Hub repository nor a"
                        + " local directory: set backend.model to a model folder that exists (absolute, or relative"
                        + " to the commit's checkout) or to a Hub id (with HF_HUB_OFFLINE=1, one already in the cache)");
            }
        }
        for (String line : lastLines) {
            Matcher importError = CANNOT_IMPORT.matcher(line);
            if (importError.find()) {
                String module = importError.group(2);
                String quote = line.strip();
                if (module.equals("transformers") || module.startsWith("transformers.")) {
                    return Optional.of("optimum-benchmark is installed but fails to import: transformers has no `"
                            + importError.group(1) + "`" + installedVersion(importError.group(3)) + " (\"" + quote
                            + "\"). " + TRANSFORMERS_ADVICE);
                }
                return Optional.of("optimum-benchmark is installed but fails to import: " + module + " has no `"
                        + importError.group(1) + "` (\"" + quote + "\"); install versions of its dependencies that"
                        + " match it where optimum-benchmark runs");
            }
        }
        return Optional.empty();
    }

    /** {@code ", and this environment has transformers 5.17.0"} from the package's dist-info beside its path. */
    private static String installedVersion(String modulePath) {
        if (modulePath == null) {
            return "";
        }
        try {
            Path sitePackages = Path.of(modulePath).getParent();
            sitePackages = sitePackages == null ? null : sitePackages.getParent();
            if (sitePackages == null || !Files.isDirectory(sitePackages)) {
                return "";
            }
            try (DirectoryStream<Path> infos = Files.newDirectoryStream(sitePackages, "transformers-*.dist-info")) {
                for (Path info : infos) {
                    String name = info.getFileName().toString();
                    return " (this environment has transformers "
                            + name.substring("transformers-".length(), name.length() - ".dist-info".length()) + ")";
                }
            }
        } catch (IOException | InvalidPathException e) {
            // no version to name
        }
        return "";
    }
}
