package dev.commitbench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commitbench.hub.HubTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies that {@link RunUpload} reads the {@code commitbench.upload.*} configuration parameters and
 * uploads a run folder to a Hub (a real HTTP server on loopback) as they ask.
 */
class RunUploadTests {

    private static final String TOKEN = "hf_runUploadSecret" + Long.toHexString(System.nanoTime());

    @TempDir
    Path temp;

    private Path folder;
    private final Map<String, String> parameters = new HashMap<>();

    @BeforeEach
    void runFolder() throws IOException {
        folder = Files.createDirectories(temp.resolve("run-20260101-000000-abcdef"));
        Files.writeString(folder.resolve("report.md"), "## commitbench\n");
        Files.writeString(folder.resolve("summaries.json"), "[]\n");
    }

    private Optional<RunUpload> configured(HubTestServer hub) {
        return RunUpload.configured(name -> Optional.ofNullable(parameters.get(name)),
                Map.of("HF_ENDPOINT", hub.endpoint(), "HF_TOKEN", TOKEN), temp.resolve("home"));
    }

    @Test
    void noRepoIdMeansNoUpload() {
        try (HubTestServer hub = HubTestServer.start(TOKEN)) {
            parameters.put(RunUpload.REPO_ID_PROPERTY_NAME, " ");
            assertThat(configured(hub)).isEmpty();
        }
    }

    @Test
    void createsAMissingRepoAndOpensAPullRequestWhenConfigured() {
        try (HubTestServer hub = HubTestServer.start(TOKEN)) {
            parameters.putAll(Map.of(RunUpload.REPO_ID_PROPERTY_NAME, "bench/fresh",
                    RunUpload.CREATE_REPO_PROPERTY_NAME, "true", RunUpload.CREATE_PR_PROPERTY_NAME, "TRUE"));

            String line = configured(hub).orElseThrow().upload(folder);

            assertThat(line).isEqualTo("commitbench: uploaded " + folder + " to [bench/fresh]: " + hub.endpoint()
                    + "/datasets/bench/fresh/discussions/1");
            assertThat(hub.files("bench/fresh", "main")).as("the pull request leaves main alone").isEmpty();
            assertThat(hub.files("bench/fresh", "refs/pr/1")).containsOnlyKeys(
                    "run-20260101-000000-abcdef/report.md", "run-20260101-000000-abcdef/summaries.json");
        }
    }

    @Test
    void aMissingRepoWithoutRepoCreationNamesTheParameterThatCreatesIt() {
        try (HubTestServer hub = HubTestServer.start(TOKEN)) {
            parameters.putAll(Map.of(RunUpload.REPO_ID_PROPERTY_NAME, "bench/missing",
                    RunUpload.PATH_IN_REPO_PROPERTY_NAME, "ci/nightly"));

            String line = configured(hub).orElseThrow().upload(folder);

            assertThat(line).startsWith("commitbench: upload of " + folder + " to [bench/missing] failed: The dataset"
                    + " repo [bench/missing] does not exist").contains("JUnit: commitbench.upload.createRepo=true");
        }
    }

    @Test
    void aFlagThatIsNeitherTrueNorFalseIsRefusedNamingIt() {
        try (HubTestServer hub = HubTestServer.start(TOKEN)) {
            parameters.putAll(Map.of(RunUpload.REPO_ID_PROPERTY_NAME, "bench/results",
                    RunUpload.CREATE_REPO_PROPERTY_NAME, "yes"));

            assertThatThrownBy(() -> configured(hub)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Configuration error: commitbench.upload.createRepo must be true or false but was [yes].");
        }
    }
}
