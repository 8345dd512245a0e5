package dev.commitbench.session;

import dev.commitbench.Commit;
import dev.commitbench.session.OutputSettings.PointDirectories;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 *   <li>round 1, {@link PointDirectories#SHARED} (benchmark.py's multiruns): {@code <run>/commit=<sha>/} for
 *       every point;</li>
 *   <li>round 1, {@link PointDirectories#OVERRIDE_DIRNAME} (benchmark.py's run mode without
 *       {@code hydra.run.dir=}): {@code <run>/commit=<sha>/<override_dirname>/} of the point's and the extra
 *       arguments' task overrides, made filesystem-safe, or {@code <run>/commit=<sha>/} when there are none;</li>
 *   <li>rounds 2 and later: the same under {@code <run>/round-<r>/}.</li>
 * </ul>
 */
final class RunLayout {

    private final Path run;
    private final PointDirectories mode;
    private final boolean severalPoints;
    private final List<String> extraArgs;

    RunLayout(Path run, PointDirectories mode, boolean severalPoints, List<String> extraArgs) {
        this.run = run;
        this.mode = mode;
        this.severalPoints = severalPoints;
        this.extraArgs = List.copyOf(extraArgs);
    }

    Path runDirectory(Commit commit, SweepPoint point, int round) {
        Path base = round == 1 ? run : run.resolve("round-" + round);
        Path dir = base.resolve("commit=" + commit.sha());
        return switch (mode) {
            case PER_POINT -> severalPoints ? dir.resolve(pointDirectory(point)) : dir;
            case SHARED -> dir;
            case OVERRIDE_DIRNAME -> {
                String name = overrideDirname(point, extraArgs);
                yield name.isEmpty() ? dir : dir.resolve(safe(name));
            }
        };
    }

    /**
     * Hydra's {@code override_dirname} of the point: {@code key=value} sorted by key and joined with {@code ,},
     * made filesystem-safe ({@link #safe}).
     */
    static String pointDirectory(SweepPoint point) {
        if (point.values().isEmpty()) {
            return "default";
        }
        return safe(new TreeMap<>(point.values()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",")));
    }

    /**
     * Hydra's default {@code override_dirname} of a run: the task overrides as written (the point's, then
     * every extra argument holding {@code =} whose key does not start with {@code hydra}), sorted and joined
     * with {@code ,}; {@code ""} when there are none.
     */
    static String overrideDirname(SweepPoint point, List<String> extraArgs) {
        List<String> overrides = new ArrayList<>(point.overrides());
        for (String argument : extraArgs) {
            String key = argument.replaceFirst("^(\\+\\+|\\+|~)", "");
            if (argument.contains("=") && !argument.startsWith("-") && !key.startsWith("hydra")) {
                overrides.add(argument);
            }
        }
        overrides.sort(null);
        return String.join(",", overrides);
    }

    /**
     * A directory name made filesystem-safe: a character that is not safe in a file name becomes {@code _},
     * a {@code /} in a value (a Hub model id) nests as it does in benchmark.py's tree, and empty,
     * {@code .} and {@code ..} segments are neutralized.
     */
    private static String safe(String name) {
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
