package dev.commitbench.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commitbench.Commit;
import dev.commitbench.git.CheckoutMode;
import dev.commitbench.git.GitException;
import dev.commitbench.git.Workspace;
import dev.commitbench.git.WorkspaceOptions;
import dev.commitbench.git.Workspaces;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies that the workers of a run on several devices share one set of workspaces: each commit is made once
 * however many workers ask for it at once, a failure reaches every worker waiting for it and is tried again by the
 * next, commits can be made ahead, each note is handed out once, and closing removes every worktree. Real git
 * repositories and worktrees.
 */
class SharedWorkspacesTests {

    @TempDir
    Path temp;

    private Path repository;
    private Commit main;
    private Commit feature;

    @BeforeEach
    void repository() {
        repository = SampleRepo.create(temp.resolve("repo"), Map.of("a.txt", "a\n"), Map.of("a.txt", "b\n"));
        main = new Commit(SampleRepo.sha(repository, "main"), "main");
        feature = new Commit(SampleRepo.sha(repository, "feature"), "feature");
    }

    @Test
    void fourWorkersAskingForTwoCommitsAtOnceMakeEachOnceAndCloseRemovesThem() throws Exception {
        Counting counting = new Counting(Workspaces.open(repository, options()));
        SharedWorkspaces shared = new SharedWorkspaces(counting, lock(), CheckoutMode.WORKTREE);
        ExecutorService workers = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Workspace>>> made = new ArrayList<>();
            for (int worker = 0; worker < 4; worker++) {
                boolean mainFirst = worker % 2 == 0;
                made.add(workers.submit(() -> {
                    start.await();
                    return mainFirst ? List.of(shared.materialize(main), shared.materialize(feature))
                            : List.of(shared.materialize(feature), shared.materialize(main));
                }));
            }
            start.countDown();
            List<Path> directories = new ArrayList<>();
            for (Future<List<Workspace>> f : made) {
                f.get().forEach(w -> directories.add(w.directory()));
            }

            assertThat(counting.calls.get()).isEqualTo(2);
            assertThat(directories.stream().distinct()).hasSize(2);
            assertThat(SampleRepo.worktrees(repository)).hasSize(3); // the checkout and one worktree per commit
        } finally {
            workers.shutdownNow();
            shared.close();
        }
        assertThat(SampleRepo.worktrees(repository)).hasSize(1);
        assertThatThrownBy(() -> shared.materialize(main)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("are closed");
    }

    @Test
    void aCommitThatCannotBeMadeFailsEveryCallerAndIsTriedAgainByTheNext() {
        Counting counting = new Counting(Workspaces.open(repository, options()));
        Commit missing = new Commit("0123456789abcdef0123456789abcdef01234567", "gone");
        try (SharedWorkspaces shared = new SharedWorkspaces(counting, lock(), CheckoutMode.WORKTREE)) {
            assertThatThrownBy(() -> shared.materialize(missing)).isInstanceOf(GitException.class)
                    .hasMessageContaining("Could not materialize commit " + missing.displayName());
            assertThatThrownBy(() -> shared.materialize(missing)).isInstanceOf(GitException.class);

            assertThat(counting.calls.get()).isEqualTo(2);
            assertThat(shared.materialize(main).directory()).isDirectory();
        }
    }

    @Test
    void commitsMadeAheadAreThereWhenAWorkerAsks() throws Exception {
        Counting counting = new Counting(Workspaces.open(repository, options()));
        try (SharedWorkspaces shared = new SharedWorkspaces(counting, lock(), CheckoutMode.WORKTREE)) {
            shared.materializeAhead(List.of(main, feature));
            // Wait for both to be made before looking at the repository: a `git worktree list` while the thread's
            // `git worktree add` is half done fails ("failed to read .git/worktrees/<id>/commondir").
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (counting.made.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(counting.made.get()).as("commits made ahead").isEqualTo(2);
            assertThat(SampleRepo.worktrees(repository)).hasSize(3);

            assertThat(shared.materialize(feature).directory()).isDirectory();
            assertThat(counting.calls.get()).isEqualTo(2);
        }
    }

    @Test
    void eachNoteIsHandedToOneWorkerOnly() {
        Counting counting = new Counting(Workspaces.open(repository, options()));
        counting.notes.add("Removed workspaces left by an earlier run.");
        try (SharedWorkspaces shared = new SharedWorkspaces(counting, lock(), CheckoutMode.WORKTREE)) {
            assertThat(shared.newWarnings()).containsExactly("Removed workspaces left by an earlier run.");
            assertThat(shared.newWarnings()).isEmpty();

            counting.notes.add("Cached workspace remade.");
            shared.materialize(main); // a commit made: the notes are read again
            assertThat(shared.newWarnings()).containsExactly("Cached workspace remade.");
            assertThat(shared.newWarnings()).isEmpty();
            assertThat(shared.warnings()).hasSize(2);
        }
    }

    private static WorkspaceOptions options() {
        return WorkspaceOptions.defaults();
    }

    private RepositoryLock lock() {
        return new RepositoryLock(repository.resolve(".git"));
    }

    /** Real workspaces that count the commits they are asked to make, and may carry extra notes. */
    private static final class Counting implements Workspaces {

        final Workspaces workspaces;
        final AtomicInteger calls = new AtomicInteger();
        /** How many calls returned a workspace (the git work done). */
        final AtomicInteger made = new AtomicInteger();
        final List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();

        Counting(Workspaces workspaces) {
            this.workspaces = workspaces;
        }

        @Override
        public Workspace materialize(Commit commit) {
            calls.incrementAndGet();
            Workspace workspace = workspaces.materialize(commit);
            made.incrementAndGet();
            return workspace;
        }

        @Override
        public void markFailed() {
            workspaces.markFailed();
        }

        @Override
        public List<String> warnings() {
            List<String> all = new ArrayList<>(notes);
            all.addAll(workspaces.warnings());
            return all;
        }

        @Override
        public String cleanupNote() {
            return workspaces.cleanupNote();
        }

        @Override
        public void close() {
            workspaces.close();
        }
    }
}
