package dev.commitbench.git;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** How commits are materialized. */
@API(status = INTERNAL, since = "0.1")
public enum CheckoutMode {
    /** Each commit in its own linked worktree outside the user's working tree (default). */
    WORKTREE,
    /** benchmark.py's behaviour: check each commit out in the repository itself, guarded and restored. */
    IN_PLACE
}
