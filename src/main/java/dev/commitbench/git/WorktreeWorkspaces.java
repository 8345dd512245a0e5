package dev.commitbench.git;

import dev.commitbench.Commit;
import dev.commitbench.internal.Shutdown;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheCheckout;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.IndexDiff;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * {@code WorktreeWorkspaces} is used to materialize each commit into its own directory outside the user's
 * working tree: a linked worktree ({@code git worktree add --detach}) where git is installed, or a JGit
 * checkout into a private index and directory where it is not.
 *
 * <p>Directories go into a fresh {@code commitbench-*} directory under the configured root (default: the
 * system temp directory) and are removed and pruned on {@link #close()}, unless the run failed and
 * {@code keepWorkspaces} is set. With a cache directory they live in {@code <cacheDir>/<sha>} and stay for
 * the next run, which checks them against the commit's tree and refreshes a modified one. Thread-safe.
 */
final class WorktreeWorkspaces extends OpenWorkspaces {

    private static final System.Logger LOG = System.getLogger(WorktreeWorkspaces.class.getName());
    private static final String LFS_POINTER = "version https://git-lfs.github.com/spec/v1";
    /** In each run directory: the process that owns it, so that a later run can remove it when that died. */
    static final String OWNER = ".commitbench-owner";

    private final Repository repository;
    private final Path workTree;
    private final WorkspaceOptions options;
    private final Tools tools;
    private final GitCli git;
    private final Path runDirectory;
    private final Map<String, Workspace> materialized = new LinkedHashMap<>();
    private final Shutdown.Registration atExit;
    private boolean failed;

    private WorktreeWorkspaces(Repository repository, WorkspaceOptions options, Tools tools, Path runDirectory) {
        super(repository.getWorkTree().toPath());
        this.repository = repository;
        this.workTree = repository.getWorkTree().toPath();
        this.options = options;
        this.tools = tools;
        this.git = new GitCli(workTree);
        this.runDirectory = runDirectory;
        this.atExit = Shutdown.onExit("removing the worktrees in " + runDirectory, this::close);
    }

    /**
     * Makes the run directory (and the cache directory).
     *
     * @throws GitException when the workspace root or cache directory cannot be written
     */
    static WorktreeWorkspaces open(Repository repository, WorkspaceOptions options, Tools tools) {
        Path runDirectory;
        try {
            runDirectory = options.root() == null ? Files.createTempDirectory("commitbench-")
                    : Files.createTempDirectory(Files.createDirectories(options.root()), "commitbench-");
            Files.writeString(runDirectory.resolve(OWNER), Long.toString(ProcessHandle.current().pid()));
        } catch (IOException | UnsupportedOperationException e) {
            throw new GitException("Cannot write the workspace root " + options.root() + ": " + describe(e)
                    + ". Choose a writable directory (workspaceRoot) or fix its permissions.", e);
        }
        if (options.cacheDir() != null) {
            try {
                Files.createDirectories(options.cacheDir());
                Files.delete(Files.createTempFile(options.cacheDir(), ".probe", ""));
            } catch (IOException e) {
                throw new GitException("Cannot write the workspace cache directory " + options.cacheDir() + ": "
                        + describe(e) + ". Choose a writable directory (cacheDir) or fix its permissions.", e);
            }
        }
        List<String> removed = removeAbandonedRuns(repository);
        if ((options.cacheDir() != null || !removed.isEmpty()) && tools.git()) {
            // Also, a cached worktree whose directory was deleted by hand would block adding it again.
            Path workTree = repository.getWorkTree().toPath();
            new GitCli(workTree).run(workTree, "worktree", "prune");
        }
        WorktreeWorkspaces workspaces = new WorktreeWorkspaces(repository, options, tools, runDirectory);
        workspaces.warnings.addAll(removed);
        return workspaces;
    }

    /**
     * Deletes the run directories of this repository's linked worktrees whose owning process died without
     * closing them (kill -9), so that {@code git worktree list} becomes clean again.
     *
     * @return a note for each removed directory
     */
    private static List<String> removeAbandonedRuns(Repository repository) {
        Path admin = repository.getDirectory().toPath().resolve("worktrees");
        if (!Files.isDirectory(admin)) {
            return List.of();
        }
        Map<Path, String> abandoned = new LinkedHashMap<>();
        try (var worktrees = Files.list(admin)) {
            for (Path worktree : worktrees.toList()) {
                Path gitdir = worktree.resolve("gitdir");
                if (!Files.isRegularFile(gitdir)) {
                    continue;
                }
                Path run = Path.of(Files.readString(gitdir).strip()).getParent().getParent();
                Path owner = run.resolve(OWNER);
                if (Files.isRegularFile(owner)) {
                    long pid = Long.parseLong(Files.readString(owner).strip());
                    if (pid != ProcessHandle.current().pid()
                            && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        abandoned.put(run, "Removed workspaces left in " + run + " by a commitbench run that did not "
                                + "finish (process " + pid + ").");
                    }
                }
            }
            for (Path run : abandoned.keySet()) {
                deleteRecursively(run);
            }
        } catch (IOException | RuntimeException e) {
            return List.of("Could not remove workspaces left by an earlier commitbench run (" + e.getMessage() + "); "
                    + "delete them and run git worktree prune.");
        }
        return List.copyOf(abandoned.values());
    }

    private static String describe(Exception e) {
        return e instanceof java.nio.file.AccessDeniedException ? "permission denied on " + e.getMessage()
                : e.getClass().getSimpleName() + " " + e.getMessage();
    }

    @Override
    public synchronized Workspace materialize(Commit commit) {
        requireOpen(commit);
        Workspace existing = materialized.get(commit.sha());
        if (existing != null) {
            return existing;
        }
        boolean cached = options.cacheDir() != null;
        Path directory = cached ? options.cacheDir().resolve(commit.sha())
                : runDirectory.resolve(commit.sha().substring(0, 12));
        try {
            boolean reuse = cached && Files.exists(directory) && intact(directory, commit);
            if (!reuse) {
                if (cached && Files.exists(directory)) {
                    warnings.add("Cached workspace " + directory + " did not match commit " + commit.displayName()
                            + " (modified files); it was made again.");
                    remove(directory);
                }
                checkOut(commit, directory);
            }
            Path logDirectory = cached ? options.cacheDir() : runDirectory;
            Workspace workspace = Setup.prepare(commit, directory, () -> logDirectory, options, reuse, false);
            materialized.put(commit.sha(), workspace);
            return workspace;
        } catch (IOException e) {
            throw new GitException("Could not materialize commit " + commit.displayName() + " of " + workTree
                    + " into " + directory + ": " + e.getMessage(), e);
        }
    }

    private void checkOut(Commit commit, Path directory) throws IOException {
        ObjectId tree;
        try (RevWalk walk = new RevWalk(repository)) {
            tree = walk.parseCommit(ObjectId.fromString(commit.sha())).getTree();
        }
        if (tools.git()) {
            git.run(workTree, "worktree", "add", "--detach", "--quiet", directory.toString(), commit.sha());
        } else {
            Files.createDirectories(directory);
            try (Repository view = view(directory, privateIndex(directory))) {
                DirCache index = view.lockDirCache();
                DirCacheCheckout checkout = new DirCacheCheckout(view, index, tree);
                checkout.setFailOnConflict(true);
                checkout.checkout();
            }
        }
        try (TreeWalk modules = TreeWalk.forPath(repository, Constants.DOT_GIT_MODULES, tree)) {
            if (modules != null) {
                if (tools.git()) {
                    // Submodules with local paths as URLs are common; git 2.38.1 blocks them by default for
                    // untrusted clones, but commitbench runs this repository's own code anyway.
                    git.run(directory, "-c", "protocol.file.allow=always", "submodule", "update", "--init",
                            "--recursive", "--quiet");
                } else {
                    warnings.add("Commit " + commit.displayName() + " has submodules, which were not initialized in "
                            + directory + " because no git executable is installed. Install git to benchmark them.");
                }
            }
        }
        if (!tools.gitLfs()) {
            warnAboutLfsPointers(commit, tree);
        }
    }

    /** Warns when the commit uses Git LFS and has pointer files, since git-lfs is not installed. */
    private void warnAboutLfsPointers(Commit commit, ObjectId tree) throws IOException {
        try (TreeWalk attributes = TreeWalk.forPath(repository, Constants.DOT_GIT_ATTRIBUTES, tree);
                ObjectReader reader = repository.newObjectReader()) {
            if (attributes == null || !new String(reader.open(attributes.getObjectId(0)).getBytes(),
                    StandardCharsets.UTF_8).contains("filter=lfs")) {
                return;
            }
            List<String> pointers = new ArrayList<>();
            try (TreeWalk walk = new TreeWalk(reader)) {
                walk.addTree(tree);
                walk.setRecursive(true);
                while (walk.next()) {
                    if (walk.getFileMode(0) != FileMode.REGULAR_FILE && walk.getFileMode(0) != FileMode.EXECUTABLE_FILE) {
                        continue;
                    }
                    ObjectId blob = walk.getObjectId(0);
                    if (reader.getObjectSize(blob, Constants.OBJ_BLOB) < 1024
                            && new String(reader.open(blob).getBytes(), StandardCharsets.UTF_8).startsWith(LFS_POINTER)) {
                        pointers.add(walk.getPathString());
                    }
                }
            }
            if (!pointers.isEmpty()) {
                warnings.add("Commit " + commit.displayName() + " has " + pointers.size() + " Git LFS pointer file(s), "
                        + "but git-lfs is not installed, so the workspace holds pointers instead of the content: "
                        + String.join(", ", pointers.subList(0, Math.min(5, pointers.size())))
                        + (pointers.size() > 5 ? " and " + (pointers.size() - 5) + " more" : "")
                        + ". Install git-lfs (https://git-lfs.com) and run git lfs install.");
            }
        }
    }

    /** Whether a cached directory still holds exactly the commit's tracked files. */
    private boolean intact(Path directory, Commit commit) throws IOException {
        Path index;
        Path dotGit = directory.resolve(Constants.DOT_GIT);
        if (Files.isRegularFile(dotGit)) {
            String line = Files.readString(dotGit).strip();
            if (!line.startsWith("gitdir:")) {
                return false;
            }
            Path admin = directory.resolve(line.substring("gitdir:".length()).strip());
            Path head = admin.resolve(Constants.HEAD);
            if (!Files.exists(head) || !Files.readString(head).strip().equals(commit.sha())) {
                return false;
            }
            index = admin.resolve("index");
        } else {
            index = privateIndex(directory);
        }
        if (!Files.exists(index)) {
            return false;
        }
        try (Repository view = view(directory, index); RevWalk walk = new RevWalk(view)) {
            IndexDiff diff = new IndexDiff(view, walk.parseCommit(ObjectId.fromString(commit.sha())).getTree(),
                    new FileTreeIterator(view));
            diff.diff();
            return diff.getAdded().isEmpty() && diff.getChanged().isEmpty() && diff.getRemoved().isEmpty()
                    && diff.getMissing().isEmpty() && diff.getModified().isEmpty() && diff.getConflicting().isEmpty();
        }
    }

    /** A repository view over {@code directory} with the objects of the user's repository and its own index. */
    private Repository view(Path directory, Path index) throws IOException {
        return new FileRepositoryBuilder().setGitDir(repository.getDirectory()).setWorkTree(directory.toFile())
                .setIndexFile(index.toFile()).setMustExist(true).build();
    }

    private static Path privateIndex(Path directory) {
        return directory.resolveSibling(directory.getFileName() + ".index");
    }

    @Override
    public synchronized void markFailed() {
        failed = true;
    }

    @Override
    synchronized void closeOnce() {
        try {
            if (failed && options.keepWorkspaces()) {
                Files.deleteIfExists(runDirectory.resolve(OWNER));
                materialized.values().forEach(w -> LOG.log(Level.WARNING, "Kept the workspace of {0} for inspection "
                        + "because the run failed: {1}", w.commit().displayName(), w.directory()));
                return;
            }
            if (materialized.values().stream().allMatch(w -> w.setupError().isEmpty())) {
                deleteRecursively(runDirectory);
            } else {
                // Keep the run directory with the setup logs that the setup errors name.
                for (Workspace workspace : materialized.values()) {
                    if (workspace.directory().startsWith(runDirectory)) {
                        deleteRecursively(workspace.directory());
                        Files.deleteIfExists(privateIndex(workspace.directory()));
                    }
                }
                Files.deleteIfExists(runDirectory.resolve(OWNER));
            }
            if (tools.git()) {
                git.run(workTree, "worktree", "prune");
            }
        } catch (IOException e) {
            throw new GitException("Could not remove the workspaces in " + runDirectory + ": " + e.getMessage()
                    + ". Delete the directory and run git worktree prune.", e);
        } finally {
            repository.close();
            atExit.cancel();
        }
    }

    @Override
    public synchronized String cleanupNote() {
        if (failed && options.keepWorkspaces()) {
            return "the worktrees are kept in " + runDirectory + " (keepWorkspaces); the repository was not changed";
        }
        return options.cacheDir() != null ? "the worktrees stay cached in " + options.cacheDir()
                + "; the repository was not changed" : "the worktrees are removed; the repository was not changed";
    }

    private void remove(Path directory) throws IOException {
        deleteRecursively(directory);
        Files.deleteIfExists(privateIndex(directory));
        if (tools.git()) {
            git.run(workTree, "worktree", "prune");
        }
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
