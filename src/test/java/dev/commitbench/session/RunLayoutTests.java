package dev.commitbench.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.Commit;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Verifies that runs go where benchmark.py puts them, with rounds and points beside. */
class RunLayoutTests {

    private static final Commit COMMIT = new Commit("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", "main");
    private static final Path RUN = Path.of("/out/run-1");

    @Test
    void firstRoundOfASinglePointGoesWhereBenchmarkPyPutsIt() {
        var layout = new RunLayout(RUN, false);
        assertThat(layout.runDirectory(COMMIT, SweepPoint.empty(), 1)).isEqualTo(RUN.resolve("commit=" + COMMIT.sha()));
        assertThat(layout.runDirectory(COMMIT, SweepPoint.empty(), 3))
                .isEqualTo(RUN.resolve("round-3").resolve("commit=" + COMMIT.sha()));
    }

    @Test
    void severalPointsGetTheirOverrideDirname() {
        var layout = new RunLayout(RUN, true);
        var values = new LinkedHashMap<String, String>();
        values.put("batch_size", "2");
        values.put("backend.model", "google/gemma-2b");
        var point = new SweepPoint(values);
        assertThat(layout.runDirectory(COMMIT, point, 1))
                .isEqualTo(RUN.resolve("commit=" + COMMIT.sha()).resolve("backend.model=google/gemma-2b,batch_size=2"));
        assertThat(layout.runDirectory(COMMIT, point, 2)).isEqualTo(
                RUN.resolve("round-2/commit=" + COMMIT.sha()).resolve("backend.model=google/gemma-2b,batch_size=2"));
    }

    @Test
    void pointDirectoriesAreFilesystemSafe() {
        assertThat(RunLayout.pointDirectory(new SweepPoint(Map.of("prompt", "a b:c*?\"<>|")))).isEqualTo("prompt=a_b_c______");
        assertThat(RunLayout.pointDirectory(new SweepPoint(Map.of("path", "../../etc")))).isEqualTo("path=../_/etc");
        assertThat(RunLayout.pointDirectory(new SweepPoint(Map.of("model", "org//m/")))).isEqualTo("model=org/_/m/_");
    }
}
