package dev.commitbench.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * {@code WorkingTreeSnapshot} is used to turn the working tree as it is now (tracked changes, staged or not, and
 * untracked files that are not ignored, as {@code git add -A} sees them) into a commit that a workspace can be
 * made from, like any other: the {@code WORKTREE} pseudo-ref.
 *
 * <p>The user's repository is never changed: the index is copied into a temporary file, JGit's
 * {@code add --all} runs against that copy ({@code GIT_INDEX_FILE}'s job), and the tree and a commit on top of
 * HEAD are written as objects only. No ref, no index, no stash, no file of the working tree is touched; the
 * objects are unreachable and go with {@code git gc} after its grace period (two weeks by default), as the
 * objects of a dropped stash do. The commit's author, committer and time are fixed (commitbench, HEAD's commit
 * time), so the same changes on the same HEAD give the same commit, and a workspace cache keyed by commit reuses
 * it.
 */
final class WorkingTreeSnapshot {

    private WorkingTreeSnapshot() {
    }

    /**
     * The snapshot commit of the working tree.
     *
     * @param commit the snapshot commit (its parent is HEAD), or HEAD itself when nothing is uncommitted
     * @param tree   the working tree's tree
     * @param head   HEAD when the snapshot was taken
     */
    record Snapshot(ObjectId commit, ObjectId tree, ObjectId head) {

        /** Whether the working tree differs from HEAD (then {@link #commit()} is a commit of its own). */
        boolean dirty() {
            return !commit.equals(head);
        }
    }

    /**
     * Takes the snapshot.
     *
     * @throws GitException when the repository has no commit yet, or the working tree cannot be read
     */
    static Snapshot take(Repository repository) {
        Path workTree = repository.getWorkTree().toPath();
        Path index = null;
        try (RevWalk walk = new RevWalk(repository)) {
            ObjectId headId = repository.resolve(Constants.HEAD);
            if (headId == null) {
                throw new GitException("WORKTREE needs a commit to build on, but " + workTree + " has no commits yet."
                        + " Commit something first (git commit), then benchmark.");
            }
            RevCommit head = walk.parseCommit(headId);
            index = Files.createTempFile("commitbench-index-", "");
            Path userIndex = repository.getIndexFile().toPath();
            if (Files.exists(userIndex)) {
                Files.copy(userIndex, index, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.delete(index);
            }
            ObjectId tree;
            try (Repository view = new FileRepositoryBuilder().setGitDir(repository.getDirectory())
                    .setWorkTree(workTree.toFile()).setIndexFile(index.toFile()).setMustExist(true).build();
                    Git git = new Git(view);
                    ObjectInserter inserter = view.newObjectInserter()) {
                git.add().addFilepattern(".").setAll(true).call();
                DirCache snapshot = view.readDirCache();
                tree = snapshot.writeTree(inserter);
                inserter.flush();
                if (tree.equals(head.getTree())) {
                    return new Snapshot(head, tree, head);
                }
                CommitBuilder commit = new CommitBuilder();
                commit.setTreeId(tree);
                commit.setParentId(head);
                PersonIdent when = new PersonIdent("commitbench", "commitbench@invalid",
                        head.getCommitterIdent().getWhenAsInstant(), ZoneOffset.UTC);
                commit.setAuthor(when);
                commit.setCommitter(when);
                commit.setMessage("commitbench: the working tree with its uncommitted changes, on top of "
                        + head.abbreviate(7).name() + "\n\nA snapshot commitbench benchmarked as WORKTREE; no ref points"
                        + " to it.\n");
                ObjectId id = inserter.insert(commit);
                inserter.flush();
                return new Snapshot(id, tree, head);
            }
        } catch (IOException | GitAPIException e) {
            throw new GitException("Could not take a snapshot of the working tree of " + workTree + " for WORKTREE: "
                    + e.getMessage() + ". Check that every file in it can be read, or benchmark committed commits"
                    + " only.", e);
        } finally {
            if (index != null) {
                try {
                    Files.deleteIfExists(index);
                    Files.deleteIfExists(index.resolveSibling(index.getFileName() + ".lock"));
                } catch (IOException e) {
                    // a temporary file; the system cleans its temp directory
                }
            }
        }
    }

    /**
     * Whether the working tree has uncommitted changes that a snapshot would hold (tracked changes, staged or
     * not, or untracked files that are not ignored), read-only.
     *
     * @return how many paths differ, or empty when none does
     */
    static Optional<Integer> uncommittedChanges(Repository repository) {
        try (Git git = Git.wrap(repository)) {
            var status = git.status().call();
            int changed = status.getUncommittedChanges().size() + status.getUntracked().size();
            return changed == 0 ? Optional.empty() : Optional.of(changed);
        } catch (GitAPIException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
