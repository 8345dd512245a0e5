package dev.commitbench.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commitbench.Commit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies {@code WORKTREE}: the snapshot holds exactly what {@code git add -A} would stage (tracked changes, staged
 * or not, deletions, untracked files that are not ignored, the executable bit), as a commit on top of HEAD that a
 * worktree can be made from, and the user's repository is byte for byte what it was: index, working tree, stash,
 * HEAD, refs and reflogs.
 */
class WorkingTreeTests {

    @TempDir
    Path temp;

    /** A repository on {@code feature} (one commit after {@code main}) with every kind of uncommitted change. */
    private TestRepo dirty() {
        TestRepo repo = TestRepo.init(temp.resolve("repo"));
        repo.write(".gitignore", "build/\n*.log\n").write("kept.txt", "kept").write("changed.txt", "old")
                .write("staged.txt", "old").write("deleted.txt", "gone soon").write("run.sh", "echo hi\n").commit("base");
        repo.git("checkout", "--quiet", "-b", "feature");
        repo.write("feature.txt", "feature").commit("feature");
        repo.git("stash", "list");
        repo.write("stashed.txt", "stash me").git("stash", "push", "--include-untracked", "--quiet", "-m", "theirs");
        repo.write("changed.txt", "new, not staged");
        repo.write("staged.txt", "new, staged").git("add", "staged.txt");
        repo.write("staged.txt", "newer, after staging");
        repo.git("rm", "--quiet", "deleted.txt");
        repo.write("untracked/new.txt", "untracked").write("build/out.bin", "ignored").write("run.log", "ignored");
        repo.dir.resolve("run.sh").toFile().setExecutable(true);
        return repo;
    }

    @Test
    void theSnapshotHoldsWhatGitAddAllWouldStageAndTouchesNothing() throws Exception {
        TestRepo repo = dirty();
        String before = userState(repo);
        String expectedTree = gitAddAllTree(repo);

        Resolution resolution;
        try (CommitResolver resolver = CommitResolver.open(repo.dir)) {
            resolution = resolver.resolve(List.of("HEAD", Commit.WORKTREE), "main");
        }

        Commit worktree = resolution.commits().get(1);
        assertThat(worktree.label()).isEqualTo("WORKTREE");
        assertThat(worktree.isWorkingTree()).isTrue();
        assertThat(worktree.tree()).isEqualTo(expectedTree);
        assertThat(repo.git("rev-parse", worktree.sha() + "^{tree}")).isEqualTo(expectedTree);
        assertThat(repo.git("rev-parse", worktree.sha() + "^")).as("on top of HEAD").isEqualTo(repo.sha("HEAD"));
        assertThat(repo.git("show", worktree.sha() + ":staged.txt")).isEqualTo("newer, after staging");
        assertThat(repo.git("show", worktree.sha() + ":changed.txt")).isEqualTo("new, not staged");
        assertThat(repo.git("ls-tree", "-r", "--name-only", worktree.sha())).contains("untracked/new.txt")
                .doesNotContain("deleted.txt", "build/out.bin", "run.log", "stashed.txt");
        assertThat(repo.git("ls-tree", worktree.sha(), "run.sh")).startsWith("100755");
        assertThat(resolution.notes()).containsExactly("WORKTREE is the working tree as it is now, uncommitted changes"
                + " included: " + worktree.displayName() + ", a snapshot on top of HEAD (" + repo.sha("HEAD").substring(0, 7)
                + ") that no ref points to; git show " + worktree.shortSha() + " shows the changes.");
        assertThat(userState(repo)).isEqualTo(before);
        assertThat(repo.git("for-each-ref", "--contains", worktree.sha())).as("no ref points to it").isEmpty();
    }

    @Test
    void theSameChangesOnTheSameHeadGiveTheSameCommit() {
        TestRepo repo = dirty();

        Commit first = resolve(repo, Commit.WORKTREE).get(0);
        Commit second = resolve(repo, Commit.WORKTREE).get(0);
        repo.write("changed.txt", "changed again");
        Commit third = resolve(repo, Commit.WORKTREE).get(0);

        assertThat(second).isEqualTo(first);
        assertThat(third.sha()).isNotEqualTo(first.sha());
    }

    @Test
    void aCleanWorkingTreeIsHeadAndIsDroppedNextToIt() {
        TestRepo repo = TestRepo.init(temp.resolve("repo"));
        repo.write("a.txt", "1").commit("one");
        repo.write("a.txt", "2").commit("two");
        repo.write("ignored.log", "x").write(".git/info/exclude", "*.log\n");

        Resolution resolution;
        try (CommitResolver resolver = CommitResolver.open(repo.dir)) {
            resolution = resolver.resolve(List.of("HEAD~1", "HEAD", "WORKTREE"), "main");
            assertThat(resolver.uncommittedChangesNote()).isEmpty();
        }

        String head = repo.sha("HEAD").substring(0, 7);
        assertThat(resolution.commits()).extracting(Commit::label).containsExactly("HEAD~1", "HEAD");
        assertThat(resolution.notes()).containsExactly(
                "The working tree has no uncommitted changes, so WORKTREE is HEAD (" + head + ").",
                "Dropped duplicate commit [WORKTREE] (" + head + "): it is the same commit as [HEAD].");
    }

    @Test
    void diffPlusWorktreeComparesTheMergeBaseWithTheWorkingTree() {
        TestRepo repo = dirty();

        List<Commit> commits = resolve(repo, CommitResolver.DIFF_WORKTREE);

        assertThat(commits).extracting(Commit::label).containsExactly("main", "WORKTREE");
        assertThat(commits.get(0).sha()).isEqualTo(repo.sha("main"));
        assertThat(commits.get(1).isWorkingTree()).isTrue();
    }

    @Test
    void aRangeMayEndAtTheWorkingTreeButNotStartThere() {
        TestRepo repo = dirty();

        assertThat(resolve(repo, "main..WORKTREE")).extracting(Commit::label).containsExactly("main", "HEAD", "WORKTREE");
        assertThat(resolve(repo, "HEAD..WORKTREE")).extracting(Commit::label).containsExactly("HEAD", "WORKTREE");
        assertThatThrownBy(() -> resolve(repo, "WORKTREE..main")).isInstanceOf(GitException.class)
                .hasMessage("Range [WORKTREE..main] starts at WORKTREE, the uncommitted changes, which no commit comes"
                        + " after. Put WORKTREE at the end (for example main~5..WORKTREE: every commit up to HEAD, then"
                        + " the uncommitted changes).");
        assertThatThrownBy(() -> resolve(repo, "WORKTREE~1")).isInstanceOf(GitException.class)
                .hasMessage("[WORKTREE~1]: WORKTREE, the uncommitted changes, has no ancestors of its own. Name the"
                        + " commit before it from HEAD instead (for example HEAD or HEAD~1).");
    }

    @Test
    void aDirtyTreeWithoutWorktreeAmongTheCommitsGetsANoteSayingHowToMeasureIt() throws Exception {
        TestRepo repo = dirty();
        String before = userState(repo);

        try (CommitResolver resolver = CommitResolver.open(repo.dir)) {
            assertThat(resolver.uncommittedChangesNote()).contains("The working tree has uncommitted changes (5 paths),"
                    + " which are not measured: commits are benchmarked as committed. To measure them, add WORKTREE to"
                    + " the commits (commits = {\"HEAD\", \"WORKTREE\"}, or --commit HEAD,WORKTREE on the command line),"
                    + " or use diff+worktree.");
        }
        assertThat(userState(repo)).as("the status check writes nothing either").isEqualTo(before);
    }

    @Test
    void aWorktreeIsMadeFromTheSnapshotAndHoldsTheUncommittedFiles() throws Exception {
        TestRepo repo = dirty();
        String before = userState(repo);
        Commit worktree = resolve(repo, Commit.WORKTREE).get(0);

        try (Workspaces workspaces = Workspaces.open(repo.dir, new WorkspaceOptions(CheckoutMode.WORKTREE,
                temp.resolve("workspaces"), null, false, null, Map.of()))) {
            Path directory = workspaces.materialize(worktree).directory();

            assertThat(directory.resolve("changed.txt")).content().isEqualTo("new, not staged");
            assertThat(directory.resolve("untracked/new.txt")).content().isEqualTo("untracked");
            assertThat(directory.resolve("deleted.txt")).doesNotExist();
            assertThat(directory.resolve("run.log")).doesNotExist();
            assertThat(Files.isExecutable(directory.resolve("run.sh"))).isTrue();
        }
        assertThat(userState(repo)).isEqualTo(before);
    }

    private static List<Commit> resolve(TestRepo repo, String spec) {
        try (CommitResolver resolver = CommitResolver.open(repo.dir)) {
            return resolver.resolve(List.of(spec), "main").commits();
        }
    }

    /** The tree git itself makes of the working tree: add -A into a copy of the index, then write-tree. */
    private String gitAddAllTree(TestRepo repo) throws IOException {
        Path copy = temp.resolve("index-copy");
        Files.copy(repo.dir.resolve(".git/index"), copy);
        ProcessBuilder add = new ProcessBuilder("sh", "-c", "git add -A && git write-tree").directory(repo.dir.toFile());
        add.environment().put("GIT_INDEX_FILE", copy.toString());
        add.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        add.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        Process process = add.start();
        try {
            String out = new String(process.getInputStream().readAllBytes()).strip();
            assertThat(process.waitFor()).isZero();
            return out;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What the user has: the index file's bytes, every file of the working tree (tracked, untracked and ignored),
     * the status, the stash, HEAD and every ref and reflog. Hashes are taken before git runs: {@code git status}
     * may refresh the index, so it runs with {@code --no-optional-locks}.
     */
    private static String userState(TestRepo repo) throws IOException {
        Path git = repo.dir.resolve(".git");
        Map<String, String> files = new TreeMap<>();
        files.put("index", hash(git.resolve("index")));
        try (Stream<Path> paths = Files.walk(repo.dir)) {
            paths.filter(Files::isRegularFile).forEach(p -> {
                Path relative = repo.dir.relativize(p);
                boolean refsOrLogs = relative.startsWith(".git/refs") || relative.startsWith(".git/logs");
                if (!relative.startsWith(".git") || refsOrLogs || relative.equals(Path.of(".git/HEAD"))
                        || relative.equals(Path.of(".git/packed-refs"))) {
                    files.put(relative.toString(), hash(p) + (Files.isExecutable(p) ? " x" : ""));
                }
            });
        }
        return String.join("\n", files.toString(), repo.git("--no-optional-locks", "status", "--porcelain", "--ignored",
                "--untracked-files=all"), repo.git("stash", "list"), repo.git("for-each-ref"),
                repo.git("rev-parse", "HEAD"), repo.git("symbolic-ref", "HEAD"));
    }

    private static String hash(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
