package dev.commitbench.git;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * The directory to benchmark is not inside a git repository. The message says what to do in the JUnit extension
 * (set {@code repository}); a front end without that setting says what to do instead, with {@link #directory()}.
 */
@API(status = INTERNAL, since = "0.1")
public class NotARepositoryException extends GitException {

    private final transient Path directory;

    /**
     * The exception for {@code directory}.
     *
     * @param directory the directory that is not inside a git repository
     */
    public NotARepositoryException(Path directory) {
        super("Not a git repository: " + directory + " (nor any of its parent directories). Run commitbench "
                + "inside a git repository, or set 'repository' to one (git init / git clone).");
        this.directory = directory;
    }

    /** {@return the directory that is not inside a git repository} */
    public Path directory() {
        return directory;
    }
}
