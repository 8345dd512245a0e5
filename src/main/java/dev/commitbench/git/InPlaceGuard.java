package dev.commitbench.git;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * {@code InPlaceGuard} is used to check commits out in the user's own working tree and to put everything
 * back: the original branch (or detached HEAD), index and tracked files, while untracked and ignored files
 * are never overwritten.
 *
 * <p>Before the first checkout it writes a recovery record into {@code .git/commitbench-inplace.properties}
 * with the original ref and every commit about to be checked out. The record goes only after a restore,
 * so a run killed at any moment (kill -9) is restored at the next start ({@link #recover}). Checkouts run
 * in this JVM with JGit (detach HEAD, then a hard reset), so a kill never leaves a git process running.
 */
final class InPlaceGuard {

    static final String RECORD = "commitbench-inplace.properties";

    /** Records held by an open guard in this JVM: those are in use, not left over from a crash. */
    private static final Set<Path> ACTIVE = ConcurrentHashMap.newKeySet();

    private final Repository repository;
    private final Path record;
    private final Properties state;

    private InPlaceGuard(Repository repository, Properties state) {
        this.repository = repository;
        this.record = recordPath(repository);
        this.state = state;
    }

    private static Path recordPath(Repository repository) {
        return repository.getDirectory().toPath().resolve(RECORD);
    }

    /**
     * Restores the repository when a recovery record is left from a run that was killed.
     *
     * @return a note saying what was restored, or empty when there was nothing to restore
     * @throws GitException when another process is using the repository in place right now
     */
    static Optional<String> recover(Repository repository) {
        Path path = recordPath(repository);
        if (!Files.exists(path) || ACTIVE.contains(path)) {
            return Optional.empty();
        }
        Properties state = read(path);
        long pid = Long.parseLong(state.getProperty("pid", "-1"));
        if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new GitException("Another commitbench run (process " + pid + ") is benchmarking "
                    + repository.getWorkTree() + " in place right now. Wait for it to finish; if that process is not "
                    + "commitbench, delete " + path + " and run again.");
        }
        InPlaceGuard guard = new InPlaceGuard(repository, state);
        guard.removeStaleLocks();
        guard.restore(true);
        return Optional.of("Restored " + repository.getWorkTree() + " to " + guard.originalName() + " after an "
                + "in-place run that did not finish (process " + pid + "); untracked and ignored files were kept.");
    }

    /**
     * Starts guarding: refuses a dirty tree and writes the recovery record.
     *
     * @throws GitException naming the first changed files when the working tree is dirty
     */
    static InPlaceGuard start(Repository repository) {
        Path path = recordPath(repository);
        if (!ACTIVE.add(path)) {
            throw new GitException("In-place mode is already in use for " + repository.getWorkTree() + " in this "
                    + "JVM. Close the other workspaces first, or use worktree mode.");
        }
        try {
            requireClean(repository);
            ObjectId head = repository.resolve(Constants.HEAD);
            if (head == null) {
                throw new GitException("Repository " + repository.getWorkTree() + " has no commits yet. Commit "
                        + "something first (git commit), then benchmark.");
            }
            String fullBranch = repository.getFullBranch();
            Properties state = new Properties();
            state.setProperty("branch", fullBranch.startsWith(Constants.R_REFS) ? fullBranch : "");
            state.setProperty("sha", head.name());
            state.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
            state.setProperty("since", Long.toString(System.currentTimeMillis()));
            state.setProperty("touched", "");
            InPlaceGuard guard = new InPlaceGuard(repository, state);
            guard.write();
            return guard;
        } catch (IOException e) {
            ACTIVE.remove(path);
            throw new GitException("Could not read " + repository.getWorkTree() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            ACTIVE.remove(path);
            throw e;
        }
    }

    private static void requireClean(Repository repository) throws IOException {
        try {
            var status = Git.wrap(repository).status().call();
            List<String> changed = new ArrayList<>();
            changed.addAll(status.getConflicting());
            changed.addAll(status.getAdded());
            changed.addAll(status.getChanged());
            changed.addAll(status.getModified());
            changed.addAll(status.getMissing());
            changed.addAll(status.getRemoved());
            if (!changed.isEmpty()) {
                List<String> sorted = changed.stream().distinct().sorted().toList();
                throw new GitException("In-place mode needs a clean working tree, but " + repository.getWorkTree()
                        + " has uncommitted changes: " + String.join(", ", sorted.subList(0, Math.min(5, sorted.size())))
                        + (sorted.size() > 5 ? " and " + (sorted.size() - 5) + " more" : "") + ". Commit or stash "
                        + "them (git stash), or use worktree mode, which never touches your checkout.");
            }
        } catch (GitAPIException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Checks {@code sha} out with a detached HEAD.
     *
     * @throws GitException naming the files when the commit would overwrite untracked or ignored files
     */
    void checkout(ObjectId sha, String displayName) {
        try (RevWalk walk = new RevWalk(repository)) {
            ObjectId tree = walk.parseCommit(sha).getTree();
            List<String> inTheWay = untrackedFilesIn(tree);
            if (!inTheWay.isEmpty()) {
                throw new GitException("In-place checkout of " + displayName + " would overwrite untracked or ignored "
                        + "files in " + repository.getWorkTree() + ": "
                        + String.join(", ", inTheWay.subList(0, Math.min(5, inTheWay.size())))
                        + ". Move them away, or use worktree mode, which never touches your checkout.");
            }
            String touched = state.getProperty("touched");
            if (!Arrays.asList(touched.split(",")).contains(sha.name())) {
                state.setProperty("touched", touched.isEmpty() ? sha.name() : touched + "," + sha.name());
                write();
            }
            detachHead(repository.resolve(Constants.HEAD));
            Git.wrap(repository).reset().setMode(ResetType.HARD).setRef(sha.name()).call();
        } catch (IOException | GitAPIException e) {
            throw new GitException("In-place checkout of " + displayName + " failed in " + repository.getWorkTree()
                    + ": " + e.getMessage() + ". The original " + originalName() + " is restored when the run ends.", e);
        }
    }

    /**
     * Files that checking out {@code tree} would overwrite or delete although the index does not track them:
     * an existing file at (or above) a path only {@code tree} has, or untracked files in a directory that
     * {@code tree} replaces with a file.
     */
    private List<String> untrackedFilesIn(ObjectId tree) throws IOException {
        Set<String> found = new TreeSet<>();
        Path workTree = repository.getWorkTree().toPath();
        DirCache index = repository.readDirCache();
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.addTree(tree);
            walk.addTree(new DirCacheIterator(index));
            walk.setRecursive(true);
            while (walk.next()) {
                if (walk.getRawMode(1) != 0) {
                    continue;
                }
                String path = walk.getPathString();
                for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                    String parent = path.substring(0, slash);
                    if (Files.isRegularFile(workTree.resolve(parent), LinkOption.NOFOLLOW_LINKS)
                            && index.findEntry(parent) < 0) {
                        found.add(parent);
                    }
                }
                Path file = workTree.resolve(path);
                if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                    try (var inside = Files.walk(file)) {
                        inside.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                                .map(p -> workTree.relativize(p).toString().replace('\\', '/'))
                                .filter(p -> index.findEntry(p) < 0)
                                .forEach(found::add);
                    }
                } else if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    found.add(path);
                }
            }
        }
        return List.copyOf(found);
    }

    private void detachHead(ObjectId at) throws IOException {
        RefUpdate update = repository.updateRef(Constants.HEAD, true);
        update.setNewObjectId(at);
        update.disableRefLog();
        checkRefUpdate(update.forceUpdate(), "detach HEAD");
    }

    private void checkRefUpdate(RefUpdate.Result result, String what) {
        switch (result) {
            case NEW, FORCED, NO_CHANGE, FAST_FORWARD -> { }
            default -> throw new GitException("Could not " + what + " in " + repository.getWorkTree() + " (" + result
                    + "). Check that no other git command is running there, then run again.");
        }
    }

    /**
     * Puts back the original branch or detached HEAD, the index and the tracked files, deletes the files
     * that only the checked-out commits had, then removes the record. Idempotent.
     */
    void restore() {
        restore(false);
    }

    /** {@link #restore()}; {@code afterCrash} also deletes the temporary files of an interrupted checkout. */
    private void restore(boolean afterCrash) {
        try {
            String branch = state.getProperty("branch");
            ObjectId original = ObjectId.fromString(state.getProperty("sha"));
            if (branch.isEmpty() || repository.exactRef(branch) == null) {
                detachHead(original);
            } else {
                RefUpdate update = repository.updateRef(Constants.HEAD);
                update.disableRefLog();
                checkRefUpdate(update.link(branch), "check out " + branch);
            }
            Git.wrap(repository).reset().setMode(ResetType.HARD).call();
            deleteFilesOnlyTouchedCommitsHad(original, afterCrash);
            Files.deleteIfExists(record);
            ACTIVE.remove(record);
        } catch (IOException | GitAPIException e) {
            throw new GitException("Could not restore " + repository.getWorkTree() + " to " + originalName() + ": "
                    + e.getMessage() + ". The recovery record " + record + " is kept; the next commitbench start "
                    + "tries again, or run git checkout " + originalName() + " yourself.", e);
        }
    }

    private void deleteFilesOnlyTouchedCommitsHad(ObjectId original, boolean afterCrash) throws IOException {
        Path workTree = repository.getWorkTree().toPath();
        Map<Path, Set<String>> namesByDirectory = new HashMap<>();
        List<Path> onlyTouched = new ArrayList<>();
        try (RevWalk revWalk = new RevWalk(repository)) {
            ObjectId originalTree = revWalk.parseCommit(original).getTree();
            for (String touched : state.getProperty("touched").split(",")) {
                if (touched.isEmpty()) {
                    continue;
                }
                try (TreeWalk walk = new TreeWalk(repository)) {
                    walk.addTree(revWalk.parseCommit(ObjectId.fromString(touched)).getTree());
                    walk.addTree(originalTree);
                    walk.setRecursive(true);
                    while (walk.next()) {
                        Path file = workTree.resolve(walk.getPathString());
                        namesByDirectory.computeIfAbsent(file.getParent(), d -> new HashSet<>())
                                .add(file.getFileName().toString());
                        if (walk.getRawMode(1) == 0) {
                            Files.deleteIfExists(file);
                            onlyTouched.add(file);
                        }
                    }
                }
            }
        }
        if (afterCrash) {
            for (Map.Entry<Path, Set<String>> entry : namesByDirectory.entrySet()) {
                deleteCheckoutTemporaryFiles(entry.getKey(), entry.getValue());
            }
        }
        // Last, so that a directory a killed checkout made but had not filled yet (or filled only with
        // temporary files) goes too: the original tree has no such directory.
        for (Path file : onlyTouched) {
            deleteEmptyParents(workTree, file);
        }
    }

    /**
     * Deletes what a killed JGit checkout left in {@code directory}: {@code ._<name><digits>.tmp}, written
     * before being renamed to {@code <name>}, for the tracked {@code names}.
     */
    private static void deleteCheckoutTemporaryFiles(Path directory, Set<String> names) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        List<Path> leftovers = new ArrayList<>();
        try (var entries = Files.list(directory)) {
            entries.forEach(entry -> {
                String name = entry.getFileName().toString();
                if (name.startsWith("._") && name.endsWith(".tmp")) {
                    String middle = name.substring(2, name.length() - 4);
                    int end = middle.length();
                    while (end > 0 && Character.isDigit(middle.charAt(end - 1))) {
                        end--;
                        if (names.contains(middle.substring(0, end))) {
                            leftovers.add(entry);
                            return;
                        }
                    }
                }
            });
        }
        for (Path leftover : leftovers) {
            Files.deleteIfExists(leftover);
        }
    }

    private static void deleteEmptyParents(Path workTree, Path file) throws IOException {
        for (Path dir = file.getParent(); !dir.equals(workTree); dir = dir.getParent()) {
            if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    return;
                }
            }
            Files.delete(dir);
        }
    }

    /** Deletes {@code index.lock} and {@code HEAD.lock} that the killed run left (newer than its record). */
    private void removeStaleLocks() {
        long since = Long.parseLong(state.getProperty("since", "0"));
        for (String lock : List.of("index.lock", "HEAD.lock")) {
            Path path = repository.getDirectory().toPath().resolve(lock);
            try {
                if (Files.exists(path) && Files.getLastModifiedTime(path).toMillis() >= since - 2000) {
                    Files.delete(path);
                }
            } catch (IOException e) {
                throw new GitException("Could not remove the stale lock " + path + " left by a killed commitbench "
                        + "run: " + e.getMessage() + ". Delete it yourself, then run again.", e);
            }
        }
    }

    /** The original branch's short name, or the detached SHA. */
    String originalName() {
        String branch = state.getProperty("branch");
        return branch.isEmpty() ? "detached HEAD " + state.getProperty("sha").substring(0, 7)
                : Repository.shortenRefName(branch);
    }

    private void write() throws IOException {
        Path temp = record.resolveSibling(RECORD + ".tmp");
        try (Writer out = Files.newBufferedWriter(temp)) {
            state.store(out, "commitbench in-place run: restore " + originalName() + " if this process died");
        }
        Files.move(temp, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Properties read(Path path) {
        Properties state = new Properties();
        try (Reader in = Files.newBufferedReader(path)) {
            state.load(in);
        } catch (IOException e) {
            throw new GitException("Could not read the in-place recovery record " + path + ": " + e.getMessage()
                    + ". Check out your branch yourself and delete the file.", e);
        }
        if (state.getProperty("sha") == null || state.getProperty("branch") == null) {
            throw new GitException("The in-place recovery record " + path + " is incomplete. Check out your branch "
                    + "yourself (git checkout <branch>) and delete the file.");
        }
        state.putIfAbsent("touched", "");
        return state;
    }
}
