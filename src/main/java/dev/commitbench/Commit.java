package dev.commitbench;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * {@code Commit} is one benchmarked commit: its full SHA and the label the user gave it
 * ({@code main}, {@code HEAD}, a tag, or the SHA itself).
 *
 * <p>The first commit of a plan is the baseline; every other commit is a candidate compared with it.
 *
 * <p>{@value #WORKTREE} stands for the working tree as it was when the run started, uncommitted changes
 * included: a snapshot commit on top of HEAD that no ref points to ({@code git show <sha>} shows the changes),
 * with {@link #tree()} the hash of the working tree's tree.
 *
 * <p>For example:
 *
 * <pre><code class='java'>
 * Commit head = new Commit("5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e", "HEAD");
 * head.shortSha();        // "5d6e7f8"
 * head.displayName();     // "HEAD&#64;5d6e7f8"
 * head.isWorkingTree();   // false
 * </code></pre>
 *
 * @param sha   the full 40-character SHA; must not be blank
 * @param label the user-facing name; must not be blank
 * @param tree  for {@value #WORKTREE}, the hash of the working tree's tree (what {@code git write-tree} gives for
 *              it); {@code null} for a commit of the history
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Commit(String sha, String label, String tree) {

    /** The pseudo-ref for the working tree as it is now, uncommitted changes included. */
    public static final String WORKTREE = "WORKTREE";

    /**
     * Validates the parts.
     *
     * @param sha the full 40-character SHA; must not be blank
     * @param label the user-facing name; must not be blank
     * @param tree the working tree's tree hash for {@value #WORKTREE}, else {@code null}; never blank
     */
    public Commit {
        Objects.requireNonNull(sha, "sha");
        Objects.requireNonNull(label, "label");
        if (sha.isBlank() || label.isBlank() || tree != null && tree.isBlank()) {
            throw new IllegalArgumentException("sha and label must not be blank, nor tree when given");
        }
    }

    /**
     * A commit of the history.
     *
     * @param sha the full 40-character SHA; must not be blank
     * @param label the user-facing name; must not be blank
     */
    public Commit(String sha, String label) {
        this(sha, label, null);
    }

    /** {@return whether this is the snapshot of the working tree ({@value #WORKTREE}), not a commit of the history} */
    public boolean isWorkingTree() {
        return tree != null;
    }

    /** {@return the first seven characters of the SHA, as git shows it} */
    public String shortSha() {
        return sha.length() <= 7 ? sha : sha.substring(0, 7);
    }

    /** {@return {@code main@1a2b3c4}, or just the short SHA when the label is the SHA itself} */
    public String displayName() {
        return sha.startsWith(label) || label.equals(shortSha()) ? shortSha() : label + "@" + shortSha();
    }

    @Override
    public String toString() {
        return displayName();
    }
}
