package dev.commitbench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * {@code SlurmStatus} is used by {@link SlurmExecutor} to read how an array's tasks stand: the tasks' {@code started} and {@code exit} files in the run folder, and {@code scontrol show job}'s answer for the tasks that end without one.
 */
final class SlurmStatus {

    private SlurmStatus() {
    }

    /**
     * Reads {@code scontrol --oneliner show job <array id>}: one line per task, or one line for a range of tasks
     * still pending ({@code ArrayTaskId=2-5}, {@code 2,4}, {@code 2-9%2}).
     */
    static Map<Integer, SlurmExecutor.Seen> parseJob(String output, int shards) {
        Map<Integer, SlurmExecutor.Seen> seen = new LinkedHashMap<>();
        for (String line : output.split("\\R")) {
            Matcher task = SlurmExecutor.ARRAY_TASK.matcher(line);
            Matcher state = SlurmExecutor.JOB_STATE.matcher(line);
            if (!task.find() || !state.find()) {
                continue;
            }
            Matcher exit = SlurmExecutor.EXIT_CODE.matcher(line);
            Matcher node = SlurmExecutor.NODE_LIST.matcher(line);
            Matcher reason = SlurmExecutor.REASON.matcher(line);
            int exitCode = -1;
            if (exit.find()) {
                int code = Integer.parseInt(exit.group(1));
                int signal = Integer.parseInt(exit.group(2));
                exitCode = signal != 0 ? 128 + signal : code;
            }
            SlurmExecutor.Seen s = new SlurmExecutor.Seen(state.group(1), exitCode, node.find() ? node.group(1) : null,
                    reason.find() ? reason.group(1) : null);
            for (int shard : shards(task.group(1), shards)) {
                seen.put(shard, s);
            }
        }
        return seen;
    }

    /** The shards of an {@code ArrayTaskId} value: {@code 3}, {@code 2-5}, {@code 1,3-4}, {@code 0-9%2}. */
    static Set<Integer> shards(String value, int shards) {
        Set<Integer> set = new LinkedHashSet<>();
        String list = value.contains("%") ? value.substring(0, value.indexOf('%')) : value;
        for (String part : list.split(",")) {
            String[] range = part.split("-");
            try {
                int from = Integer.parseInt(range[0].strip());
                int to = range.length > 1 ? Integer.parseInt(range[1].split(":")[0].strip()) : from;
                for (int i = from; i <= to && i < shards; i++) {
                    set.add(i);
                }
            } catch (NumberFormatException e) {
                // a form Slurm may add later: those shards stay unseen, the exit files still count
            }
        }
        return set;
    }

    static Path exitFile(SlurmArray array, int shard) {
        return array.slurmFolder().resolve("task-" + shard + ".exit");
    }

    static Path startedFile(SlurmArray array, int shard) {
        return array.slurmFolder().resolve("task-" + shard + ".started");
    }

    static Optional<Integer> readExit(SlurmArray array, int shard) {
        try {
            return Optional.of(Integer.parseInt(Files.readString(exitFile(array, shard)).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static Optional<String> startedNode(SlurmArray array, int shard) {
        try {
            String line = Files.readString(startedFile(array, shard)).strip();
            return line.isEmpty() ? Optional.empty() : Optional.of(line.split("\\s+")[0]);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The shards that have neither an exit file nor an ended state (all ended once Slurm no longer knows the job). */
    static List<Integer> unfinished(SlurmArray array, Map<Integer, SlurmExecutor.Seen> seen, boolean known) {
        List<Integer> open = new ArrayList<>();
        if (!known) {
            return open;
        }
        for (int shard = 0; shard < array.shards(); shard++) {
            SlurmExecutor.Seen s = seen.get(shard);
            if (!Files.exists(exitFile(array, shard)) && (s == null || !SlurmExecutor.ENDED.contains(s.state()))) {
                open.add(shard);
            }
        }
        return open;
    }
}
