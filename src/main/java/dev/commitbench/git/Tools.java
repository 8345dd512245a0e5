package dev.commitbench.git;

import java.nio.file.Path;
import org.eclipse.jgit.lib.Repository;

/**
 * {@code Tools} is used to say which executables workspaces may use; tests pass their own to cover the JGit
 * fallback and the Git LFS warning on any machine.
 *
 * @param git    whether a {@code git} executable is on the PATH ({@code git worktree add}); otherwise JGit
 *               checks out into a private index and directory
 * @param gitLfs whether {@code git-lfs} is on the PATH; otherwise LFS pointer files get a warning
 */
record Tools(boolean git, boolean gitLfs) {

    /** Opens workspaces with these tools (see {@link Workspaces#open(Path, WorkspaceOptions)}). */
    Workspaces open(Path repository, WorkspaceOptions options) {
        Repository opened = Repositories.open(repository);
        try {
            return options.mode() == CheckoutMode.IN_PLACE ? InPlaceWorkspaces.open(opened, options)
                    : WorktreeWorkspaces.open(opened, options, this);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    static Tools detect() {
        return new Tools(GitCli.available(), Exec.onPath("git-lfs"));
    }
}
