package dev.commitbench.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code SlurmScript} is used by {@link SlurmExecutor} to prepare a submission: it checks the user's {@code sbatch} options and that the run folder is shared with the nodes, and writes the array's batch script with each task's command and its {@code started} and {@code exit} files.
 */
final class SlurmScript {

    private SlurmScript() {
    }

    /**
     * Refuses the options commitbench sets itself, naming the option.
     *
     * @throws SlurmException with reason {@code REJECTED}
     */
    static void checkOptions(List<String> options) {
        for (String option : options) {
            String own = null;
            if (option.startsWith("--")) {
                String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
                own = SlurmExecutor.OWN_OPTIONS.stream().filter(name::equals).findFirst().orElse(null);
            } else if (option.length() >= 2 && option.charAt(0) == '-') {
                own = SlurmExecutor.OWN_SHORT_OPTIONS.get(option.charAt(1));
            }
            if (own != null) {
                throw new SlurmException(SlurmException.Reason.REJECTED, "The Slurm option [" + option + "] is set by"
                        + " commitbench (" + own + "; commitbench sets " + String.join(", ", SlurmExecutor.OWN_OPTIONS) + "): leave"
                        + " it out. The shards are the array's tasks, and each task's log is"
                        + " <run folder>/slurm/task-<shard>.log.");
            }
        }
    }

    /** The partition the user's options ask for, if any ({@code -p X}, {@code -pX}, {@code --partition[=]X}). */
    static Optional<String> partition(List<String> options) {
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            if (option.startsWith("--partition=")) {
                return Optional.of(option.substring("--partition=".length()));
            }
            if ((option.equals("--partition") || option.equals("-p")) && i + 1 < options.size()) {
                return Optional.of(options.get(i + 1));
            }
            if (option.startsWith("-p") && !option.startsWith("--") && option.length() > 2) {
                return Optional.of(option.substring(2));
            }
        }
        return Optional.empty();
    }

    /**
     * Refuses a node-local run folder on a cluster of several nodes.
     *
     * @throws SlurmException with reason {@code NOT_SHARED}
     */
    static void checkShared(Path runFolder, int nodes, Optional<String> partition) {
        if (nodes <= 1) {
            return;
        }
        Optional<String> local = localFilesystem(runFolder);
        if (local.isPresent()) {
            throw new SlurmException(SlurmException.Reason.NOT_SHARED, "The run folder " + runFolder + " is on "
                    + local.get() + ", which each machine has for itself, but the cluster" + partition.map(p ->
                    " (partition " + p + ")").orElse("") + " has " + nodes + " nodes: a task on another node would"
                    + " write its results where this machine never reads them. Put the run folder on a filesystem"
                    + " every node mounts (your home or project directory on NFS, Lustre or GPFS).");
        }
    }

    /** Why {@code folder} is node-local (its filesystem type, or a folder known to be local), if it is. */
    static Optional<String> localFilesystem(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null) {
            try {
                FileStore store = Files.getFileStore(existing);
                if (SlurmExecutor.LOCAL_FILESYSTEMS.contains(store.type())) {
                    return Optional.of("a " + store.type() + " filesystem (memory of this machine)");
                }
            } catch (IOException e) {
                // unknown filesystem: judged by its path
            }
        }
        return SlurmExecutor.LOCAL_FOLDERS.stream().filter(absolute::startsWith).findFirst()
                .map(local -> local + " (a folder local to each machine)");
    }

    static List<String> submission(SlurmArray array) {
        List<String> command = new ArrayList<>(List.of("sbatch", "--parsable", "--array=0-" + (array.shards() - 1),
                "--job-name=" + array.jobName(),
                "--output=" + array.slurmFolder().toString().replace("%", "%%") + "/task-%a.log",
                "--chdir=" + array.workingDirectory()));
        command.addAll(array.sbatchOptions());
        command.add(array.script().toString());
        return command;
    }

    /** {@return the batch script for {@code array}, submitted with {@code submission}} */
    static String script(SlurmArray array, List<String> submission) {
        String folder = Commands.shellWord(array.slurmFolder().toString());
        return "#!/bin/sh\n"
                + "# Written by commitbench: one task of this Slurm array per shard (0-" + (array.shards() - 1) + ").\n"
                + "# Submitted with:\n"
                + "#   " + Commands.shellLine(submission) + "\n"
                + "# Each task writes task-<shard>.started (its node and task id) into " + array.slurmFolder() + "\n"
                + "# before its command and task-<shard>.exit (the exit code) after it; the submitter reads both, which\n"
                + "# also shows that the run folder is on a filesystem this node shares with the submitter.\n"
                + "shard=\"${SLURM_ARRAY_TASK_ID:?this script runs as a task of a Slurm array (sbatch --array)}\"\n"
                + "dir=" + folder + "\n"
                + "printf '%s %s\\n' \"$(hostname)\" \"${SLURM_ARRAY_JOB_ID}_${shard}\" > \"$dir/task-$shard.started\"\n"
                + "COMMITBENCH_SHARD=$shard\n"
                + "COMMITBENCH_SHARDS=" + array.shards() + "\n"
                + "export COMMITBENCH_SHARD COMMITBENCH_SHARDS\n"
                + taskCommand(array) + "\n"
                + "code=$?\n"
                + "printf '%s\\n' \"$code\" > \"$dir/task-$shard.exit.tmp\" && mv \"$dir/task-$shard.exit.tmp\""
                + " \"$dir/task-$shard.exit\"\n"
                + "exit \"$code\"\n";
    }

    /** The command's words, shell-quoted, with {@code ${shard}} read from the shell and {@code ${shards}} filled in. */
    static String taskCommand(SlurmArray array) {
        List<String> words = new ArrayList<>();
        for (String word : array.command()) {
            String filled = word.replace(SlurmArray.SHARDS, Integer.toString(array.shards()));
            String[] parts = filled.split(Pattern.quote(SlurmArray.SHARD), -1);
            StringBuilder quoted = new StringBuilder();
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    quoted.append("\"$shard\"");
                }
                if (!parts[i].isEmpty() || parts.length == 1) {
                    quoted.append(Commands.shellWord(parts[i]));
                }
            }
            words.add(quoted.toString());
        }
        return String.join(" ", words);
    }

    static void writeScript(SlurmArray array, List<String> submission) {
        try {
            Files.createDirectories(array.slurmFolder());
            try (Stream<Path> old = Files.list(array.slurmFolder())) {
                for (Path file : old.filter(f -> f.getFileName().toString().startsWith("task-")).toList()) {
                    Files.delete(file); // an earlier submission's: its exit files would pass for this one's
                }
            }
            Files.writeString(array.script(), script(array, submission), StandardCharsets.UTF_8);
            array.script().toFile().setExecutable(true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the batch script " + array.script() + ": check that the run"
                    + " folder is writable (" + e.getMessage() + ")", e);
        }
    }
}
