package dev.commitbench.git;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apiguardian.api.API;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * {@code PlannedCommits} is used to tie a plan made in one checkout to the repository it was made in, and to check
 * that another checkout can run it: {@link #roots} names the repository by the root commits of the planned commits'
 * history (the same in every clone, whatever its path or remote), and {@link #requirePresent} checks that a checkout
 * has every planned commit, telling a checkout of another repository from one that has not fetched them yet.
 *
 * <p>Do not use: this class is internal to commitbench and may change at any time.
 */
@API(status = INTERNAL, since = "0.1")
public final class PlannedCommits {

    private PlannedCommits() {
    }

    /**
     * {@return the root commits (commits without a parent) of the history of {@code shas}, sorted; empty in a shallow
     * clone, whose history is cut off before its roots}
     *
     * @param directory a directory inside the repository
     * @param shas full SHAs of commits the repository has
     * @throws GitException when the repository cannot be read
     */
    public static List<String> roots(Path directory, List<String> shas) {
        try (Repository repository = Repositories.open(directory); RevWalk walk = new RevWalk(repository)) {
            if (Repositories.isShallow(repository)) {
                return List.of();
            }
            for (String sha : shas) {
                walk.markStart(walk.parseCommit(ObjectId.fromString(sha)));
            }
            TreeSet<String> roots = new TreeSet<>();
            for (RevCommit commit : walk) {
                if (commit.getParentCount() == 0) {
                    roots.add(commit.name());
                }
            }
            return List.copyOf(roots);
        } catch (IOException e) {
            throw new GitException("Cannot read the history of " + shas + " in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that the repository at {@code directory} has every commit in {@code shas}.
     *
     * @param directory a directory inside the checkout that is to run the plan
     * @param shas the planned commits' full SHAs
     * @param roots the root commits the plan recorded ({@link #roots}); empty when the plan was made in a shallow
     *              clone
     * @param planName how messages name the plan, e.g. {@code plan.json}
     * @throws GitException when commits are missing: the message names them and says to fetch them, or, when the
     *                      checkout has none of the plan's root commits either (and is not shallow), that the plan was
     *                      made in another repository
     */
    public static void requirePresent(Path directory, List<String> shas, List<String> roots, String planName) {
        try (Repository repository = Repositories.open(directory)) {
            List<String> missing = new ArrayList<>();
            for (String sha : shas) {
                if (!repository.getObjectDatabase().has(ObjectId.fromString(sha))) {
                    missing.add(sha);
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            Path workTree = repository.getWorkTree().toPath();
            boolean shallow = Repositories.isShallow(repository);
            boolean anyRoot = roots.isEmpty() || shallow;
            for (String root : roots) {
                anyRoot |= repository.getObjectDatabase().has(ObjectId.fromString(root));
            }
            if (!anyRoot) {
                throw new GitException(planName + " was made in another repository: " + workTree + " has none of its"
                        + " commits " + shas + " and none of the root commits of their history " + roots + ". Run it"
                        + " in a clone of the repository the plan was made in.");
            }
            throw new GitException("The checkout " + workTree + " lacks " + (missing.size() == 1 ? "commit " : "commits ")
                    + missing + " of " + planName + (shallow ? " (it is a shallow clone)" : "") + ". Fetch them first,"
                    + " e.g. git fetch origin " + String.join(" ", missing) + " (in GitHub Actions: actions/checkout"
                    + " with fetch-depth: 0).");
        } catch (IOException e) {
            throw new GitException("Cannot read the repository at " + directory + ": " + e.getMessage(), e);
        }
    }
}
