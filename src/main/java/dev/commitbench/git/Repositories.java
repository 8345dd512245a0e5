package dev.commitbench.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

/** {@code Repositories} is used to open the repository around a directory, with messages that say what to do. */
final class Repositories {

    static {
        // JGit measures a file system's timestamp resolution once per user (it keeps the result in
        // ~/.config/jgit/config) by writing probe files next to the first file it checks: in the repository's
        // .git directory. In the background, that measurement outlives the call, so its probe files may appear in
        // a .git directory while it is being removed, or after commitbench is done; measured in the foreground,
        // the first open waits for it (once per user and file system) and leaves nothing behind.
        FS.FileStoreAttributes.setBackground(false);
    }

    private Repositories() {
    }

    /**
     * Opens the non-bare repository that contains {@code directory}, searching upward.
     *
     * @throws GitException when the directory is missing, not inside a git repository, or bare
     */
    static Repository open(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            throw new GitException("Repository directory " + absolute + " does not exist. Point 'repository' at "
                    + "the working tree of the git repository to benchmark.");
        }
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(absolute.toFile());
        if (builder.getGitDir() == null) {
            throw notARepository(absolute);
        }
        try {
            Repository repository = builder.setMustExist(true).build();
            if (repository.isBare()) {
                repository.close();
                throw new GitException("Repository " + absolute + " is bare (it has no working tree). Clone it "
                        + "(git clone " + absolute + ") and benchmark the clone.");
            }
            return repository;
        } catch (IOException e) {
            throw notARepository(absolute);
        }
    }

    private static GitException notARepository(Path directory) {
        return new NotARepositoryException(directory);
    }

    /** Whether the repository is a shallow clone (it has a {@code shallow} file). */
    static boolean isShallow(Repository repository) {
        return Files.exists(repository.getDirectory().toPath().resolve("shallow"));
    }
}
