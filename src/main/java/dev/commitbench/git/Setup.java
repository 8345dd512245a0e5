package dev.commitbench.git;

import dev.commitbench.Commit;
import dev.commitbench.internal.Durations;
import dev.commitbench.internal.Placeholders;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code Setup} is used to turn a materialized directory into a {@link Workspace}: it expands the per-commit
 * environment and runs the setup command, in the workspace, through {@code sh -c}, keeping its log
 * outside the user's working tree.
 */
final class Setup {

    private Setup() {
    }

    /**
     * Prepares {@code commit} in {@code directory}; the setup log goes to {@code logDirectory}, asked for only
     * when there is a setup command. With {@code reuse}, a setup that already succeeded there with the same
     * command is not run again. With {@code appendLog}, the log keeps the earlier setups' output (in place,
     * where setup runs again on every checkout).
     */
    static Workspace prepare(Commit commit, Path directory, Supplier<Path> logDirectory, WorkspaceOptions options,
            boolean reuse, boolean appendLog) {
        Map<String, String> values = Map.of("workspace", directory.toString(), "sha", commit.sha(),
                "ref", commit.label());
        Map<String, String> environment = new LinkedHashMap<>();
        options.environment().forEach((key, value) -> environment.put(key, Placeholders.expand(value, values)));
        if (options.setupCommand() == null || options.setupCommand().isBlank()) {
            return new Workspace(commit, directory, environment, Optional.empty(), Optional.empty());
        }
        String command = Placeholders.expand(options.setupCommand(), values);
        String name = "setup-" + commit.sha().substring(0, Math.min(12, commit.sha().length()));
        Path log = logDirectory.get().resolve(name + ".log");
        Path done = log.resolveSibling(name + ".done");
        try {
            if (reuse && Files.exists(done) && Files.readString(done).equals(command)) {
                return new Workspace(commit, directory, environment, Optional.of(log), Optional.empty());
            }
            Files.deleteIfExists(done);
            Exec.Result result;
            OpenOption[] open = appendLog ? new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.APPEND}
                    : new OpenOption[0];
            try (OutputStream out = Files.newOutputStream(log, open)) {
                out.write(("$ " + command + "\n").getBytes(StandardCharsets.UTF_8));
                result = Exec.run(directory, List.of("sh", "-c", command), environment, out, true,
                        options.setupTimeout());
            }
            if (result.exitCode() != 0) {
                return new Workspace(commit, directory, environment, Optional.of(log), Optional.of(
                        "Setup command [" + command + "] failed with exit code " + result.exitCode()
                        + (result.timedOut() ? " (killed, with its child processes, after the setup timeout of "
                                + Durations.format(options.setupTimeout()) + "; raise it with setupTimeout or"
                                + " --setup-timeout)" : "")
                        + " for commit " + commit.displayName() + " in " + directory + ", so its runs are errors; "
                        + "see the log " + log + ". Fix the command (or that commit) and run again."
                        + (result.stderrTail(3).isEmpty() ? "" : " Last lines:\n" + result.stderrTail(3))));
            }
            Files.writeString(done, command);
            return new Workspace(commit, directory, environment, Optional.of(log), Optional.empty());
        } catch (IOException | GitException e) {
            return new Workspace(commit, directory, environment, Optional.of(log), Optional.of(
                    "Setup command [" + command + "] could not run for commit " + commit.displayName() + " in "
                    + directory + ": " + e.getMessage() + " (log: " + log + ")."));
        }
    }
}
