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
 * Verifies that {@link UploadSettings} reads the {@code commitbench.upload.*} configuration parameters and
 * uploads a run folder to a Hub (a real HTTP server on loopback) as they ask.
 */
class UploadSettingsTests {

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

    private Optional<UploadSettings> configured(HubTestServer hub) {
        return UploadSettings.configured(name -> Optional.ofNullable(parameters.get(name)),
                Map.of("HF_ENDPOINT", hub.endpoint(), "HF_TOKEN", TOKEN), temp.resolve("home"));
    }

    @Test
    void noRepoIdMeansNoUpload() {
        try (HubTestServer hub = HubTestServer.start(TOKEN)) {
            parameters.put(UploadSettings.REPO_ID_PROPERTY_NAME, " ");
            assertThat(configured(hub)).isEmpty();
        }
    }

    @Test
    void createsAMissingRepoAndOpensAPullRequestWhenConfigured() {
        try (HubTestServer hub = HubTestServer.start(TOKEN)) {
            parameters.putAll(Map.of(UploadSettings.REPO_ID_PROPERTY_NAME, "bench/fresh",
                    UploadSettings.CREATE_REPO_PROPERTY_NAME, "true", UploadSettings.CREATE_PR_PROPERTY_NAME, "TRUE"));

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
            parameters.putAll(Map.of(UploadSettings.REPO_ID_PROPERTY_NAME, "bench/missing",
                    UploadSettings.PATH_IN_REPO_PROPERTY_NAME, "ci/nightly", UploadSettings.FAIL_ON_ERROR_PROPERTY_NAME, "false"));

            String line = configured(hub).orElseThrow().upload(folder);

            assertThat(line).startsWith("commitbench: WARNING: upload of " + folder + " to [bench/missing] failed: The"
                    + " dataset repo [bench/missing] does not exist").contains("JUnit: commitbench.upload.createRepo=true")
                    .endsWith("(commitbench.upload.failOnError=false: the test run does not fail)");
        }
    }

    @Test
    void aFailedUploadThrowsByDefaultSayingHowToOnlyWarn() {
        try (HubTestServer hub = HubTestServer.start("hf_anotherTokenTheHubKnows").createRepo("bench/results")) {
            parameters.put(UploadSettings.REPO_ID_PROPERTY_NAME, "bench/results");
            UploadSettings upload = configured(hub).orElseThrow();

            assertThatThrownBy(() -> upload.upload(folder)).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("commitbench: ERROR: upload of " + folder + " to [bench/results] failed:"
                            + " The Hugging Face Hub rejected the token from HF_TOKEN (401")
                    .hasMessageEndingWith(" The test run fails; set commitbench.upload.failOnError=false to only warn.")
                    .hasMessageNotContaining(TOKEN);
            assertThat(folder.resolve("report.md")).hasContent("## commitbench");
        }
    }

    @Test
    void uploadSettingsAreCheckedBeforeAnyUploadIsTried() {
        try (HubTestServer hub = HubTestServer.start(TOKEN)) {
            parameters.putAll(Map.of(UploadSettings.REPO_ID_PROPERTY_NAME, "bench/results",
                    UploadSettings.PATH_IN_REPO_PROPERTY_NAME, "../outside"));
            assertThatThrownBy(() -> configured(hub)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Configuration error: path_in_repo must not contain '.' or '..'")
                    .hasMessageEndingWith("Checked before benchmarking because commitbench.upload.repoId asks for an"
                            + " upload: fix the upload settings, or unset commitbench.upload.repoId to keep the results"
                            + " local.");

            parameters.put(UploadSettings.PATH_IN_REPO_PROPERTY_NAME, "ci/nightly");
            assertThatThrownBy(() -> UploadSettings.configured(name -> Optional.ofNullable(parameters.get(name)),
                    Map.of("HF_ENDPOINT", hub.endpoint()), temp.resolve("home")))
                    .hasMessageStartingWith("Configuration error: uploading to the Hugging Face Hub repo [bench/results]"
                            + " needs a token, but none was found.")
                    .hasMessageContaining("Checked before benchmarking");

            parameters.put(UploadSettings.REPO_ID_PROPERTY_NAME, "not a repo");
            assertThatThrownBy(() -> configured(hub)).hasMessageStartingWith(
                    "Configuration error: the Hub repo id must look like 'namespace/name'");
            assertThat(hub.requestLog()).as("nothing reached the Hub").isEmpty();
        }
    }

    @Test
    void aFlagThatIsNeitherTrueNorFalseIsRefusedNamingIt() {
        try (HubTestServer hub = HubTestServer.start(TOKEN)) {
            parameters.putAll(Map.of(UploadSettings.REPO_ID_PROPERTY_NAME, "bench/results",
                    UploadSettings.CREATE_REPO_PROPERTY_NAME, "yes"));

            assertThatThrownBy(() -> configured(hub)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Configuration error: commitbench.upload.createRepo must be true or false but was [yes].");
        }
    }
}
