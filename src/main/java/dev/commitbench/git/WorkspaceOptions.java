package dev.commitbench.git;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * @param setupTimeout   the limit for one run of the setup command, after which its process tree is killed
 *                       (null: {@link #DEFAULT_SETUP_TIMEOUT})
 */
@API(status = INTERNAL, since = "0.1")
public record WorkspaceOptions(CheckoutMode mode, Path root, Path cacheDir, boolean keepWorkspaces,
        String setupCommand, Map<String, String> environment, Duration setupTimeout) {

    /** The setup command's limit unless one is set: an hour. */
    public static final Duration DEFAULT_SETUP_TIMEOUT = Duration.ofHours(1);

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
     * @param setupTimeout the limit for one run of the setup command (null: {@link #DEFAULT_SETUP_TIMEOUT})
     */
    public WorkspaceOptions {
        mode = mode == null ? CheckoutMode.WORKTREE : mode;
        environment = environment == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        setupTimeout = setupTimeout == null ? DEFAULT_SETUP_TIMEOUT : setupTimeout;
    }

    /**
     * Options with the default setup timeout.
     *
     * @param mode worktree (default) or in place
     * @param root where worktrees go; null means a fresh directory under the system temp directory
     * @param cacheDir when set, worktrees live here and are reused across runs
     * @param keepWorkspaces keep the worktrees when the run failed
     * @param setupCommand a shell command run once per materialized commit in its workspace; null for none
     * @param environment per-commit environment variables
     */
    public WorkspaceOptions(CheckoutMode mode, Path root, Path cacheDir, boolean keepWorkspaces, String setupCommand,
            Map<String, String> environment) {
        this(mode, root, cacheDir, keepWorkspaces, setupCommand, environment, null);
    }

    /** {@return worktrees under the system temp directory, no cache, no setup, no extra environment} */
    public static WorkspaceOptions defaults() {
        return new WorkspaceOptions(CheckoutMode.WORKTREE, null, null, false, null, Map.of(), null);
    }
}
