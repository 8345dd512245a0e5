package dev.commitbench.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies that in-place mode survives kill -9: a child JVM checks commits out in a loop and is killed at
 * random moments, 50 times; every next start restores HEAD, branch, index and working tree (tracked,
 * untracked and ignored files) exactly.
 */
class InPlaceCrashTests {

    private static final int KILLS = 50;

    @TempDir
    Path temp;

    private TestRepo repo;

    @Test
    void everyStartAfterAKillRestoresTheRepositoryExactly() throws Exception {
        List<String> shas = history();
        String before = snapshot();
        Random random = new Random(20261127L);
        int killedWhileCheckedOutElsewhere = 0;
        Path record = repo.dir.resolve(".git/" + InPlaceGuard.RECORD);
        String restoredNote = "note: Restored " + repo.dir.toRealPath() + " to feature after an in-place run that did "
                + "not finish (process ";

        for (int kill = 1; kill <= KILLS; kill++) {
            boolean leftOver = Files.exists(record);
            Process child = start("loop", shas);
            try {
                // Most kills land in the checkout loop; every fifth lands anywhere, recovery at start included.
                boolean waitForReady = kill % 5 != 0;
                if (waitForReady) {
                    List<String> notes = awaitReady(child);
                    assertThat(snapshot()).as("state restored by the start before kill %d", kill).isEqualTo(before);
                    if (leftOver) {
                        assertThat(notes).singleElement().asString().startsWith(restoredNote);
                    }
                    child.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
                    child.getOutputStream().flush();
                    Thread.sleep(10 + random.nextInt(150));
                } else {
                    child.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
                    child.getOutputStream().flush();
                    Thread.sleep(random.nextInt(1500));
                }
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
            if (!Files.readString(repo.dir.resolve(".git/HEAD")).strip().equals("ref: refs/heads/feature")) {
                killedWhileCheckedOutElsewhere++;
            }
        }

        boolean leftOver = Files.exists(record);
        try (CommitResolver resolver = CommitResolver.open(repo.dir)) {
            List<String> notes = resolver.resolve(List.of("HEAD"), "main").notes();
            if (leftOver) {
                assertThat(notes).singleElement().asString().startsWith(restoredNote.substring("note: ".length()))
                        .endsWith("); untracked and ignored files were kept.");
            } else {
                assertThat(notes).isEmpty();
            }
        }
        assertThat(snapshot()).isEqualTo(before);
        assertThat(record).doesNotExist();
        System.out.printf("InPlaceCrashTests: %d kills, %d while another commit was checked out%n", KILLS,
                killedWhileCheckedOutElsewhere);
        assertThat(killedWhileCheckedOutElsewhere).as("kills that left another commit checked out")
                .isGreaterThanOrEqualTo(KILLS / 2);
    }

    @Test
    void theShutdownHookRestoresWhenTheJvmExitsWithoutClosing() throws Exception {
        List<String> shas = history();
        String before = snapshot();
        Process child = start("exit", shas);
        try {
            awaitReady(child);
            child.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
            child.getOutputStream().flush();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).isZero();
        assertThat(snapshot()).isEqualTo(before);
        assertThat(repo.dir.resolve(".git/" + InPlaceGuard.RECORD)).doesNotExist();
    }

    @Test
    void anotherProcessBenchmarkingInPlaceIsNeverDisturbed() throws Exception {
        List<String> shas = history();
        String before = snapshot();
        Process child = start("loop", shas);
        try {
            awaitReady(child);
            String message = "Another commitbench run (process " + child.pid() + ") is benchmarking "
                    + repo.dir.toRealPath() + " in place right now. Wait for it to finish; if that process is not "
                    + "commitbench, delete " + repo.dir.toRealPath().resolve(".git/" + InPlaceGuard.RECORD)
                    + " and run again.";

            assertThatThrownBy(() -> Workspaces.open(repo.dir, new WorkspaceOptions(CheckoutMode.IN_PLACE, null, null,
                    false, null, Map.of()))).isInstanceOf(GitException.class).hasMessage(message);
            assertThatThrownBy(() -> CommitResolver.open(repo.dir)).isInstanceOf(GitException.class).hasMessage(message);
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        CommitResolver.open(repo.dir).close();
        assertThat(snapshot()).isEqualTo(before);
    }

    /** Three commits that differ in many files and directories; the user is on {@code feature} with extras. */
    private List<String> history() {
        repo = TestRepo.init(temp.resolve("repo"));
        repo.write(".gitignore", "build/\n*.log\n");
        List<String> shas = new ArrayList<>();
        for (int version = 1; version <= 3; version++) {
            for (int i = 0; i < 150; i++) {
                repo.write("src/m" + (i % 10) + "/f" + i + ".txt", "file " + i + " version " + (i % 3 == 0 ? 1 : version));
            }
            if (version == 2) {
                repo.git("rm", "--quiet", "-r", "--cached", "src/m9");
                repo.write("only-in-2/deep/x.txt", "two");
            } else {
                repo.write("only-in-" + version + ".txt", "v" + version);
            }
            shas.add(repo.commit("version " + version));
            if (version == 2) {
                repo.git("rm", "--quiet", "-r", "only-in-2");
            }
        }
        repo.git("checkout", "--quiet", "-b", "feature");
        repo.write("notes.txt", "untracked notes").write("scratch/draft.md", "untracked dir")
                .write("build/output.bin", "ignored build output").write("run.log", "ignored log");
        return shas;
    }

    private Process start(String mode, List<String> shas) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"),
                InPlaceCrashChild.class.getName(), repo.dir.toString(), mode));
        command.addAll(shas);
        return new ProcessBuilder(command).redirectError(temp.resolve("child-stderr.txt").toFile()).start();
    }

    /** Reads the child's notes up to its {@code ready} line; anything else fails with what the child wrote on stderr. */
    private List<String> awaitReady(Process child) throws IOException, InterruptedException {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        List<String> notes = new ArrayList<>();
        for (String line = out.readLine(); !"ready".equals(line); line = out.readLine()) {
            if (line == null || !line.startsWith("note: ")) {
                boolean ended = child.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("The child wrote " + (line == null ? "nothing more" : "[" + line + "]")
                        + " before ready" + (ended ? " and exited " + child.exitValue() : "") + "; its stderr:\n"
                        + Files.readString(temp.resolve("child-stderr.txt")));
            }
            notes.add(line);
        }
        return notes;
    }

    /** HEAD, branch, index, status with ignored files, and every file's hash outside {@code .git}. */
    private String snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(repo.dir)) {
            paths.filter(p -> !p.equals(repo.dir) && !repo.dir.relativize(p).startsWith(".git")).forEach(p -> {
                files.put(repo.dir.relativize(p).toString(), Files.isDirectory(p) ? "dir" : hash(p));
            });
        }
        return String.join("\n", repo.git("rev-parse", "--symbolic-full-name", "HEAD"), repo.git("rev-parse", "HEAD"),
                repo.git("ls-files", "--stage"), repo.git("status", "--porcelain", "--ignored", "--untracked-files=all"),
                files.toString());
    }

    private static String hash(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
