package dev.commitbench.session;

import dev.commitbench.Commit;
import dev.commitbench.bisect.BisectResult;
import dev.commitbench.git.FirstParentPath;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code BisectText} is used by {@link BisectRun} to say what a bisection found, for a console or a test failure:
 * the commits it names with their subject, author and date, and where the files are.
 */
final class BisectText {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private BisectText() {
    }

    /** A commit of the path: its full SHA, subject, author and date (the SHAs only when the path lacks it). */
    static String describe(Map<String, FirstParentPath.Details> details, Commit commit) {
        FirstParentPath.Details d = details.get(commit.sha());
        if (d == null) {
            return commit.sha() + " (" + commit.shortSha() + ")";
        }
        return commit.sha() + " (" + commit.displayName() + ") \"" + d.subject() + "\" by " + d.author() + ", "
                + DAY.format(d.authorTime());
    }

    /**
     * The commits the answer names, each described: the culprit of a step, both steps, or the commits of a range or
     * drift; empty when it names none.
     */
    static List<String> named(Map<String, FirstParentPath.Details> details, BisectResult result) {
        List<Commit> named = switch (result.kind()) {
            case SINGLE_STEP -> List.of(result.culprit());
            case TWO_STEPS -> result.steps();
            case RANGE, DRIFT -> result.range();
            default -> List.of();
        };
        return named.stream().map(commit -> describe(details, commit)).toList();
    }

    /** The search's summary, then the commits it names with their subject and author, then the run folder. */
    static String message(FirstParentPath.Result path, BisectResult result, Path runDirectory) {
        StringBuilder text = new StringBuilder(result.summary());
        List<String> named = named(path.details(), result);
        String heading = switch (result.kind()) {
            case SINGLE_STEP -> "First bad commit: ";
            case TWO_STEPS -> "The two steps: ";
            case RANGE -> "The first bad commit is one of: ";
            case DRIFT -> "The drift's commits: ";
            default -> "";
        };
        if (named.size() == 1) {
            text.append('\n').append(heading).append(named.get(0));
        } else if (!named.isEmpty()) {
            text.append('\n').append(heading);
            named.forEach(line -> text.append("\n  ").append(line));
        }
        text.append(String.format(Locale.ROOT, "%n%d engine runs on %d of the %d commits. Run folder: %s",
                result.engineRuns(), result.commitsMaterialized(), path.commits().size(), runDirectory));
        return text.toString();
    }
}
