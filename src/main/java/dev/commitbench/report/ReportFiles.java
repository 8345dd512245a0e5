package dev.commitbench.report;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
        return write(runDir, fileName, out -> out.write(content.getBytes(StandardCharsets.UTF_8)), what);
    }

    /**
     * Writes what {@code content} puts into the file's stream (buffered) to {@code runDir/fileName}, as
     * {@link #write(Path, String, String, String)} does: for the large reports, which go to the file piece by piece
     * instead of through one string of megabytes.
     *
     * @param what the file as the error message names it
     * @throws UncheckedIOException naming the file when it cannot be written, also when {@code content} throws one;
     *                              whatever {@code content} throws, the file it began is deleted
     */
    static Path write(Path runDir, String fileName, Content content, String what) {
        Path file = runDir.resolve(fileName);
        OutputStream opened;
        try {
            Files.createDirectories(runDir);
            opened = Files.newOutputStream(file);
        } catch (IOException e) {
            throw failed(file, what, e);
        }
        // From here the file is this report's: a failure deletes it, so that a report is whole or absent, never cut
        // short (only what this call opened: a folder in the file's place, say, stays as it was).
        try (OutputStream out = new BufferedOutputStream(opened, 1 << 16)) {
            content.writeTo(out);
        } catch (IOException e) {
            deletePartial(file, e);
            throw failed(file, what, e);
        } catch (UncheckedIOException e) {
            deletePartial(file, e);
            throw failed(file, what, e.getCause());
        } catch (RuntimeException | Error e) {
            deletePartial(file, e);
            throw e;
        }
        return file;
    }

    private static void deletePartial(Path file, Throwable failure) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** {@code text} in UTF-8 into {@code out}, for a writer that hands its pieces on as they are drawn. */
    static void put(OutputStream out, CharSequence text) {
        try {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static UncheckedIOException failed(Path file, String what, IOException e) {
        return new UncheckedIOException("Could not write " + what + " [" + file
                + "]: check that the folder exists or can be created and is writable.", e);
    }

    /** A file's content, written into its stream. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }
}
