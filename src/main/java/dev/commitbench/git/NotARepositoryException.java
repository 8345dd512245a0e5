package dev.commitbench.git;

import java.nio.file.Path;

/**
 * The directory to benchmark is not inside a git repository. The message says what to do in the JUnit extension
 * (set {@code repository}); a front end without that setting says what to do instead, with {@link #directory()}.
 */
public class NotARepositoryException extends GitException {

    private final transient Path directory;

    public NotARepositoryException(Path directory) {
        super("Not a git repository: " + directory + " (nor any of its parent directories). Run commitbench "
                + "inside a git repository, or set 'repository' to one (git init / git clone).");
        this.directory = directory;
    }

    /** The directory that is not inside a git repository. */
    public Path directory() {
        return directory;
    }
}
