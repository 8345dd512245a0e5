package dev.commitbench.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.Commit;
import java.nio.file.Path;
import dev.commitbench.session.OutputSettings.PointDirectories;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Verifies that runs go where benchmark.py puts them, with rounds and points beside. */
class RunLayoutTests {

    private static final Commit COMMIT = new Commit("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", "main");
    private static final Path RUN = Path.of("/out/run-1");

    @Test
    void firstRoundOfASinglePointGoesWhereBenchmarkPyPutsIt() {
        var layout = new RunLayout(RUN, PointDirectories.PER_POINT, false, List.of());
        assertThat(layout.runDirectory(COMMIT, SweepPoint.empty(), 1)).isEqualTo(RUN.resolve("commit=" + COMMIT.sha()));
        assertThat(layout.runDirectory(COMMIT, SweepPoint.empty(), 3))
                .isEqualTo(RUN.resolve("round-3").resolve("commit=" + COMMIT.sha()));
    }

    @Test
    void severalPointsGetTheirOverrideDirname() {
        var layout = new RunLayout(RUN, PointDirectories.PER_POINT, true, List.of());
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
    void sharedPointsAllRunInTheCommitDirectoryAsInABenchmarkPyMultirun() {
        var layout = new RunLayout(RUN, PointDirectories.SHARED, true, List.of("batch_size=1,2", "--multirun"));
        var a = new SweepPoint(Map.of("backend.model", "a"));
        var b = new SweepPoint(Map.of("backend.model", "b"));
        assertThat(layout.runDirectory(COMMIT, a, 1)).isEqualTo(RUN.resolve("commit=" + COMMIT.sha()))
                .isEqualTo(layout.runDirectory(COMMIT, b, 1));
        assertThat(layout.runDirectory(COMMIT, b, 2)).isEqualTo(RUN.resolve("round-2/commit=" + COMMIT.sha()));
    }

    @Test
    void runModeNestsInHydrasOverrideDirnameOfEveryTaskOverrideAsBenchmarkPyDoes() {
        var layout = new RunLayout(RUN, PointDirectories.OVERRIDE_DIRNAME, false,
                List.of("scenario.input_shapes.batch_size=2", "hydra.sweep.dir=elsewhere", "hydra/launcher=basic",
                        "+backend.no_weights=true", "backend.device=cpu"));
        var point = new SweepPoint(Map.of("backend.model", "org/m"));
        // Hydra sorts the overrides as written: '+' sorts before letters
        assertThat(layout.runDirectory(COMMIT, point, 1)).isEqualTo(RUN.resolve("commit=" + COMMIT.sha())
                .resolve("+backend.no_weights=true,backend.device=cpu,backend.model=org/m,"
                        + "scenario.input_shapes.batch_size=2"));
        var none = new RunLayout(RUN, PointDirectories.OVERRIDE_DIRNAME, false, List.of("hydra.job.name=x"));
        assertThat(none.runDirectory(COMMIT, SweepPoint.empty(), 1)).isEqualTo(RUN.resolve("commit=" + COMMIT.sha()));
    }

    @Test
    void pointDirectoriesAreFilesystemSafe() {
        assertThat(RunLayout.pointDirectory(new SweepPoint(Map.of("prompt", "a b:c*?\"<>|")))).isEqualTo("prompt=a_b_c______");
        assertThat(RunLayout.pointDirectory(new SweepPoint(Map.of("path", "../../etc")))).isEqualTo("path=../_/etc");
        assertThat(RunLayout.pointDirectory(new SweepPoint(Map.of("model", "org//m/")))).isEqualTo("model=org/_/m/_");
    }
}
