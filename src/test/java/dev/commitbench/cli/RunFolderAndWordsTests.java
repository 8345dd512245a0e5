package dev.commitbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifies the mkdtemp-like run folders and the splitting of commands into words. */
class RunFolderAndWordsTests {

    @TempDir
    Path temp;

    @Test
    void run_folders_are_fresh_private_and_named_like_mkdtemp() throws IOException {
        Set<Path> folders = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            folders.add(RunFolder.createIn(temp.resolve("_benchmark")));
        }

        assertThat(folders).hasSize(20).allSatisfy(folder -> {
            assertThat(folder.getFileName().toString()).matches("tmp[a-z0-9_]{8}");
            assertThat(folder).isEmptyDirectory().hasParent(temp.resolve("_benchmark"));
        });
        Path one = folders.iterator().next();
        if (Files.getFileAttributeView(one, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(one))).isEqualTo("rwx------");
        }
    }

    @Test
    void an_output_folder_commitbench_creates_ignores_itself_and_an_existing_one_is_left_alone() throws IOException {
        RunFolder.createIn(temp.resolve("_benchmark"));
        Path existing = Files.createDirectories(temp.resolve("results"));
        RunFolder.createIn(existing);

        assertThat(temp.resolve("_benchmark/.gitignore")).content()
                .isEqualTo("# commitbench's results (this folder was made by commitbench)\n*\n");
        assertThat(existing.resolve(".gitignore")).doesNotExist();
    }

    @Test
    void a_parent_that_is_a_file_is_named_in_the_error() throws IOException {
        Path file = Files.writeString(temp.resolve("taken"), "x");

        assertThatThrownBy(() -> RunFolder.createIn(file))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("Could not create a run folder in [" + file + "]")
                .hasMessageContaining("give another one with hydra.run.dir=");
    }

    @Test
    void words_follow_shell_quoting() {
        assertThat(Words.split("--command", "  sh -c 'echo \"a b\"'  x\\ y \"q\\\"uote\" ''"))
                .containsExactly("sh", "-c", "echo \"a b\"", "x y", "q\"uote", "");
    }

    @Test
    void blank_command_is_refused() {
        assertThatThrownBy(() -> Words.split("--executable", "   "))
                .isInstanceOf(UsageException.class)
                .hasMessage("Usage error: --executable is empty. Give the command to run, for example"
                        + " --executable \"sh ./bench.sh\".");
    }
}
