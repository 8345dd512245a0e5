package dev.commitbench.git;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * How workspaces are made.
 *
 * @param mode           worktree (default) or in place
 * @param root           where worktrees go; null means a fresh directory under the system temp directory
 * @param cacheDir       when set, worktrees live here and are reused across runs (checked against the
 *                       commit's tree first)
 * @param keepWorkspaces keep the worktrees when the run failed
 * @param setupCommand   a shell command run once per materialized commit in its workspace, with
 *                       {@code ${workspace}}, {@code ${sha}} and {@code ${ref}}; null for none
 * @param environment    per-commit environment variables with the same placeholders
 */
@API(status = INTERNAL, since = "0.1")
public record WorkspaceOptions(CheckoutMode mode, Path root, Path cacheDir, boolean keepWorkspaces,
        String setupCommand, Map<String, String> environment) {

    /**
     * Fills in the defaults for null parts.
     *
     * @param mode worktree (default) or in place
     * @param root where worktrees go; null means a fresh directory under the system temp directory
     * @param cacheDir when set, worktrees live here and are reused across runs (checked against the commit's tree
     *                 first)
     * @param keepWorkspaces keep the worktrees when the run failed
     * @param setupCommand a shell command run once per materialized commit in its workspace, with
     *                     {@code ${workspace}}, {@code ${sha}} and {@code ${ref}}; null for none
     * @param environment per-commit environment variables with the same placeholders
     */
    public WorkspaceOptions {
        mode = mode == null ? CheckoutMode.WORKTREE : mode;
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }

    /** {@return worktrees under the system temp directory, no cache, no setup, no extra environment} */
    public static WorkspaceOptions defaults() {
        return new WorkspaceOptions(CheckoutMode.WORKTREE, null, null, false, null, Map.of());
    }
}
