package dev.commitbench.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.git.CommitResolver;
import dev.commitbench.testing.GitCommand;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies where the repository lock lives and what it excludes: one file in the repository's common git
 * directory, the same for the main working tree and a linked worktree, held across JVMs, and nothing in the
 * system temp directory.
 */
class RepositoryLockTests {

    @TempDir
    Path temp;

    @Test
    void theLockIsOneFileInTheCommonGitDirectorySharedByLinkedWorktrees() throws Exception {
        Path repo = SampleRepo.create(temp.resolve("repo"), Map.of("a.txt", "a"), Map.of("a.txt", "b"));
        Path linked = temp.resolve("linked");
        GitCommand.run(repo, "worktree", "add", "--quiet", "--detach", linked.toString(), "main");

        Path fromMain;
        Path fromLinked;
        try (CommitResolver main = CommitResolver.open(repo); CommitResolver other = CommitResolver.open(linked)) {
            fromMain = new RepositoryLock(main.commonGitDirectory()).file();
            fromLinked = new RepositoryLock(other.commonGitDirectory()).file();
        }

        assertThat(fromMain).isEqualTo(repo.toRealPath().resolve(".git/commitbench.lock")).isEqualTo(fromLinked);
        assertThat(GitCommand.run(repo, "status", "--porcelain", "--ignored")).as("invisible to git status").isEmpty();
    }

    @Test
    void aSessionLocksInsideTheRepositoryAndLeavesNothingInTheTempDirectory() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path repo = SampleRepo.create(temp.resolve("repo"), Map.of("bench.sh", "exit 0\n"), Map.of("bench.sh", "exit 0\n"));
        String oldName = "commitbench-" + oldHash(repo.toRealPath()) + ".lock";
        BenchmarkPlan plan = BenchmarkPlan.builder().repository(repo).commits(List.of("main", "HEAD")).engine("command")
                .command(List.of("sh", "bench.sh")).metrics(List.of("call.latency.mean")).rounds(1).iterations(1)
                .warmups(0).workspaceRoot(temp.resolve("workspaces")).outputDir(temp.resolve("out")).build();

        try (BenchmarkSession session = BenchmarkSession.start(plan, ProgressListener.SILENT)) {
            session.runAll();
        }

        assertThat(repo.resolve(".git/commitbench.lock")).isEmptyFile();
        assertThat(tmp.resolve(oldName)).as("the lock file of earlier versions").doesNotExist();
        try (Stream<Path> left = Files.list(temp.resolve("workspaces"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void anotherJvmHoldingTheLockExcludesThisOne() throws Exception {
        Path repo = SampleRepo.create(temp.resolve("repo"), Map.of("a.txt", "a"), Map.of("a.txt", "b"));
        Path gitDir = repo.toRealPath().resolve(".git");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RepositoryLockChild.class.getName(), gitDir.toString())
                .redirectError(temp.resolve("child-stderr.txt").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");
            assertThat(tryLock(gitDir.resolve("commitbench.lock"))).as("while the other JVM holds it").isFalse();

            child.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
            child.getOutputStream().flush();
            assertThat(out.readLine()).isEqualTo("released");
            assertThat(tryLock(gitDir.resolve("commitbench.lock"))).as("once it released it").isTrue();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static boolean tryLock(Path file) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
            return lock != null;
        }
    }

    /** The temp-directory name earlier versions used: the first 8 bytes of SHA-256 of the working tree's path. */
    private static String oldHash(Path workTree) throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(workTree.toString().getBytes(StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(digest, 0, 8);
    }
}
