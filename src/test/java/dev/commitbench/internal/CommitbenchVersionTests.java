package dev.commitbench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commitbench.testing.ProjectVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Verifies that the running commitbench knows the version its build recorded, and never reports a placeholder. */
class CommitbenchVersionTests {

    @Test
    void the_current_version_is_the_one_in_pom_xml() {
        assertThat(CommitbenchVersion.current()).contains(ProjectVersion.fromPom());
    }

    @Test
    void a_filtered_file_gives_its_version() {
        assertThat(CommitbenchVersion.read(text("# comment\nversion=0.2.0\n"))).contains("0.2.0");
    }

    @Test
    void an_unfiltered_file_gives_no_version_rather_than_the_placeholder() {
        assertThat(CommitbenchVersion.read(text("version=${project.version}\n"))).isEmpty();
    }

    @Test
    void a_missing_or_empty_file_gives_no_version() {
        assertThat(CommitbenchVersion.read(null)).isEmpty();
        assertThat(CommitbenchVersion.read(text(""))).isEmpty();
        assertThat(CommitbenchVersion.read(text("version=  \n"))).isEmpty();
    }

    @Test
    void an_unreadable_file_names_it() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }
        };

        assertThatThrownBy(() -> CommitbenchVersion.read(broken))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("Could not read commitbench's commitbench-version.properties");
    }

    private static InputStream text(String content) {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }
}
