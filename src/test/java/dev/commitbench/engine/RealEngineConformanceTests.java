package dev.commitbench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.testing.RealEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verifies that the real optimum-benchmark still does what the conformance cases recorded of it (the exit code,
 * the files and their folders' names, the overrides Hydra records, a failure's stderr). With
 * {@code -Dcommitbench.recordConformance=true} it records them instead, into {@code src/test/resources/conformance/}
 * ({@code =<case>}: that case only; the others are checked).
 * Two cases run a benchmark (about 40 s and 70 s on 2 cores), three fail in Hydra's parser (about 6 s each).
 */
@RealEngine.Test
class RealEngineConformanceTests {

    @TempDir
    Path temp;

    static List<ConformanceCases.Case> cases() {
        return ConformanceCases.all();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void theRealEngineDoesWhatTheCaseRecords(ConformanceCases.Case c) throws Exception {
        Path model = temp.resolve(ConformanceCases.MODEL);
        Files.createDirectories(model.getParent());
        Files.createSymbolicLink(model, RealEngine.model().toAbsolutePath());

        ConformanceCases.Observed observed = ConformanceCases.run(List.of(RealEngine.executable().toString()), c, temp,
                Map.of("HF_HUB_OFFLINE", "1"));

        String record = System.getProperty("commitbench.recordConformance", "");
        if (record.equals("true") || record.equals(c.name())) {
            ConformanceCases.record(c, observed, Path.of(System.getProperty("basedir", "."), "src/test/resources/conformance"));
            return;
        }
        assertThat(c.recorded()).as("%s is recorded (run with -Dcommitbench.recordConformance=true)", c).isTrue();
        assertThat(observed).isEqualTo(c.expected());
    }
}
