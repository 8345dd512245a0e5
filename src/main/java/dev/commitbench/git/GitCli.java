package dev.commitbench.git;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GitCli} is used to run the {@code git} executable for what JGit cannot do (linked worktrees,
 * submodule updates). Arguments are always full SHAs or paths that we made, never user text, so nothing
 * a user writes can reach git as an option.
 */
final class GitCli {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final Path repository;

    GitCli(Path repository) {
        this.repository = repository;
    }

    /** Whether a {@code git} executable is on the PATH. */
    static boolean available() {
        return Exec.onPath("git");
    }

    /**
     * Runs {@code git -C <directory> <args>}.
     *
     * @throws GitException with the command line, exit code and last lines of stderr when git fails
     */
    void run(Path directory, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", directory.toString()));
        command.addAll(List.of(args));
        Exec.Result result = Exec.run(repository, command, Map.of(), OutputStream.nullOutputStream(), false,
                TIMEOUT);
        if (result.exitCode() != 0) {
            throw new GitException("[" + String.join(" ", command) + "] failed with exit code " + result.exitCode()
                    + (result.timedOut() ? " (killed after " + TIMEOUT.toMinutes() + " minutes)" : "")
                    + " in repository " + repository + ":\n" + result.stderrTail(5));
        }
    }
}
