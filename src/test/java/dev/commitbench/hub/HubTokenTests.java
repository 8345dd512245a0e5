package dev.commitbench.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifies that {@link HubToken} finds the token where huggingface_hub does and never shows it. */
class HubTokenTests {

    @TempDir
    Path home;

    private Path tokenFile(Path file, String token) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, token + "\n");
    }

    private static String value(Map<String, String> env, String explicit, Path home) {
        return HubToken.resolve(explicit, env, home).map(HubToken::value).orElse(null);
    }

    @Test
    void takes_the_argument_then_hf_token_then_the_legacy_variable_then_the_default_file() throws IOException {
        tokenFile(home.resolve(".cache/huggingface/token"), "hf_fromFile");
        Map<String, String> env = Map.of("HF_TOKEN", "hf_fromEnv", "HUGGING_FACE_HUB_TOKEN", "hf_legacy");

        assertThat(value(env, " hf_fromArgument ", home)).isEqualTo("hf_fromArgument");
        assertThat(value(env, null, home)).isEqualTo("hf_fromEnv");
        assertThat(value(Map.of("HF_TOKEN", "  ", "HUGGING_FACE_HUB_TOKEN", "hf_legacy"), "", home)).isEqualTo("hf_legacy");
        assertThat(value(Map.of("HF_TOKEN", ""), null, home)).isEqualTo("hf_fromFile");
        assertThat(HubToken.resolve(null, Map.of(), home)).get().extracting(HubToken::source)
                .isEqualTo(home.resolve(".cache/huggingface/token").toString());
    }

    @Test
    void reads_the_file_named_by_hf_token_path_then_hf_home_then_xdg_cache_home() throws IOException {
        Path explicitFile = tokenFile(home.resolve("secrets/hf"), "hf_tokenPath");
        tokenFile(home.resolve("hfhome/token"), "hf_hfHome");
        tokenFile(home.resolve("xdg/huggingface/token"), "hf_xdg");
        tokenFile(home.resolve(".cache/huggingface/token"), "hf_default");

        assertThat(value(Map.of("HF_TOKEN_PATH", explicitFile.toString(), "HF_HOME", home.resolve("hfhome").toString()),
                null, home)).isEqualTo("hf_tokenPath");
        assertThat(value(Map.of("HF_HOME", "~/hfhome", "XDG_CACHE_HOME", home.resolve("xdg").toString()), null, home))
                .isEqualTo("hf_hfHome");
        assertThat(value(Map.of("XDG_CACHE_HOME", home.resolve("xdg").toString()), null, home)).isEqualTo("hf_xdg");
        assertThat(value(Map.of("HF_TOKEN_PATH", home.resolve("absent").toString()), null, home)).isNull();
    }

    @Test
    void names_a_token_file_it_cannot_read_and_says_what_to_do() throws IOException {
        // not UTF-8: unreadable whoever runs the test (a chmod 000 file is still readable for root)
        Path file = Files.createDirectories(home.resolve("hf")).resolve("token");
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 'h', 'f'});

        assertThatThrownBy(() -> HubToken.resolve(null, Map.of("HF_TOKEN_PATH", file.toString()), home))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("Cannot read the Hugging Face token file [" + file + "]; fix its permissions or set HF_TOKEN"
                        + " instead.");
    }

    @Test
    void finds_no_token_when_nothing_is_configured_or_the_file_is_blank() throws IOException {
        assertThat(HubToken.resolve(null, Map.of(), home)).isEmpty();

        tokenFile(home.resolve(".cache/huggingface/token"), "   ");

        assertThat(HubToken.resolve(null, Map.of(), home)).isEmpty();
    }

    @Test
    void masks_the_token_in_to_string_and_in_the_request() {
        HubToken token = HubToken.of("hf_verySecretValue");
        UploadRequest request = UploadRequest.builder("tester/bench", home).token(token).build();

        assertThat(token).hasToString("HubToken[****, from argument]");
        assertThat(request.toString()).doesNotContain("hf_verySecretValue").contains("token=HubToken[****, from argument]");
        assertThatThrownBy(() -> HubToken.of(" ")).hasMessage("Configuration error: the Hugging Face token must not be"
                + " blank; pass a token from https://huggingface.co/settings/tokens or set HF_TOKEN.");
    }

    @Test
    void takes_the_endpoint_from_hf_endpoint_without_trailing_slash() {
        assertThat(UploadRequest.endpointFrom(Map.of())).isEqualTo(URI.create("https://huggingface.co"));
        assertThat(UploadRequest.endpointFrom(Map.of("HF_ENDPOINT", "http://127.0.0.1:8765/")))
                .isEqualTo(URI.create("http://127.0.0.1:8765"));
        assertThatThrownBy(() -> UploadRequest.endpointFrom(Map.of("HF_ENDPOINT", "hf-mirror.com")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Configuration error: HF_ENDPOINT must be an http(s) URL such as https://huggingface.co"
                        + " but was [hf-mirror.com].");
    }

    @Test
    void builds_a_request_from_the_environment() throws IOException {
        tokenFile(home.resolve(".cache/huggingface/token"), "hf_fromFile");

        UploadRequest request = UploadRequest.builder("tester/bench", home)
                .fromEnvironment(null, Map.of("HF_ENDPOINT", "https://hub-ci.huggingface.co"), home).build();

        assertThat(request.token().value()).isEqualTo("hf_fromFile");
        assertThat(request.endpoint()).isEqualTo(URI.create("https://hub-ci.huggingface.co"));
        assertThat(request.repoType()).isEqualTo("dataset");
        assertThat(request.revision()).isEqualTo("main");
    }
}
