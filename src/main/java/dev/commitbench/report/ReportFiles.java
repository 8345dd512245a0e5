package dev.commitbench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes one report file into a run folder, the same way for every writer. */
final class ReportFiles {

    private ReportFiles() {
    }

    /**
     * Writes {@code content} to {@code runDir/fileName} (the folder created when missing), replacing an older
     * file.
     *
     * @param what the file as the error message names it, e.g. "the Markdown report"
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    static Path write(Path runDir, String fileName, String content, String what) {
        Path file = runDir.resolve(fileName);
        try {
            Files.createDirectories(runDir);
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + what + " [" + file
                    + "]: check that the folder exists or can be created and is writable.", e);
        }
    }
}
