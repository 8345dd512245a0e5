package dev.commitbench.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commitbench.Commit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies that in-place mode checks each commit out in the user's working tree, refuses what it would
 * damage, and always puts back the original branch or detached HEAD without losing untracked or ignored files.
 */
class InPlaceWorkspacesTests {

    private static final WorkspaceOptions IN_PLACE = new WorkspaceOptions(CheckoutMode.IN_PLACE, null, null, false,
            null, Map.of());

    @TempDir
    Path temp;

    private TestRepo repo;
    private Commit first;
    private Commit second;

    @BeforeEach
    void history() {
        repo = TestRepo.init(temp.resolve("repo"));
        repo.write(".gitignore", "build/\n").write("src/app.py", "VERSION = 1\n").write("old/only.txt", "old\n");
        first = new Commit(repo.commit("one"), "main~1");
        repo.git("rm", "--quiet", "-r", "old");
        repo.write("src/app.py", "VERSION = 2\n").write("docs/new/readme.md", "new\n");
        second = new Commit(repo.commit("two"), "main");
        repo.git("checkout", "--quiet", "-b", "feature");
        repo.write("build/cache.bin", "ignored").write("notes.txt", "untracked");
    }

    private String state() {
        return repo.git("status", "--porcelain", "--ignored", "--branch") + "\n" + repo.git("rev-parse", "HEAD")
                + "\n" + repo.git("rev-parse", "--symbolic-full-name", "HEAD") + "\n" + repo.git("ls-files", "--stage");
    }

    @Test
    void checksOutEachCommitAndRestoresTheBranchKeepingUntrackedAndIgnoredFiles() {
        String before = state();
        try (Workspaces workspaces = Workspaces.open(repo.dir, IN_PLACE)) {
            Workspace a = workspaces.materialize(first);

            assertThat(a.directory()).isEqualTo(repo.dir.toAbsolutePath());
            assertThat(repo.read("src/app.py")).isEqualTo("VERSION = 1\n");
            assertThat(repo.dir.resolve("old/only.txt")).exists();
            assertThat(repo.dir.resolve("docs")).doesNotExist();
            assertThat(repo.git("rev-parse", "HEAD")).isEqualTo(first.sha());

            workspaces.materialize(second);
            assertThat(repo.read("src/app.py")).isEqualTo("VERSION = 2\n");
            assertThat(repo.dir.resolve("old")).doesNotExist();
            assertThat(workspaces.materialize(first)).isEqualTo(a);
            assertThat(repo.read("src/app.py")).isEqualTo("VERSION = 1\n");
        }
        assertThat(state()).isEqualTo(before);
        assertThat(repo.git("symbolic-ref", "HEAD")).isEqualTo("refs/heads/feature");
        assertThat(repo.read("notes.txt")).isEqualTo("untracked");
        assertThat(repo.read("build/cache.bin")).isEqualTo("ignored");
        assertThat(repo.dir.resolve(".git/" + InPlaceGuard.RECORD)).doesNotExist();
    }

    @Test
    void restoresADetachedHead() {
        repo.git("checkout", "--quiet", "--detach", second.sha());
        String before = state();

        try (Workspaces workspaces = Workspaces.open(repo.dir, IN_PLACE)) {
            workspaces.materialize(first);
        }
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void refusesADirtyTreeNamingTheChangedFiles() {
        repo.write("src/app.py", "VERSION = 'local edit'\n");
        repo.write("old2.txt", "x");
        repo.git("add", "old2.txt");

        assertThatThrownBy(() -> Workspaces.open(repo.dir, IN_PLACE))
                .isInstanceOf(GitException.class)
                .hasMessageContaining("In-place mode needs a clean working tree, but ")
                .hasMessageEndingWith(" has uncommitted changes: old2.txt, src/app.py. Commit or stash them "
                        + "(git stash), or use worktree mode, which never touches your checkout.");
        assertThat(repo.read("src/app.py")).isEqualTo("VERSION = 'local edit'\n");
    }

    @Test
    void refusesToOverwriteAnUntrackedFileThatACommitTracks() throws Exception {
        repo.write("old/only.txt", "my precious notes");
        String before = state();

        try (Workspaces workspaces = Workspaces.open(repo.dir, IN_PLACE)) {
            assertThatThrownBy(() -> workspaces.materialize(first))
                    .isInstanceOf(GitException.class)
                    .hasMessageStartingWith("In-place checkout of " + first.displayName() + " would overwrite untracked "
                            + "or ignored files in ")
                    .hasMessageEndingWith(": old/only.txt. Move them away, or use worktree mode, which never touches "
                            + "your checkout.");
        }
        assertThat(repo.read("old/only.txt")).isEqualTo("my precious notes");
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void refusesToOverwriteIgnoredFilesOrUntrackedFilesWhereACommitHasADirectoryOrAFile() {
        repo.git("add", "--force", "build/cache.bin");
        repo.write("tool", "a file").write("notes/a.txt", "tracked");
        Commit tracksThem = new Commit(repo.commit("track the cache, a file and a directory"), "tracks");
        repo.git("rm", "--quiet", "--cached", "build/cache.bin");
        repo.git("rm", "--quiet", "tool");
        repo.git("rm", "--quiet", "-r", "notes");
        repo.commit("untrack them");
        repo.write("tool/x.txt", "untracked in a directory").write("notes", "an untracked file");
        String before = state();

        try (Workspaces workspaces = Workspaces.open(repo.dir, IN_PLACE)) {
            assertThatThrownBy(() -> workspaces.materialize(tracksThem))
                    .isInstanceOf(GitException.class)
                    .hasMessageEndingWith(": build/cache.bin, notes, tool/x.txt. Move them away, or use worktree mode, "
                            + "which never touches your checkout.");
        }
        assertThat(state()).isEqualTo(before);
        assertThat(repo.read("build/cache.bin")).isEqualTo("ignored");
    }

    @Test
    void refusesASecondInPlaceRunOnTheSameRepository() {
        try (Workspaces workspaces = Workspaces.open(repo.dir, IN_PLACE)) {
            assertThatThrownBy(() -> Workspaces.open(repo.dir, IN_PLACE))
                    .isInstanceOf(GitException.class)
                    .hasMessageStartingWith("In-place mode is already in use for ")
                    .hasMessageEndingWith(" in this JVM. Close the other workspaces first, or use worktree mode.");
            workspaces.materialize(first);
            assertThat(repo.git("rev-parse", "HEAD")).isEqualTo(first.sha());
        }
        assertThat(repo.git("symbolic-ref", "HEAD")).isEqualTo("refs/heads/feature");
    }

    @Test
    void runsTheSetupCommandOnEveryCheckoutThatChangesHeadWithItsLogOutsideTheTree() throws Exception {
        WorkspaceOptions setup = new WorkspaceOptions(CheckoutMode.IN_PLACE, temp.resolve("logs"), null, false,
                "echo ${ref} >> " + temp.resolve("setups.txt"), Map.of("REF", "${ref}"));
        try (Workspaces workspaces = Workspaces.open(repo.dir, setup)) {
            Workspace a = workspaces.materialize(first);
            workspaces.materialize(second);
            workspaces.materialize(second);
            workspaces.materialize(first);

            assertThat(a.setupLog()).contains(temp.resolve("logs/setup-" + first.sha().substring(0, 12) + ".log"));
            assertThat(a.environment()).containsEntry("REF", "main~1");
        }
        assertThat(temp.resolve("setups.txt")).as("set up again when HEAD changes back, not when it stays")
                .hasContent("main~1\nmain\nmain~1");
        assertThat(Files.readString(temp.resolve("logs/setup-" + first.sha().substring(0, 12) + ".log")))
                .as("the log appends per checkout").isEqualTo(("$ echo main~1 >> " + temp.resolve("setups.txt") + "\n").repeat(2));
    }

    @Test
    void deletesItsTemporarySetupLogsUnlessASetupFailed() throws Exception {
        WorkspaceOptions setup = new WorkspaceOptions(CheckoutMode.IN_PLACE, null, null, false,
                "test ${ref} = main", Map.of());
        Workspace good;
        try (Workspaces workspaces = Workspaces.open(repo.dir, setup)) {
            good = workspaces.materialize(second);
        }
        assertThat(good.setupLog().orElseThrow().getParent()).doesNotExist();

        Workspace bad;
        try (Workspaces workspaces = Workspaces.open(repo.dir, setup)) {
            bad = workspaces.materialize(first);
        }
        Path log = bad.setupLog().orElseThrow();
        assertThat(bad.setupError()).get().asString().contains("see the log " + log);
        assertThat(log).exists();
        assertThat(log.getParent().startsWith(repo.dir)).isFalse();
        WorktreeWorkspaces.deleteRecursively(log.getParent());
    }
}
