package dev.commitbench.git;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.internal.EditDistance;
import dev.commitbench.Commit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;

/**
 * {@code CommitResolver} turns commit specs into full SHAs with JGit, before anything runs.
 *
 * <p>Specs: refs ({@code main}, {@code HEAD~2}, tags, abbreviated SHAs), {@code diff} (the merge-base
 * of HEAD and the base branch, falling back to {@code origin/<base>}; on the base branch itself,
 * HEAD's first parent), and ranges {@code A..B} for history and bisection: A itself as the baseline, then every
 * first-parent commit after it up to B, oldest first (unlike git's {@code A..B}, which leaves A out); a note
 * says when a range holds more than {@value #LARGE_RANGE} commits. {@value Commit#WORKTREE} is the working tree
 * as it is now, uncommitted changes included (a snapshot commit on top of HEAD, made by {@code WorkingTreeSnapshot};
 * HEAD itself when nothing is uncommitted), {@value #DIFF_WORKTREE} is {@code diff}'s baseline against it, and
 * {@code A..WORKTREE} is {@code A..HEAD} followed by it.
 * A comma-separated string is split. Not thread-safe; close it.
 *
 * <p>A detached HEAD is fine: {@code diff} then compares the detached commit with its merge-base with the
 * base branch, and a note says that HEAD is detached. Opening a repository also finishes an in-place run
 * that was killed (see {@link InPlaceWorkspaces}): the repository is restored first and a note says so.
 */
@API(status = INTERNAL, since = "0.1")
public final class CommitResolver implements AutoCloseable {

    /** The spec that compares HEAD with its merge-base with the base branch. */
    public static final String DIFF = "diff";

    /** {@link #DIFF}'s baseline against {@value Commit#WORKTREE}: the branch's commits and the uncommitted changes. */
    public static final String DIFF_WORKTREE = "diff+worktree";

    /** The branch {@link #DIFF} compares with unless another is named. */
    public static final String DEFAULT_BASE = "main";

    /** A range with more commits than this gets a note (each commit is materialized and run every round). */
    static final int LARGE_RANGE = 20;

    private final Repository repository;
    private final Path workTree;
    private final List<String> openingNotes;

    private CommitResolver(Repository repository, List<String> openingNotes) {
        this.repository = repository;
        this.workTree = repository.getWorkTree().toPath();
        this.openingNotes = openingNotes;
    }

    /**
     * Opens the repository that contains {@code directory} (searching upward).
     *
     * @param directory a directory inside the repository
     * @throws GitException when {@code directory} is not inside a git repository
     * @return a resolver; close it
     */
    public static CommitResolver open(Path directory) {
        Repository repository = Repositories.open(directory);
        try {
            List<String> notes = new ArrayList<>();
            InPlaceGuard.recover(repository).ifPresent(notes::add);
            return new CommitResolver(repository, notes);
        } catch (RuntimeException e) {
            repository.close();
            throw e;
        }
    }

    /** {@return the repository's working tree (top-level directory)} */
    public Path workTree() {
        return workTree;
    }

    /**
     * {@return the repository's common git directory: {@code .git} of the main working tree, shared by every
     * linked worktree (it holds {@code worktrees/}, the objects and the refs)}
     */
    public Path commonGitDirectory() {
        return repository.getCommonDirectory().toPath();
    }

    /**
     * Resolves specs to commits; {@code base} is the branch {@code diff} compares with.
     *
     * @param specs refs, ranges, {@code diff}, or comma-separated lists of them
     * @param base the branch {@code diff} compares with
     * @throws GitException naming the spec when a ref is unknown (with similar refs suggested), when a
     *                      ref starts with {@code -}, when the repository has no commits, when the base
     *                      branch is missing, or when a shallow clone lacks the base
     * @return the commits in order, the baseline first, with notes for the user
     */
    public Resolution resolve(List<String> specs, String base) {
        List<String> words = split(specs);
        if (words.isEmpty()) {
            throw new GitException("No commits to benchmark: 'commits' was " + specs + ". Give refs such as "
                    + "[main, HEAD], a range such as main~5..main, or diff.");
        }
        for (String word : words) {
            rejectOption(word, "Commit spec");
        }
        List<String> notes = new ArrayList<>(openingNotes);
        try (RevWalk walk = new RevWalk(repository)) {
            if (repository.resolve(Constants.HEAD) == null) {
                throw new GitException("Repository " + workTree + " has no commits yet. Commit something first "
                        + "(git commit), then benchmark.");
            }
            List<Commit> resolved = new ArrayList<>();
            WorkingTree workingTree = new WorkingTree(notes);
            for (String word : words) {
                if (word.equals(DIFF)) {
                    resolved.addAll(diff(walk, base, notes));
                } else if (word.equals(DIFF_WORKTREE)) {
                    resolved.add(diff(walk, base, notes).get(0));
                    resolved.add(workingTree.commit());
                } else if (word.equals(Commit.WORKTREE)) {
                    resolved.add(workingTree.commit());
                } else if (word.contains("..")) {
                    resolved.addAll(range(walk, word, notes, workingTree));
                } else {
                    resolved.add(new Commit(commit(walk, word).name(), word));
                }
            }
            return new Resolution(dropDuplicates(resolved, notes), notes);
        } catch (IOException e) {
            throw new GitException("Could not read repository " + workTree + " while resolving " + words + ": "
                    + e.getMessage(), e);
        }
    }

    /** Splits comma-separated specs and trims them. */
    static List<String> split(List<String> specs) {
        if (specs == null) {
            return List.of();
        }
        return specs.stream().filter(s -> s != null)
                .flatMap(s -> Arrays.stream(s.split(",")))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static void rejectOption(String word, String what) {
        if (word.startsWith("-")) {
            throw new GitException(what + " [" + word + "] starts with '-', which git would read as an option. "
                    + "Name a branch, tag or SHA instead (for example main, HEAD~1 or a full SHA).");
        }
    }

    private List<Commit> diff(RevWalk walk, String base, List<String> notes) throws IOException {
        String baseName = base == null || base.isBlank() ? DEFAULT_BASE : base.strip();
        rejectOption(baseName, "Base branch");
        RevCommit head = walk.parseCommit(repository.resolve(Constants.HEAD));
        String fullBranch = repository.getFullBranch();
        if (fullBranch == null || !fullBranch.startsWith(Constants.R_REFS)) {
            notes.add("HEAD is detached at " + head.abbreviate(7).name() + "; diff compares it with its merge-base "
                    + "with " + baseName + ".");
        }
        Ref baseRef = baseRef(baseName, notes);
        RevCommit baseTip = walk.parseCommit(baseRef.getObjectId());
        if (baseTip.equals(head)) {
            if (head.getParentCount() == 0) {
                throw new GitException("diff needs two commits, but HEAD (" + head.abbreviate(7).name() + ") is on "
                        + baseName + " and is its root commit. Commit a change on a branch, or name the commits "
                        + "(commits = {\"A\", \"B\"}).");
            }
            RevCommit parent = walk.parseCommit(head.getParent(0));
            notes.add("HEAD is on " + baseName + " itself: diff compares HEAD's first parent with HEAD.");
            return List.of(new Commit(parent.name(), "HEAD~1"), new Commit(head.name(), Constants.HEAD));
        }
        walk.reset();
        walk.setRevFilter(RevFilter.MERGE_BASE);
        walk.markStart(walk.parseCommit(head));
        walk.markStart(walk.parseCommit(baseTip));
        RevCommit mergeBase = walk.next();
        walk.reset();
        walk.setRevFilter(RevFilter.ALL);
        if (mergeBase == null) {
            if (Repositories.isShallow(repository)) {
                throw new GitException("Shallow clone: the history of " + workTree + " does not reach the "
                        + "merge-base of HEAD and " + shortName(baseRef) + ". Fetch with full depth (git fetch "
                        + "--unshallow, or fetch-depth: 0 in GitHub Actions' actions/checkout).");
            }
            throw new GitException("HEAD and " + shortName(baseRef) + " have no common ancestor in " + workTree
                    + ", so diff has no baseline. Name the commits to compare instead (commits = {\"A\", \"B\"}).");
        }
        String label = mergeBase.equals(baseTip) ? shortName(baseRef) : "merge-base(" + shortName(baseRef) + ")";
        return List.of(new Commit(mergeBase.name(), label), new Commit(head.name(), Constants.HEAD));
    }

    private Ref baseRef(String baseName, List<String> notes) throws IOException {
        Ref local = repository.exactRef(Constants.R_HEADS + baseName);
        if (local != null) {
            return local;
        }
        Ref remote = repository.exactRef(Constants.R_REMOTES + "origin/" + baseName);
        if (remote != null) {
            notes.add("No local branch " + baseName + ": diff uses origin/" + baseName + ".");
            return remote;
        }
        Ref any = repository.findRef(baseName);
        if (any != null && any.getObjectId() != null) {
            return any;
        }
        throw new GitException("Base branch [" + baseName + "] not found: neither " + Constants.R_HEADS + baseName
                + " nor " + Constants.R_REMOTES + "origin/" + baseName + " exists in " + workTree + "."
                + suggestions(baseName) + " Set the base branch (base = \"master\", --base) or fetch it (git fetch "
                + "origin " + baseName + ")."
                + (Repositories.isShallow(repository) ? " This is a shallow clone: fetch with full depth "
                        + "(fetch-depth: 0 in GitHub Actions)." : ""));
    }

    private List<Commit> range(RevWalk walk, String spec, List<String> notes, WorkingTree workingTree)
            throws IOException {
        String[] ends = spec.split("\\.\\.", -1);
        if (ends.length != 2 || ends[0].isBlank() || ends[1].isBlank() || ends[1].startsWith(".")) {
            throw new GitException("Range [" + spec + "] must be A..B with both ends named (for example "
                    + "main~5..main); A...B is not supported.");
        }
        rejectOption(ends[1], "Range end");
        if (ends[0].equals(Commit.WORKTREE)) {
            throw new GitException("Range [" + spec + "] starts at WORKTREE, the uncommitted changes, which no commit"
                    + " comes after. Put WORKTREE at the end (for example main~5..WORKTREE: every commit up to HEAD,"
                    + " then the uncommitted changes).");
        }
        if (ends[1].equals(Commit.WORKTREE)) {
            // every first-parent commit up to HEAD, then the working tree on top of it
            RevCommit from = commit(walk, ends[0]);
            List<Commit> commits = new ArrayList<>();
            if (from.equals(walk.parseCommit(repository.resolve(Constants.HEAD)))) {
                commits.add(new Commit(from.name(), ends[0]));
            } else {
                commits.addAll(range(walk, ends[0] + ".." + Constants.HEAD, notes, workingTree));
            }
            commits.add(workingTree.commit());
            return commits;
        }
        RevCommit from = commit(walk, ends[0]);
        RevCommit to = commit(walk, ends[1]);
        walk.reset();
        walk.setFirstParent(true);
        walk.markStart(walk.parseCommit(to));
        walk.markUninteresting(walk.parseCommit(from));
        List<RevCommit> newestFirst = new ArrayList<>();
        for (RevCommit c : walk) {
            newestFirst.add(c);
        }
        walk.reset();
        walk.setFirstParent(false);
        if (newestFirst.isEmpty()) {
            throw new GitException("Range [" + spec + "] is empty: " + ends[1] + " has no first-parent commits "
                    + "after " + ends[0] + ". Put the older commit first (A..B).");
        }
        List<Commit> commits = new ArrayList<>();
        commits.add(new Commit(from.name(), ends[0]));
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            commits.add(new Commit(newestFirst.get(i).name(), i == 0 ? ends[1] : ends[1] + "~" + i));
        }
        if (commits.size() > LARGE_RANGE) {
            notes.add("Range [" + spec + "] holds " + commits.size() + " commits (" + ends[0] + " and every first-parent "
                    + "commit up to " + ends[1] + "); each is materialized and run every round. Narrow the range if "
                    + "that takes too long.");
        }
        return commits;
    }

    /**
     * {@value Commit#WORKTREE}, snapshotted at its first mention only, so that every mention in one plan is the
     * same snapshot.
     */
    private final class WorkingTree {
        private final List<String> notes;
        private Commit commit;

        WorkingTree(List<String> notes) {
            this.notes = notes;
        }

        Commit commit() {
            if (commit == null) {
                WorkingTreeSnapshot.Snapshot snapshot = WorkingTreeSnapshot.take(repository);
                if (snapshot.dirty()) {
                    commit = new Commit(snapshot.commit().name(), Commit.WORKTREE, snapshot.tree().name());
                    notes.add("WORKTREE is the working tree as it is now, uncommitted changes included: "
                            + commit.displayName() + ", a snapshot on top of HEAD (" + snapshot.head().abbreviate(7).name()
                            + ") that no ref points to; git show " + commit.shortSha() + " shows the changes.");
                } else {
                    commit = new Commit(snapshot.head().name(), Commit.WORKTREE);
                    notes.add("The working tree has no uncommitted changes, so WORKTREE is HEAD ("
                            + snapshot.head().abbreviate(7).name() + ").");
                }
            }
            return commit;
        }
    }

    /**
     * {@return a note when the working tree has uncommitted changes (tracked or untracked, not ignored) that the
     * plan does not measure, saying how to include them; empty when it has none} Read-only.
     */
    public Optional<String> uncommittedChangesNote() {
        return WorkingTreeSnapshot.uncommittedChanges(repository).map(paths -> "The working tree has uncommitted"
                + " changes (" + paths + " path" + (paths == 1 ? "" : "s") + "), which are not measured: commits are"
                + " benchmarked as committed. To measure them, add WORKTREE to the commits (commits = {\"HEAD\","
                + " \"WORKTREE\"}, or --commit HEAD,WORKTREE on the command line), or use diff+worktree.");
    }

    private RevCommit commit(RevWalk walk, String spec) throws IOException {
        if (spec.startsWith(Commit.WORKTREE) && spec.length() > Commit.WORKTREE.length()
                && "~^@".indexOf(spec.charAt(Commit.WORKTREE.length())) >= 0) {
            throw new GitException("[" + spec + "]: WORKTREE, the uncommitted changes, has no ancestors of its own."
                    + " Name the commit before it from HEAD instead (for example HEAD or HEAD~1).");
        }
        ObjectId id;
        try {
            id = repository.resolve(spec);
        } catch (AmbiguousObjectException e) {
            throw new GitException("Commit [" + spec + "] is ambiguous in " + workTree + ": " + e.getCandidates().size()
                    + " objects start with it. Use more characters of the SHA.", e);
        } catch (RevisionSyntaxException e) {
            id = null;
        }
        if (id == null) {
            throw new GitException("Unknown commit [" + spec + "] in " + workTree + ": no branch, tag or commit has "
                    + "that name." + suggestions(spec) + " Check the spelling, or fetch it (git fetch)."
                    + (Repositories.isShallow(repository) ? " This is a shallow clone: fetch with full depth "
                            + "(fetch-depth: 0 in GitHub Actions)." : ""));
        }
        try {
            return walk.parseCommit(id);
        } catch (IncorrectObjectTypeException | MissingObjectException e) {
            throw new GitException("[" + spec + "] in " + workTree + " names " + id.name() + ", which is not a "
                    + "commit. Name a branch, tag or commit.", e);
        }
    }

    /** " Did you mean: a, b?" for refs close to {@code name}, or "" when none is close. */
    private String suggestions(String name) throws IOException {
        Map<String, Integer> distances = new LinkedHashMap<>();
        for (Ref ref : repository.getRefDatabase().getRefs()) {
            String shortName = Repository.shortenRefName(ref.getName());
            int distance = EditDistance.between(name.toLowerCase(java.util.Locale.ROOT), shortName.toLowerCase(java.util.Locale.ROOT));
            boolean close = distance <= EditDistance.suggestionLimit(name)
                    || shortName.contains(name) || (name.contains(shortName) && shortName.length() > 2);
            if (close && !shortName.equals(Constants.HEAD)) {
                distances.merge(shortName, distance, Math::min);
            }
        }
        List<String> best = distances.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .limit(3).map(Map.Entry::getKey).toList();
        return best.isEmpty() ? "" : " Did you mean: " + String.join(", ", best) + "?";
    }


    private static String shortName(Ref ref) {
        return Repository.shortenRefName(ref.getName());
    }

    private static List<Commit> dropDuplicates(List<Commit> commits, List<String> notes) {
        Map<String, Commit> bySha = new LinkedHashMap<>();
        for (Commit commit : commits) {
            Commit first = bySha.putIfAbsent(commit.sha(), commit);
            if (first != null) {
                notes.add("Dropped duplicate commit [" + commit.label() + "] (" + commit.shortSha() + "): it is the "
                        + "same commit as [" + first.label() + "].");
            }
        }
        return List.copyOf(bySha.values());
    }

    @Override
    public void close() {
        repository.close();
    }
}
