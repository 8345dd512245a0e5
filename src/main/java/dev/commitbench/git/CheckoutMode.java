package dev.commitbench.git;

/** How commits are materialized. */
public enum CheckoutMode {
    /** Each commit in its own linked worktree outside the user's working tree (default). */
    WORKTREE,
    /** benchmark.py's behaviour: check each commit out in the repository itself, guarded and restored. */
    IN_PLACE
}
