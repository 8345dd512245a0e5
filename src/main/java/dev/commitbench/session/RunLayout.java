package dev.commitbench.session;

import dev.commitbench.Commit;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code RunLayout} is used to place each engine run in the run folder, where benchmark.py puts it:
 *
 * <ul>
 *   <li>round 1, a plan with one point: {@code <run>/commit=<sha>/} (Hydra's run dir, or its sweep dir
 *       under {@code --multirun});</li>
 *   <li>round 1, several points: {@code <run>/commit=<sha>/<point-dir>/}, where the point dir is Hydra's
 *       {@code override_dirname} of the point ({@code k=v,k2=v2}, keys sorted), made filesystem-safe;</li>
 *   <li>round 1, several points sharing the directory ({@link BenchmarkPlan#sharedPointDirectory()}, as
 *       benchmark.py's multiruns do): {@code <run>/commit=<sha>/} for every point;</li>
 *   <li>rounds 2 and later: the same under {@code <run>/round-<r>/}.</li>
 * </ul>
 */
final class RunLayout {

    private final Path run;
    private final boolean severalPoints;

    RunLayout(Path run, boolean severalPoints) {
        this.run = run;
        this.severalPoints = severalPoints;
    }

    Path runDirectory(Commit commit, SweepPoint point, int round) {
        Path base = round == 1 ? run : run.resolve("round-" + round);
        Path dir = base.resolve("commit=" + commit.sha());
        return severalPoints ? dir.resolve(pointDirectory(point)) : dir;
    }

    /**
     * Hydra's {@code override_dirname}: {@code key=value} sorted by key and joined with {@code ,}; a
     * character that is not safe in a file name becomes {@code _}, a {@code /} in a value (a Hub model id)
     * nests as it does in benchmark.py's tree, and {@code .}/{@code ..} segments are neutralized.
     */
    static String pointDirectory(SweepPoint point) {
        if (point.values().isEmpty()) {
            return "default";
        }
        String name = new TreeMap<>(point.values()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        String safe = name.replaceAll("[^A-Za-z0-9._,=+@%/-]", "_");
        StringBuilder out = new StringBuilder();
        for (String segment : safe.split("/", -1)) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(segment.isEmpty() || segment.equals(".") || segment.equals("..") ? "_" : segment);
        }
        return out.toString();
    }
}
