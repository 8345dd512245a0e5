package dev.commitbench.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commitbench.Commit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifies that {@link CommitResolver} resolves every kind of spec up front and explains every bad input. */
class CommitResolverTests {

    @TempDir
    Path temp;

    private TestRepo history() {
        TestRepo repo = TestRepo.init(temp.resolve("repo"));
        repo.write("a.txt", "1").commit("one");
        repo.write("a.txt", "2").commit("two");
        repo.git("tag", "v2");
        repo.write("a.txt", "3").commit("three");
        return repo;
    }

    private static Resolution resolve(TestRepo repo, List<String> specs, String base) {
        try (CommitResolver resolver = CommitResolver.open(repo.dir)) {
            return resolver.resolve(specs, base);
        }
    }

    @Test
    void resolvesBranchesTagsRelativeRefsAndAbbreviatedShasToFullShasKeepingLabels() {
        TestRepo repo = history();
        String abbreviated = repo.sha("HEAD~2").substring(0, 8);

        Resolution resolution = resolve(repo, List.of("v2", "main", "HEAD~1", abbreviated), "main");

        assertThat(resolution.commits()).containsExactly(
                new Commit(repo.sha("v2"), "v2"),
                new Commit(repo.sha("main"), "main"),
                new Commit(repo.sha("HEAD~2"), abbreviated));
        assertThat(resolution.notes()).containsExactly("Dropped duplicate commit [HEAD~1] ("
                + repo.sha("HEAD~1").substring(0, 7) + "): it is the same commit as [v2].");
    }

    @Test
    void splitsCommaSeparatedSpecs() {
        TestRepo repo = history();

        Resolution resolution = resolve(repo, List.of(" HEAD~2 , main,"), "main");

        assertThat(resolution.commits()).extracting(Commit::label).containsExactly("HEAD~2", "main");
        assertThat(resolution.commits().get(0).sha()).isEqualTo(repo.sha("HEAD~2")).hasSize(40);
    }

    @Test
    void diffOnAFeatureBranchComparesTheMergeBaseWithHead() {
        TestRepo repo = history();
        String forkPoint = repo.sha("HEAD");
        repo.git("checkout", "--quiet", "-b", "feature");
        repo.write("b.txt", "feature").commit("feature work");
        repo.git("checkout", "--quiet", "main");
        repo.write("a.txt", "4").commit("main moves on");
        repo.git("checkout", "--quiet", "feature");

        Resolution resolution = resolve(repo, List.of("diff"), "main");

        assertThat(resolution.commits()).containsExactly(new Commit(forkPoint, "merge-base(main)"),
                new Commit(repo.sha("feature"), "HEAD"));
        assertThat(resolution.notes()).isEmpty();
    }

    @Test
    void diffOnTheBaseBranchComparesHeadsFirstParentWithHead() {
        TestRepo repo = history();

        Resolution resolution = resolve(repo, List.of("diff"), null);

        assertThat(resolution.commits()).containsExactly(new Commit(repo.sha("HEAD~1"), "HEAD~1"),
                new Commit(repo.sha("HEAD"), "HEAD"));
        assertThat(resolution.notes()).containsExactly(
                "HEAD is on main itself: diff compares HEAD's first parent with HEAD.");
    }

    @Test
    void diffWithADetachedHeadComparesTheDetachedCommitAndSaysSo() {
        TestRepo repo = history();
        String base = repo.sha("HEAD");
        repo.git("checkout", "--quiet", "--detach");
        repo.write("c.txt", "detached").commit("detached work");

        Resolution resolution = resolve(repo, List.of("diff"), "main");

        assertThat(resolution.commits()).containsExactly(new Commit(base, "main"),
                new Commit(repo.sha("HEAD"), "HEAD"));
        assertThat(resolution.notes()).containsExactly("HEAD is detached at " + repo.sha("HEAD").substring(0, 7)
                + "; diff compares it with its merge-base with main.");
    }

    @Test
    void diffFallsBackToOriginBaseWhenTheLocalBranchIsMissing() {
        TestRepo repo = history();
        String main = repo.sha("main");
        repo.git("update-ref", "refs/remotes/origin/main", main);
        repo.git("checkout", "--quiet", "-b", "feature");
        repo.git("branch", "--quiet", "-D", "main");
        repo.write("b.txt", "feature").commit("feature work");

        Resolution resolution = resolve(repo, List.of("diff"), "main");

        assertThat(resolution.commits().get(0)).isEqualTo(new Commit(main, "origin/main"));
        assertThat(resolution.notes()).containsExactly("No local branch main: diff uses origin/main.");
    }

    @Test
    void rangeListsTheStartAsBaselineThenEveryFirstParentCommitUpToTheEndOldestFirst() {
        TestRepo repo = history();
        String start = repo.sha("HEAD");
        repo.git("checkout", "--quiet", "-b", "side");
        String sideCommit = repo.write("side.txt", "x").commit("side work");
        repo.git("checkout", "--quiet", "main");
        String m1 = repo.write("a.txt", "4").commit("four");
        repo.git("merge", "--quiet", "--no-ff", "-m", "merge side", "side");
        String merge = repo.sha("HEAD");

        Resolution resolution = resolve(repo, List.of(start.substring(0, 10) + "..main"), "main");

        assertThat(resolution.commits()).containsExactly(new Commit(start, start.substring(0, 10)),
                new Commit(m1, "main~1"), new Commit(merge, "main"));
        assertThat(resolution.commits()).extracting(Commit::sha).doesNotContain(sideCommit);
        assertThat(resolution.notes()).isEmpty();
    }

    @Test
    void aRangeOfMoreThanTwentyCommitsGetsANote() {
        TestRepo repo = history();
        for (int i = 0; i < 20; i++) {
            repo.write("a.txt", "n" + i).commit("n" + i);
        }

        Resolution resolution = resolve(repo, List.of("main~20..main"), "main");

        assertThat(resolution.commits()).hasSize(21);
        assertThat(resolution.commits().get(0).label()).isEqualTo("main~20");
        assertThat(resolution.notes()).containsExactly("Range [main~20..main] holds 21 commits (main~20 and every "
                + "first-parent commit up to main); each is materialized and run every round. Narrow the range if "
                + "that takes too long.");
    }

    @Test
    void emptyRangeSaysToPutTheOlderCommitFirst() {
        TestRepo repo = history();

        assertThatThrownBy(() -> resolve(repo, List.of("main..HEAD~2"), "main"))
                .isInstanceOf(GitException.class)
                .hasMessage("Range [main..HEAD~2] is empty: HEAD~2 has no first-parent commits after main. "
                        + "Put the older commit first (A..B).");
    }

    @Test
    void anAmbiguousShortShaSaysToUseMoreCharacters() throws Exception {
        TestRepo repo = history();
        String prefix = collidingPrefix(repo);

        assertThatThrownBy(() -> resolve(repo, List.of(prefix), "main"))
                .isInstanceOf(GitException.class)
                .hasMessage("Commit [" + prefix + "] is ambiguous in " + repo.dir.toRealPath() + ": 2 objects start "
                        + "with it. Use more characters of the SHA.");
    }

    @Test
    void aSpecNamingATreeSaysItIsNotACommit() throws Exception {
        TestRepo repo = history();
        String tree = repo.git("rev-parse", "HEAD^{tree}").strip();

        assertThatThrownBy(() -> resolve(repo, List.of("main", "HEAD^{tree}"), "main"))
                .isInstanceOf(GitException.class)
                .hasMessage("[HEAD^{tree}] in " + repo.dir.toRealPath() + " names " + tree + ", which is not a commit. "
                        + "Name a branch, tag or commit.");
    }

    @Test
    void aSymmetricDifferenceRangeIsRejected() {
        TestRepo repo = history();

        assertThatThrownBy(() -> resolve(repo, List.of("main~2...main"), "main"))
                .isInstanceOf(GitException.class)
                .hasMessage("Range [main~2...main] must be A..B with both ends named (for example main~5..main); "
                        + "A...B is not supported.");
    }

    @Test
    void diffAtTheRootCommitOfTheBaseBranchSaysToNameTheCommits() {
        TestRepo repo = TestRepo.init(temp.resolve("one"));
        String root = repo.write("a.txt", "1").commit("only");

        assertThatThrownBy(() -> resolve(repo, List.of("diff"), "main"))
                .isInstanceOf(GitException.class)
                .hasMessage("diff needs two commits, but HEAD (" + root.substring(0, 7) + ") is on main and is its root "
                        + "commit. Commit a change on a branch, or name the commits (commits = {\"A\", \"B\"}).");
    }

    @Test
    void diffWithoutACommonAncestorSaysToNameTheCommits() throws Exception {
        TestRepo repo = history();
        repo.git("checkout", "--quiet", "--orphan", "unrelated");
        repo.write("b.txt", "x").commit("unrelated root");

        assertThatThrownBy(() -> resolve(repo, List.of("diff"), "main"))
                .isInstanceOf(GitException.class)
                .hasMessage("HEAD and main have no common ancestor in " + repo.dir.toRealPath() + ", so diff has no "
                        + "baseline. Name the commits to compare instead (commits = {\"A\", \"B\"}).");
    }

    @Test
    void aMissingRepositoryDirectoryIsNamed() {
        Path missing = temp.resolve("no-such-dir");

        assertThatThrownBy(() -> CommitResolver.open(missing))
                .isInstanceOf(GitException.class)
                .hasMessage("Repository directory " + missing + " does not exist. Point 'repository' at the working "
                        + "tree of the git repository to benchmark.");
    }

    /** Writes blobs until two share a 4-digit prefix, and returns that prefix. */
    private static String collidingPrefix(TestRepo repo) throws Exception {
        try (var repository = org.eclipse.jgit.storage.file.FileRepositoryBuilder.create(repo.dir.resolve(".git").toFile());
                var inserter = repository.newObjectInserter()) {
            java.util.Set<String> prefixes = new java.util.HashSet<>();
            for (int i = 0; ; i++) {
                String name = inserter.insert(org.eclipse.jgit.lib.Constants.OBJ_BLOB,
                        ("blob " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)).name();
                if (!prefixes.add(name.substring(0, 4))) {
                    inserter.flush();
                    return name.substring(0, 4);
                }
            }
        }
    }

    @Test
    void unknownRefIsNamedWithSimilarRefsSuggested() throws Exception {
        TestRepo repo = history();
        repo.git("branch", "maint");

        assertThatThrownBy(() -> resolve(repo, List.of("main", "maim"), "main"))
                .isInstanceOf(GitException.class)
                .hasMessage("Unknown commit [maim] in " + repo.dir.toRealPath() + ": no branch, tag or commit has that "
                        + "name. Did you mean: main, maint? Check the spelling, or fetch it (git fetch).");
    }

    @Test
    void refStartingWithADashNeverReachesGit() {
        TestRepo repo = history();

        assertThatThrownBy(() -> resolve(repo, List.of("main", "--output=/tmp/pwned"), "main"))
                .isInstanceOf(GitException.class)
                .hasMessage("Commit spec [--output=/tmp/pwned] starts with '-', which git would read as an option. "
                        + "Name a branch, tag or SHA instead (for example main, HEAD~1 or a full SHA).");
        assertThatThrownBy(() -> resolve(repo, List.of("diff"), "-main"))
                .isInstanceOf(GitException.class)
                .hasMessageStartingWith("Base branch [-main] starts with '-'");
        assertThat(Path.of("/tmp/pwned")).doesNotExist();
    }

    @Test
    void notAGitRepositorySaysWhereToRun() throws Exception {
        Path plain = Files.createDirectories(temp.resolve("plain"));

        assertThatThrownBy(() -> CommitResolver.open(plain))
                .isInstanceOf(GitException.class)
                .hasMessage("Not a git repository: " + plain + " (nor any of its parent directories). Run commitbench "
                        + "inside a git repository, or set 'repository' to one (git init / git clone).");
    }

    @Test
    void repositoryWithoutCommitsSaysToCommitFirst() throws Exception {
        TestRepo repo = TestRepo.init(temp.resolve("empty"));

        assertThatThrownBy(() -> resolve(repo, List.of("diff"), "main"))
                .isInstanceOf(GitException.class)
                .hasMessage("Repository " + repo.dir.toRealPath() + " has no commits yet. Commit something first "
                        + "(git commit), then benchmark.");
    }

    @Test
    void missingBaseBranchIsNamedWithWhatToDo() throws Exception {
        TestRepo repo = history();
        repo.git("branch", "devel");

        assertThatThrownBy(() -> resolve(repo, List.of("diff"), "develop"))
                .isInstanceOf(GitException.class)
                .hasMessage("Base branch [develop] not found: neither refs/heads/develop nor refs/remotes/origin/develop "
                        + "exists in " + repo.dir.toRealPath() + ". Did you mean: devel? Set the base branch "
                        + "(base = \"master\", --base) or fetch it (git fetch origin develop).");
    }

    @Test
    void shallowCloneWithoutTheMergeBaseSaysToFetchWithFullDepth() {
        TestRepo origin = history();
        origin.git("checkout", "--quiet", "-b", "feature");
        origin.write("b.txt", "1").commit("feature one");
        origin.write("b.txt", "2").commit("feature two");
        origin.git("checkout", "--quiet", "main");
        origin.write("a.txt", "4").commit("main four");
        Path clone = temp.resolve("clone");
        TestRepo.run(temp, "clone", "--quiet", "--depth", "1", "--branch", "feature",
                origin.dir.toUri().toString(), clone.toString());
        TestRepo shallow = TestRepo.at(clone);
        shallow.git("fetch", "--quiet", "--depth", "1", "origin", "main:refs/remotes/origin/main");

        assertThatThrownBy(() -> resolve(shallow, List.of("diff"), "main"))
                .isInstanceOf(GitException.class)
                .hasMessageContaining("Shallow clone: the history of ")
                .hasMessageContaining("does not reach the merge-base of HEAD and origin/main. Fetch with full depth "
                        + "(git fetch --unshallow, or fetch-depth: 0 in GitHub Actions' actions/checkout).");
    }

    @Test
    void shallowSingleBranchCloneWithoutTheBaseBranchSaysToFetchWithFullDepth() throws Exception {
        TestRepo origin = history();
        origin.git("checkout", "--quiet", "-b", "feature");
        origin.write("b.txt", "1").commit("feature one");
        Path clone = temp.resolve("clone");
        TestRepo.run(temp, "clone", "--quiet", "--depth", "1", "--single-branch", "--branch", "feature",
                origin.dir.toUri().toString(), clone.toString());

        assertThatThrownBy(() -> resolve(TestRepo.at(clone), List.of("diff"), "main"))
                .isInstanceOf(GitException.class)
                .hasMessage("Base branch [main] not found: neither refs/heads/main nor refs/remotes/origin/main exists "
                        + "in " + clone.toRealPath() + ". Set the base branch (base = \"master\", --base) or fetch it "
                        + "(git fetch origin main). This is a shallow clone: fetch with full depth (fetch-depth: 0 in "
                        + "GitHub Actions).");
    }
}
