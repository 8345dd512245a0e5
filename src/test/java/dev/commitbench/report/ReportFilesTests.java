package dev.commitbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies how a large report goes into its file piece by piece: the pieces in order, and no file cut short when
 * drawing or writing it fails half-way (the report is whole or absent), with the failure naming the file; what stood
 * in the file's place before (a folder) is left alone.
 */
class ReportFilesTests {

    @TempDir
    Path temp;

    @Test
    void thePiecesGoIntoTheFileInOrderAsUtf8() throws IOException {
        Path file = ReportFiles.write(temp.resolve("run"), "report.html", out -> {
            ReportFiles.put(out, "<p>m1 · tiny</p>\n");
            ReportFiles.put(out, new StringBuilder("<p>±5% ⚠</p>\n"));
        }, "the HTML report");

        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("<p>m1 · tiny</p>\n<p>±5% ⚠</p>\n");
    }

    @Test
    void aReportWhoseDrawingFailsHalfWayLeavesNoFile() {
        Path run = temp.resolve("run");

        assertThatThrownBy(() -> ReportFiles.write(run, "report.html", out -> {
            ReportFiles.put(out, "<p>the first point</p>\n".repeat(10_000)); // more than the buffer: on disk already
            throw new IllegalStateException("a chart could not be drawn");
        }, "the HTML report")).isInstanceOf(IllegalStateException.class).hasMessage("a chart could not be drawn");

        assertThat(run.resolve("report.html")).doesNotExist();
    }

    @Test
    void aReportWhoseWritingFailsHalfWayLeavesNoFileAndNamesIt() {
        Path run = temp.resolve("run");

        assertThatThrownBy(() -> ReportFiles.write(run, "commitbench.json", out -> {
            out.write(new byte[100_000]);
            throw new IOException("No space left on device");
        }, "the run record")).isInstanceOf(UncheckedIOException.class)
                .hasMessage("Could not write the run record [" + run.resolve("commitbench.json")
                        + "]: check that the folder exists or can be created and is writable.")
                .hasRootCauseMessage("No space left on device");

        assertThat(run.resolve("commitbench.json")).doesNotExist();
    }

    @Test
    void aFolderInTheFilesPlaceIsNamedAndLeftAsItWas() throws IOException {
        Path run = Files.createDirectories(temp.resolve("run"));
        Path blocker = Files.createDirectory(run.resolve("report.html"));

        assertThatThrownBy(() -> ReportFiles.write(run, "report.html", out -> ReportFiles.put(out, "<p>page</p>"),
                "the HTML report")).isInstanceOf(UncheckedIOException.class)
                .hasMessage("Could not write the HTML report [" + blocker
                        + "]: check that the folder exists or can be created and is writable.");

        assertThat(blocker).isDirectory();
    }
}
