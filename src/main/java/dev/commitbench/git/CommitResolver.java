package dev.commitbench.git;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code CommitResolver} turns commit specs into full SHAs with JGit, before anything runs.
 *
 * <p>Specs: refs ({@code main}, {@code HEAD~2}, tags, abbreviated SHAs), {@code diff} (the merge-base
 * of HEAD and the base branch, falling back to {@code origin/<base>}; on the base branch itself,
 * HEAD's first parent), and ranges {@code A..B} (every first-parent commit from A, exclusive, to B).
 * A comma-separated string is split. Not thread-safe; close it.
 */
public final class CommitResolver implements AutoCloseable {

    private final Path workTree;

    private CommitResolver(Path workTree) {
        this.workTree = workTree;
    }

    /**
     * Opens the repository that contains {@code directory} (searching upward).
     *
     * @throws GitException when {@code directory} is not inside a git repository
     */
    public static CommitResolver open(Path directory) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The repository's working tree (top-level directory). */
    public Path workTree() {
        return workTree;
    }

    /**
     * Resolves specs to commits; {@code base} is the branch {@code diff} compares with.
     *
     * @throws GitException naming the spec when a ref is unknown (with similar refs suggested), when a
     *                      ref starts with {@code -}, when the repository has no commits, when the base
     *                      branch is missing, or when a shallow clone lacks the base
     */
    public Resolution resolve(List<String> specs, String base) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    @Override
    public void close() {
    }
}
