package dev.commitbench.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commitbench.Commit;
import dev.commitbench.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies that worktree mode materializes each commit outside the user's working tree, with the git
 * executable or with JGit alone, and leaves the repository as it was.
 */
class WorktreeWorkspacesTests {

    private static final Tools GIT = new Tools(true, true);
    private static final Tools JGIT_ONLY = new Tools(false, true);

    @TempDir
    Path temp;

    private TestRepo repo;
    private Commit first;
    private Commit second;

    @BeforeEach
    void history() {
        repo = TestRepo.init(temp.resolve("repo"));
        repo.write(".gitignore", "build/\n").write("src/app.py", "VERSION = 1\n").write("bench/config/a.yaml", "x: 1\n");
        first = new Commit(repo.commit("one"), "main~1");
        repo.write("src/app.py", "VERSION = 2\n").write("src/new.py", "new\n");
        repo.git("rm", "--quiet", "-r", "bench");
        second = new Commit(repo.commit("two"), "main");
        repo.write("build/out.bin", "ignored").write("scratch.txt", "untracked");
    }

    private WorkspaceOptions options(Path root) {
        return new WorkspaceOptions(CheckoutMode.WORKTREE, root, null, false, null, Map.of());
    }

    @Test
    void materializesEachCommitOnceOutsideTheWorkingTreeAndRemovesEverythingOnClose() throws Exception {
        String statusBefore = repo.git("status", "--porcelain", "--ignored");
        String worktreesBefore = repo.git("worktree", "list");
        Workspace a;
        Workspace b;
        try (Workspaces workspaces = GIT.open(repo.dir, options(null))) {
            a = workspaces.materialize(first);
            b = workspaces.materialize(second);

            assertThat(a.directory().resolve("src/app.py")).hasContent("VERSION = 1");
            assertThat(b.directory().resolve("src/app.py")).hasContent("VERSION = 2");
            assertThat(b.directory().resolve("bench")).doesNotExist();
            assertThat(a.directory().startsWith(repo.dir.toRealPath())).isFalse();
            assertThat(a.directory()).isAbsolute().startsWith(Path.of(System.getProperty("java.io.tmpdir")));
            assertThat(workspaces.materialize(first)).isSameAs(a);
            assertThat(repo.git("worktree", "list")).contains(a.directory().toString(), b.directory().toString());
            assertThat(repo.git("status", "--porcelain", "--ignored")).isEqualTo(statusBefore);
            assertThat(a.commit()).isEqualTo(first);
            assertThat(a.setupLog()).isEmpty();
            assertThat(a.setupError()).isEmpty();
            assertThat(workspaces.warnings()).isEmpty();
        }
        assertThat(a.directory()).doesNotExist();
        assertThat(b.directory()).doesNotExist();
        assertThat(a.directory().getParent()).doesNotExist();
        assertThat(repo.git("worktree", "list")).isEqualTo(worktreesBefore);
        assertThat(repo.git("status", "--porcelain", "--ignored")).isEqualTo(statusBefore);
        assertThat(repo.read("src/app.py")).isEqualTo("VERSION = 2\n");
    }

    @Test
    void checksOutWithJGitIntoAPrivateIndexWhenNoGitExecutableExists() throws Exception {
        String worktreesBefore = repo.git("worktree", "list");
        Path root = temp.resolve("root");
        Workspace a;
        try (Workspaces workspaces = JGIT_ONLY.open(repo.dir, options(root))) {
            a = workspaces.materialize(first);
            Workspace b = workspaces.materialize(second);

            assertThat(a.directory().resolve("src/app.py")).hasContent("VERSION = 1");
            assertThat(a.directory().resolve("bench/config/a.yaml")).hasContent("x: 1");
            assertThat(b.directory().resolve("src/new.py")).hasContent("new");
            assertThat(a.directory().resolve(".git")).doesNotExist();
            assertThat(a.directory()).startsWith(root);
            assertThat(repo.git("worktree", "list")).isEqualTo(worktreesBefore);
        }
        assertThat(a.directory()).doesNotExist();
        assertThat(root).isEmptyDirectory();
        assertThat(repo.read("src/app.py")).isEqualTo("VERSION = 2\n");
    }

    @Test
    void keepsWorkspacesOfAFailedRunWhenAsked() throws Exception {
        WorkspaceOptions keep = new WorkspaceOptions(CheckoutMode.WORKTREE, temp.resolve("root"), null, true, null,
                Map.of());
        Workspace kept;
        Workspace removed;
        try (Workspaces workspaces = GIT.open(repo.dir, keep)) {
            kept = workspaces.materialize(first);
            workspaces.markFailed();
        }
        try (Workspaces workspaces = GIT.open(repo.dir, keep)) {
            removed = workspaces.materialize(first);
            assertThat(workspaces.warnings()).isEmpty();
        }
        assertThat(kept.directory().resolve("src/app.py")).hasContent("VERSION = 1");
        assertThat(repo.git("worktree", "list")).contains(kept.directory().toString());
        assertThat(removed.directory()).doesNotExist();
        WorktreeWorkspaces.deleteRecursively(kept.directory());
        repo.git("worktree", "prune");
    }

    @Test
    void removesWorkspacesThatAKilledRunLeftBehind() throws Exception {
        String worktreesBefore = repo.git("worktree", "list");
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Workspaces abandoned = GIT.open(repo.dir, options(null));
        Path left = abandoned.materialize(first).directory();
        Files.writeString(left.getParent().resolve(WorktreeWorkspaces.OWNER), Long.toString(finished.pid()));

        try (Workspaces workspaces = GIT.open(repo.dir, options(null))) {
            assertThat(workspaces.warnings()).containsExactly("Removed workspaces left in " + left.getParent()
                    + " by a commitbench run that did not finish (process " + finished.pid() + ").");
            assertThat(left.getParent()).doesNotExist();
            assertThat(repo.git("worktree", "list")).isEqualTo(worktreesBefore);
        } finally {
            abandoned.close();
        }
    }

    @Test
    void reusesCachedWorkspacesAcrossRunsAndMakesAModifiedOneAgain() throws Exception {
        Path cache = temp.resolve("cache");
        WorkspaceOptions cached = new WorkspaceOptions(CheckoutMode.WORKTREE, null, cache, false,
                "echo set up >> " + temp.resolve("setups.txt"), Map.of());
        Path directory;
        try (Workspaces workspaces = GIT.open(repo.dir, cached)) {
            directory = workspaces.materialize(first).directory();
        }
        assertThat(directory).isEqualTo(cache.resolve(first.sha()));
        Files.writeString(directory.resolve("untracked-build-output"), "kept");
        Path marker = directory.resolve("src/app.py");
        long modified = Files.getLastModifiedTime(marker).toMillis();

        try (Workspaces workspaces = GIT.open(repo.dir, cached)) {
            assertThat(workspaces.materialize(first).directory()).isEqualTo(directory);
            assertThat(workspaces.warnings()).isEmpty();
        }
        assertThat(Files.getLastModifiedTime(marker).toMillis()).isEqualTo(modified);
        assertThat(temp.resolve("setups.txt")).hasContent("set up");

        Files.writeString(marker, "VERSION = 'tampered'\n");
        try (Workspaces workspaces = GIT.open(repo.dir, cached)) {
            assertThat(workspaces.materialize(first).directory().resolve("src/app.py")).hasContent("VERSION = 1");
            assertThat(workspaces.warnings()).containsExactly("Cached workspace " + directory + " did not match commit "
                    + first.displayName() + " (modified files); it was made again.");
        }
        assertThat(temp.resolve("setups.txt")).hasContent("set up\nset up");
        assertThat(repo.git("worktree", "list")).contains(directory.toString());
        WorktreeWorkspaces.deleteRecursively(cache);
        repo.git("worktree", "prune");
    }

    @Test
    void runsTheSetupCommandOncePerCommitWithPlaceholdersAndExpandsTheEnvironment() throws Exception {
        Path counter = temp.resolve("count.txt");
        WorkspaceOptions setup = new WorkspaceOptions(CheckoutMode.WORKTREE, null, null, false,
                "echo ran >> " + counter + "; echo \"sha=${sha} ref=${ref} ws=${workspace} path=$PYTHONPATH\"",
                Map.of("PYTHONPATH", "${workspace}/src", "COMMIT", "${ref}@${sha}"));
        try (Workspaces workspaces = GIT.open(repo.dir, setup)) {
            Workspace a = workspaces.materialize(first);
            workspaces.materialize(first);

            assertThat(a.environment()).containsOnly(
                    Map.entry("PYTHONPATH", a.directory() + "/src"),
                    Map.entry("COMMIT", "main~1@" + first.sha()));
            assertThat(a.setupError()).isEmpty();
            assertThat(a.setupLog()).get().satisfies(log -> {
                assertThat(log.startsWith(repo.dir.toRealPath())).isFalse();
                assertThat(log).hasFileName("setup-"
                        + first.sha().substring(0, 12) + ".log");
                assertThat(Files.readString(log)).endsWith("sha=" + first.sha() + " ref=main~1 ws=" + a.directory()
                        + " path=" + a.directory() + "/src\n");
            });
            assertThat(counter).hasContent("ran");
        }
    }

    @Test
    void aSetupCommandPastItsTimeoutIsKilledWithItsChildProcessesAndItsCommitsRunsAreErrors() throws Exception {
        Path pid = temp.resolve("child.pid");
        WorkspaceOptions setup = new WorkspaceOptions(CheckoutMode.WORKTREE, temp.resolve("root"), null, false,
                "sleep 300 & echo $! > " + pid + "; wait", Map.of(), java.time.Duration.ofSeconds(1));
        Workspace slow;
        try (Workspaces workspaces = GIT.open(repo.dir, setup)) {
            slow = workspaces.materialize(first);
        }

        assertThat(slow.setupError()).get().asString()
                .startsWith("Setup command [sleep 300 & echo $! > " + pid + "; wait] failed with exit code ")
                .contains(" (killed, with its child processes, after the setup timeout of 1s; raise it with"
                        + " setupTimeout or --setup-timeout) for commit " + first.displayName() + " in ");
        Processes.assertGone(java.util.List.of(Long.parseLong(Files.readString(pid).strip())));
    }

    @Test
    void aFailingSetupCommandIsAnErrorForThatCommitOnlyNamingTheLogWhichIsKept() throws Exception {
        WorkspaceOptions setup = new WorkspaceOptions(CheckoutMode.WORKTREE, temp.resolve("root"), null, false,
                "test ${ref} = main || { echo 'no such package' >&2; exit 3; }", Map.of());
        Workspace bad;
        Workspace good;
        try (Workspaces workspaces = GIT.open(repo.dir, setup)) {
            bad = workspaces.materialize(first);
            good = workspaces.materialize(second);
        }
        Path log = bad.setupLog().orElseThrow();
        assertThat(bad.setupError()).contains("Setup command [test main~1 = main || { echo 'no such package' "
                + ">&2; exit 3; }] failed with exit code 3 for commit " + first.displayName() + " in "
                + bad.directory() + ", so its runs are errors; see the log " + log + ". Fix the command (or that "
                + "commit) and run again. Last lines:\nno such package");
        assertThat(log).content().contains("no such package");
        assertThat(good.setupError()).isEmpty();
        assertThat(bad.directory()).doesNotExist();
        assertThat(good.directory()).doesNotExist();
        assertThat(repo.git("worktree", "list").lines()).hasSize(1);
    }

    @Test
    void anUnwritableWorkspaceRootIsNamedWithWhatToDo() throws Exception {
        Path file = Files.writeString(temp.resolve("a-file"), "not a directory");
        Path root = file.resolve("workspaces");

        assertThatThrownBy(() -> GIT.open(repo.dir, options(root)))
                .isInstanceOf(GitException.class)
                .hasMessageStartingWith("Cannot write the workspace root " + root + ": ")
                .hasMessageEndingWith(". Choose a writable directory (workspaceRoot) or fix its permissions.");
    }

    @Test
    void anUnwritableCacheDirectoryIsNamedWithWhatToDo() throws Exception {
        Path file = Files.writeString(temp.resolve("a-file"), "not a directory");
        Path cache = file.resolve("cache");

        assertThatThrownBy(() -> GIT.open(repo.dir, new WorkspaceOptions(CheckoutMode.WORKTREE, null, cache, false,
                null, Map.of())))
                .isInstanceOf(GitException.class)
                .hasMessageStartingWith("Cannot write the workspace cache directory " + cache + ": ")
                .hasMessageEndingWith(". Choose a writable directory (cacheDir) or fix its permissions.");
    }

    @Test
    void notAGitRepositoryIsNamed() throws Exception {
        Path plain = Files.createDirectories(temp.resolve("plain"));

        assertThatThrownBy(() -> Workspaces.open(plain, WorkspaceOptions.defaults()))
                .isInstanceOf(GitException.class)
                .hasMessageStartingWith("Not a git repository: " + plain);
    }

    @Test
    void aCommitWithoutTheConfigDirIsAnErrorForThatCommitOnly() {
        try (Workspaces workspaces = GIT.open(repo.dir, options(null))) {
            Workspace withConfig = workspaces.materialize(first);
            Workspace without = workspaces.materialize(second);

            assertThat(Workspaces.requireDirectory(withConfig, "bench/config")).isEmpty();
            assertThat(Workspaces.requireDirectory(without, "bench/config")).contains("Config dir [bench/config] "
                    + "does not exist in commit " + second.displayName() + " (looked for "
                    + without.directory().resolve("bench/config") + "), so that commit's runs are errors; the other "
                    + "commits still run. Add the directory to that commit, or resolve the config dir against the "
                    + "current checkout (configFromCheckout = true, or --config-from-checkout on the command line).");
        }
    }

    @Test
    void resolvesTheConfigDirAgainstTheWorkspaceOrTheCurrentCheckout() {
        try (Workspaces workspaces = GIT.open(repo.dir, options(null))) {
            Workspace without = workspaces.materialize(second);

            assertThat(Workspaces.configDirectory(without, "bench/config", repo.dir, false))
                    .isEqualTo(without.directory().resolve("bench/config"));
            assertThat(Workspaces.configDirectory(without, "bench/config", repo.dir, true))
                    .isEqualTo(repo.dir.resolve("bench/config"));
            assertThat(Workspaces.configDirectory(without, "/etc/bench", repo.dir, false)).isEqualTo(Path.of("/etc/bench"));
        }
    }

    @Test
    void initializesSubmodulesOfTheCommit() {
        TestRepo library = TestRepo.init(temp.resolve("library"));
        library.write("lib.txt", "library code").commit("library");
        repo.git("-c", "protocol.file.allow=always", "submodule", "--quiet", "add", library.dir.toString(), "vendor/lib");
        Commit withSubmodule = new Commit(repo.commit("add submodule"), "HEAD");

        try (Workspaces workspaces = GIT.open(repo.dir, options(null))) {
            Workspace workspace = workspaces.materialize(withSubmodule);

            assertThat(workspace.directory().resolve("vendor/lib/lib.txt")).hasContent("library code");
        }
        assertThat(repo.git("worktree", "list").lines()).hasSize(1);
        try (Workspaces workspaces = JGIT_ONLY.open(repo.dir, options(null))) {
            Workspace workspace = workspaces.materialize(withSubmodule);

            assertThat(workspaces.warnings()).containsExactly("Commit " + withSubmodule.displayName() + " has "
                    + "submodules, which were not initialized in " + workspace.directory() + " because no git "
                    + "executable is installed. Install git to benchmark them.");
        }
    }

    @Test
    void warnsAboutGitLfsPointerFilesWhileGitLfsIsMissing() {
        repo.write(".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n")
                .write("model.bin", "version https://git-lfs.github.com/spec/v1\noid sha256:"
                        + "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n")
                .write("small.txt", "not a pointer");
        Commit withLfs = new Commit(repo.commit("lfs"), "HEAD");

        try (Workspaces workspaces = new Tools(true, false).open(repo.dir, options(null))) {
            workspaces.materialize(withLfs);
            workspaces.materialize(second);

            assertThat(workspaces.warnings()).containsExactly("Commit " + withLfs.displayName() + " has 1 Git LFS "
                    + "pointer file(s), but git-lfs is not installed, so the workspace holds pointers instead of the "
                    + "content: model.bin. Install git-lfs (https://git-lfs.com) and run git lfs install.");
        }
        try (Workspaces workspaces = GIT.open(repo.dir, options(null))) {
            workspaces.materialize(withLfs);
            assertThat(workspaces.warnings()).isEmpty();
        }
    }

    @Test
    void materializingAfterCloseSaysToOpenNewWorkspaces() {
        Workspaces workspaces = GIT.open(repo.dir, options(null));
        workspaces.close();
        workspaces.close();

        assertThatThrownBy(() -> workspaces.materialize(first))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith(" are closed; open new ones to materialize " + first.displayName() + ".");
    }
}
