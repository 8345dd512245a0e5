package dev.commitbench.git;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.Commit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * {@code FirstParentPath} is used to find what a bisection searches: the first-parent commits from a good
 * commit to a bad one (good first, bad last, each once), with each commit's subject and author for the
 * messages that name a culprit. Read-only (JGit); the repository is never changed.
 *
 * <p>It refuses, with a message that names both commits and says what to do: the same commit twice, a good
 * commit that is not an ancestor of the bad one (and says when the two are simply swapped), and a good commit
 * that is an ancestor but not on the bad one's first-parent history (merged in from a side branch), naming
 * the merge that brought it in.
 */
@API(status = INTERNAL, since = "0.1")
public final class FirstParentPath {

    /**
     * What a message says about one commit.
     *
     * @param subject     the first line of its message
     * @param authorName  its author's name
     * @param authorEmail its author's e-mail address
     * @param authorTime  when it was authored
     */
    @API(status = INTERNAL, since = "0.1")
    public record Details(String subject, String authorName, String authorEmail, Instant authorTime) {

        /** {@return {@code Jane Doe <jane@example.com>}} */
        public String author() {
            return authorEmail.isEmpty() ? authorName : authorName + " <" + authorEmail + ">";
        }
    }

    /**
     * The path and what is known of its commits.
     *
     * @param commits the first-parent commits, good first, bad last
     * @param details each commit's details, by full SHA
     */
    @API(status = INTERNAL, since = "0.1")
    public record Result(List<Commit> commits, Map<String, Details> details) {

        /**
         * Copies the parts.
         *
         * @param commits the first-parent commits, good first, bad last
         * @param details each commit's details, by full SHA
         */
        public Result {
            commits = List.copyOf(commits);
            details = Map.copyOf(details);
        }
    }

    private FirstParentPath() {
    }

    /**
     * The first-parent path from {@code good} to {@code bad}. The commits between are labelled as git names
     * them from bad ({@code bad~3}).
     *
     * @param directory a directory inside the repository
     * @param good      the good commit (resolved)
     * @param bad       the bad commit (resolved)
     * @return the path, good first
     * @throws GitException when the two are the same commit, good is not an ancestor of bad, or good is not on
     *                      bad's first-parent history
     */
    public static Result between(Path directory, Commit good, Commit bad) {
        if (good.sha().equals(bad.sha())) {
            throw new GitException("The good commit [" + good.label() + "] and the bad commit [" + bad.label()
                    + "] are the same commit (" + good.shortSha() + "): there is nothing to bisect. Give as good an"
                    + " older commit, one where the metric was fine, for example " + bad.label() + "~10.");
        }
        try (Repository repository = Repositories.open(directory); RevWalk walk = new RevWalk(repository)) {
            RevCommit goodCommit = walk.parseCommit(ObjectId.fromString(good.sha()));
            RevCommit badCommit = walk.parseCommit(ObjectId.fromString(bad.sha()));
            if (!walk.isMergedInto(goodCommit, badCommit)) {
                throw notAnAncestor(walk, good, bad, goodCommit, badCommit);
            }
            List<RevCommit> newestFirst = new ArrayList<>();
            for (RevCommit c = badCommit; c != null; c = c.getParentCount() == 0 ? null
                    : walk.parseCommit(c.getParent(0))) {
                newestFirst.add(c);
                if (c.equals(goodCommit)) {
                    break;
                }
            }
            if (!newestFirst.get(newestFirst.size() - 1).equals(goodCommit)) {
                throw notOnFirstParentPath(good, bad, mergeThatBroughtIn(walk, goodCommit, newestFirst));
            }
            List<Commit> commits = new ArrayList<>();
            Map<String, Details> details = new LinkedHashMap<>();
            for (int i = newestFirst.size() - 1; i >= 0; i--) {
                RevCommit c = newestFirst.get(i);
                String label = i == newestFirst.size() - 1 ? good.label() : i == 0 ? bad.label() : bad.label() + "~" + i;
                commits.add(new Commit(c.name(), label));
                PersonIdent author = c.getAuthorIdent();
                details.put(c.name(), new Details(c.getShortMessage(), author.getName(),
                        author.getEmailAddress() == null ? "" : author.getEmailAddress(), author.getWhenAsInstant()));
            }
            return new Result(commits, details);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot walk the history from " + good.displayName() + " to "
                    + bad.displayName() + " in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The first-parent commit that merged {@code good} in from a side branch: the oldest one good is an ancestor of. */
    private static RevCommit mergeThatBroughtIn(RevWalk walk, RevCommit good, List<RevCommit> newestFirst)
            throws IOException {
        RevCommit merge = null;
        for (RevCommit c : newestFirst) {
            if (!walk.isMergedInto(good, c)) {
                break;
            }
            merge = c;
        }
        return merge;
    }

    private static GitException notAnAncestor(RevWalk walk, Commit good, Commit bad, RevCommit goodCommit,
            RevCommit badCommit) throws IOException {
        if (walk.isMergedInto(badCommit, goodCommit)) {
            return new GitException("The good commit [" + good.label() + "] (" + good.shortSha() + ") is not an ancestor"
                    + " of the bad commit [" + bad.label() + "] (" + bad.shortSha() + "): it is newer. Swap them: the"
                    + " good commit is the older one, where the metric was fine, and the bad one a later commit"
                    + " where it is worse.");
        }
        walk.reset();
        walk.setRevFilter(org.eclipse.jgit.revwalk.filter.RevFilter.MERGE_BASE);
        walk.markStart(walk.parseCommit(goodCommit));
        walk.markStart(walk.parseCommit(badCommit));
        RevCommit base = walk.next();
        walk.reset();
        walk.setRevFilter(org.eclipse.jgit.revwalk.filter.RevFilter.ALL);
        return new GitException("The good commit [" + good.label() + "] (" + good.shortSha() + ") is not an ancestor"
                + " of the bad commit [" + bad.label() + "] (" + bad.shortSha() + "): they are on separate branches."
                + " Bisection searches the history that leads to the bad commit; give as good a commit of that history"
                + (base == null ? " (the two have no common ancestor)." : ", for example their merge-base "
                        + base.abbreviate(7).name() + "."));
    }

    private static GitException notOnFirstParentPath(Commit good, Commit bad, RevCommit merge) {
        return new GitException("There is no first-parent path from the good commit [" + good.label() + "] ("
                + good.shortSha() + ") to the bad commit [" + bad.label() + "] (" + bad.shortSha() + "): the good commit"
                + " is an ancestor of bad but not on bad's first-parent history; it came in from a side branch"
                + (merge == null ? "" : " with the merge " + merge.abbreviate(7).name() + " (" + merge.getShortMessage()
                        + ")") + ". Bisection searches the first-parent commits (each one the state of the branch"
                + " after a change); give as good a commit on that history"
                + (merge == null ? "." : ", for example the merge's first parent " + merge.abbreviate(7).name() + "^1."));
    }
}
