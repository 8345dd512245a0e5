package dev.commitbench.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.commitbench.session.SampleRepo;
import dev.commitbench.testing.FakeEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.platform.engine.OutputDirectoryCreator;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@code BenchmarkTestKit} is used to run {@code *TestCases} fixtures through the Jupiter engine with
 * parallel execution on, against a sample repository and the fake optimum-benchmark: it sets the
 * configuration parameters a user would put in {@code junit-platform.properties}.
 */
final class BenchmarkTestKit {

    static final String METRIC = "decode.latency.mean";
    static final String STEADY = "FAKE_OB_MEAN=0.02\nFAKE_OB_CV=0.001\nFAKE_OB_SEED=7\n";
    static final String SLOWER = "FAKE_OB_MEAN=0.03\nFAKE_OB_CV=0.001\nFAKE_OB_SEED=7\n";
    /**
     * Very noisy and the same for both commits (seeded, a run counter in each commit's workspace): no number of
     * rounds decides a 5% gate, deterministically.
     */
    static final String NOISY = "FAKE_OB_MEAN=0.02\nFAKE_OB_CV=0.5\nFAKE_OB_SEED=5\nFAKE_OB_COUNTER_FILE=runs.count\n";

    private final Path temp;
    private final Map<String, String> config = new LinkedHashMap<>();

    BenchmarkTestKit(Path temp) {
        this.temp = temp;
        config.put("junit.jupiter.execution.parallel.enabled", "true");
        config.put("junit.jupiter.execution.parallel.mode.default", "concurrent");
        config.put("junit.jupiter.execution.parallel.mode.classes.default", "concurrent");
        config.put("commitbench.repository", temp.resolve("no-repository-yet").toString());
        config.put("commitbench.executable", FakeEngine.executable().toString());
        config.put("commitbench.configDir", "benchmark/config");
        config.put("commitbench.configName", "bench");
        config.put("commitbench.metrics", METRIC);
        config.put("commitbench.rounds", "2");
        config.put("commitbench.outputDir", outputDir().toString());
        config.put("commitbench.workspaceRoot", temp.resolve("workspaces").toString());
    }

    /** Builds the sample repository: {@code main} measures like {@code baseEnv}, HEAD like {@code headEnv}. */
    BenchmarkTestKit repository(String baseEnv, String headEnv) {
        Path repo = SampleRepo.create(temp.resolve("repo"), SampleRepo.fakeEngineFiles(baseEnv),
                SampleRepo.fakeEngineFiles(headEnv));
        return set("commitbench.repository", repo.toString());
    }

    BenchmarkTestKit set(String key, String value) {
        config.put(key, value);
        return this;
    }

    /** Leaves a configuration parameter unset, so that the built-in default applies. */
    BenchmarkTestKit unset(String key) {
        config.remove(key);
        return this;
    }

    /** The configuration parameters set so far, as a user would put them in {@code junit-platform.properties}. */
    Map<String, String> configuration() {
        return Map.copyOf(config);
    }

    Path outputDir() {
        return temp.resolve("out");
    }

    EngineExecutionResults execute(Class<?>... fixtures) {
        Path outputs = temp.resolve("junit-outputs");
        var kit = EngineTestKit.engine("junit-jupiter").configurationParameters(config)
                .outputDirectoryCreator(new OutputDirectoryCreator() {
                    @Override
                    public Path getRootDirectory() {
                        return outputs;
                    }

                    @Override
                    public Path createOutputDirectory(TestDescriptor descriptor) throws IOException {
                        return Files.createDirectories(outputs.resolve(Integer.toHexString(descriptor.getUniqueId().hashCode())));
                    }
                });
        for (Class<?> fixture : fixtures) {
            kit = kit.selectors(selectClass(fixture));
        }
        return kit.execute();
    }
}
