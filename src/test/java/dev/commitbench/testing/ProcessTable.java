package dev.commitbench.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** {@code ProcessTable} is used by tests to check, from {@code /proc}, that no process of theirs is left running. */
public final class ProcessTable {

    private ProcessTable() {
    }

    /** {@return whether a process runs whose command line is exactly {@code commandLine} (words joined by spaces)} */
    public static boolean runs(String commandLine) throws IOException {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ').strip();
                    if (cmdline.equals(commandLine)) {
                        return true;
                    }
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
        }
        return false;
    }

    /** {@return whether such a process still runs after waiting up to {@code wait} for it to end} */
    public static boolean stillRuns(String commandLine, Duration wait) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (runs(commandLine) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return runs(commandLine);
    }
}
