package dev.commitbench.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Verifies that {@link UploadRequest} rejects every bad setting before anything is sent, naming it. */
class UploadRequestTests {

    @TempDir
    Path folder;

    private UploadRequest.Builder request(String repoId) {
        return UploadRequest.builder(repoId, folder).token(HubToken.of("hf_x"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\"|it is empty",
        "a/b/c|it has more than one '/'",
        "/bench|a part is empty",
        "tester/-bench|'-bench' has a character other than letters, digits, '-', '_', '.' or starts or ends with '-' or '.'",
        "tester/my bench|'my bench' has a character other than",
        "tester/be--nch|it contains '--' or '..'",
        "tester/bench.git|it ends with '.git'",
    })
    void rejects_a_malformed_repo_id(String repoId, String problem) {
        assertThatThrownBy(() -> request(repoId).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Configuration error: the Hub repo id must look like 'namespace/name' (letters,"
                        + " digits, '-', '_', '.') but was [" + repoId + "]: " + problem)
                .hasMessageEndingWith("Use the id shown on the repository's Hub page, e.g. 'my-org/benchmarks'.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tester/bench", "bench", "Org_1/bench.v2-x"})
    void accepts_well_formed_repo_ids(String repoId) {
        assertThat(request(repoId).build().repoId()).isEqualTo(repoId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside", "runs/../../x", "runs/./x", ".."})
    void rejects_dot_segments_in_path_in_repo(String pathInRepo) {
        assertThatThrownBy(() -> request("tester/bench").pathInRepo(pathInRepo).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Configuration error: path_in_repo must not contain '.' or '..' segments but was ["
                        + pathInRepo + "]. Give a plain folder path inside the repo (e.g. 'runs/2026-01-01').");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/runs/x", "C:\\runs"})
    void rejects_an_absolute_path_in_repo(String pathInRepo) {
        assertThatThrownBy(() -> request("tester/bench").pathInRepo(pathInRepo).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Configuration error: path_in_repo must be relative to the repo root but was the absolute"
                        + " path [" + pathInRepo + "]. Drop the leading '/' (e.g. 'runs/2026-01-01').");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"runs//2026\\x/|runs/2026/x", ".|''", "''|''", "runs|runs"})
    void normalizes_path_in_repo(String given, String expected) {
        assertThat(request("tester/bench").pathInRepo(given).build().pathInRepo()).isEqualTo(expected);
    }

    @Test
    void refuses_an_upload_without_a_token() {
        assertThatThrownBy(() -> UploadRequest.builder("tester/bench", folder)
                .fromEnvironment(null, Map.of(), folder).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Configuration error: uploading to the Hugging Face Hub repo [tester/bench] needs a token,"
                        + " but none was found. Pass one (token / --token), set HF_TOKEN, or run 'hf auth login' (it"
                        + " writes ~/.cache/huggingface/token); create a token with write access at"
                        + " https://huggingface.co/settings/tokens.");
    }

    @Test
    void rejects_a_bad_repo_type_revision_message_and_endpoint() {
        assertThatThrownBy(() -> request("tester/bench").repoType("datasets").build())
                .hasMessage("Configuration error: the Hub repo type must be one of [dataset, model, space] but was [datasets].");
        assertThatThrownBy(() -> request("tester/bench").revision(" ").build())
                .hasMessage("Configuration error: the Hub revision must name a branch (e.g. 'main') but was [ ].");
        assertThatThrownBy(() -> request("tester/bench").commitMessage("").build())
                .hasMessageStartingWith("Configuration error: the commit message must not be blank");
        assertThatThrownBy(() -> request("tester/bench").endpoint("ftp://hub"))
                .hasMessage("Configuration error: the Hub endpoint must be an http(s) URL such as https://huggingface.co"
                        + " but was [ftp://hub].");
    }

    @Test
    void encodes_revisions_like_python_quote_and_hashes_like_git() {
        assertThat(HubUploader.encodeSegment("refs/pr/1")).isEqualTo("refs%2Fpr%2F1");
        assertThat(HubUploader.encodeSegment("a b+~é")).isEqualTo("a%20b%2B~%C3%A9");
        assertThat(LocalFile.gitSha1("Hello, World!".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo("b45ef6fec89518d314f546fd6c3025367b721684");
    }
}
