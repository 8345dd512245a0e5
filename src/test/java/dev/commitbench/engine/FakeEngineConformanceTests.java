package dev.commitbench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.testing.FakeEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verifies that the fake optimum-benchmark does with each conformance case's command line what the real one did
 * (recorded by {@link RealEngineConformanceTests}): the same exit code, files, folder names, recorded overrides and,
 * for a parse error, the same stderr.
 */
class FakeEngineConformanceTests {

    @TempDir
    Path temp;

    static List<ConformanceCases.Case> cases() {
        return ConformanceCases.all();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void theFakeDoesWhatTheRealEngineDid(ConformanceCases.Case c) throws Exception {
        Files.createDirectories(temp.resolve(ConformanceCases.MODEL));

        ConformanceCases.Observed observed = ConformanceCases.run(FakeEngine.command(), c, temp,
                Map.of());

        assertThat(c.recorded()).as("%s is recorded", c).isTrue();
        assertThat(observed).isEqualTo(c.expected());
    }
}
