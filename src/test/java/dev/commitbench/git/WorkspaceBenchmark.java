package dev.commitbench.git;

import dev.commitbench.Commit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * {@code WorkspaceBenchmark} is used to measure materializing a commit of a 5,000-file repository against
 * {@code git worktree add --detach} alone, side by side (target: at most 1.2x), the JGit fallback for
 * reference, and using an already materialized commit again (target: under 5 ms). Run on demand; see
 * {@code docs/benchmarks.md}, section "Workspaces".
 */
public final class WorkspaceBenchmark {

    private static final int FILES = 5_000;
    private static final int REPETITIONS = 5;

    private WorkspaceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path temp = Files.createTempDirectory("commitbench-workspace-benchmark-");
        try {
            run(temp);
        } finally {
            WorktreeWorkspaces.deleteRecursively(temp);
        }
    }

    private static void run(Path temp) throws IOException {
        TestRepo repo = TestRepo.init(temp.resolve("repo"));
        for (int i = 0; i < FILES; i++) {
            repo.write("pkg" + (i % 50) + "/module" + i + ".py", "# module " + i + "\nVALUE = " + i + "\n");
        }
        Commit commit = new Commit(repo.commit("5,000 files"), "main");
        WorkspaceOptions options = WorkspaceOptions.defaults();
        List<Double> git = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        List<Double> jgit = new ArrayList<>();
        for (int round = 0; round <= REPETITIONS; round++) {
            Path plain = temp.resolve("plain-" + round);
            long start = System.nanoTime();
            repo.git("worktree", "add", "--detach", "--quiet", plain.toString(), commit.sha());
            double gitMs = millis(start);
            WorktreeWorkspaces.deleteRecursively(plain);
            repo.git("worktree", "prune");

            double oursMs;
            try (Workspaces workspaces = Tools.detect().open(repo.dir, options)) {
                start = System.nanoTime();
                workspaces.materialize(commit);
                oursMs = millis(start);
            }
            double jgitMs;
            try (Workspaces workspaces = new Tools(false, true).open(repo.dir, options)) {
                start = System.nanoTime();
                workspaces.materialize(commit);
                jgitMs = millis(start);
            }
            if (round > 0) {
                git.add(gitMs);
                ours.add(oursMs);
                jgit.add(jgitMs);
            }
        }
        List<Double> reuse = new ArrayList<>();
        try (Workspaces workspaces = Tools.detect().open(repo.dir, options)) {
            workspaces.materialize(commit);
            for (int i = 0; i < 1_000; i++) {
                long start = System.nanoTime();
                workspaces.materialize(commit);
                reuse.add(millis(start));
            }
        }
        System.out.printf("Materializing one commit of a %,d-file repository, %d repetitions after a warm-up "
                + "(median, min-max ms):%n", FILES, REPETITIONS);
        System.out.printf("  git worktree add --detach alone   %8.1f  (%.1f-%.1f)%n", median(git), min(git), max(git));
        System.out.printf("  Workspaces.materialize (git)      %8.1f  (%.1f-%.1f)  = %.2fx git alone (target <= 1.2x)%n",
                median(ours), min(ours), max(ours), median(ours) / median(git));
        System.out.printf("  Workspaces.materialize (JGit)     %8.1f  (%.1f-%.1f)  = %.2fx git alone (fallback)%n",
                median(jgit), min(jgit), max(jgit), median(jgit) / median(git));
        System.out.printf("Using a materialized commit again: median %.4f ms, max %.4f ms over %d calls (target < 5 ms)%n",
                median(reuse), max(reuse), reuse.size());
    }

    private static double millis(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return Collections.min(values);
    }

    private static double max(List<Double> values) {
        return Collections.max(values);
    }
}
