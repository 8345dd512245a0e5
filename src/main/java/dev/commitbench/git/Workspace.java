package dev.commitbench.git;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.Commit;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * One materialized commit.
 *
 * @param commit      the commit
 * @param directory   where its files are
 * @param environment the per-commit environment variables, placeholders expanded
 * @param setupLog    the setup command's log, when a setup command ran
 * @param setupError  why the setup command failed (naming the log); when present, every run of this
 *                    commit is an error
 */
@API(status = INTERNAL, since = "0.1")
public record Workspace(Commit commit, Path directory, Map<String, String> environment, Optional<Path> setupLog,
        Optional<String> setupError) {

    /**
     * Copies the environment.
     *
     * @param commit the commit
     * @param directory where its files are
     * @param environment the per-commit environment variables, placeholders expanded
     * @param setupLog the setup command's log, when a setup command ran
     * @param setupError why the setup command failed (naming the log); when present, every run of this commit is an
     *                   error
     */
    public Workspace {
        environment = Map.copyOf(environment);
    }
}
