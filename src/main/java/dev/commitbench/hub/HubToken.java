package dev.commitbench.hub;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * {@code HubToken} is used to hold a Hugging Face access token without ever showing it: its
 * {@link #toString()} is masked, and only this package reads the value, to put it into an
 * {@code Authorization} header. Resolve one with {@link #resolve(String, Map, Path)}.
 *
 * <p>Instances are immutable and thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class HubToken {

    private final String value;
    private final String source;

    private HubToken(String value, String source) {
        this.value = value;
        this.source = source;
    }

    /**
     * Wraps a token given directly (for example a command-line argument).
     *
     * @param token the token
     * @throws IllegalArgumentException when the token is blank
     * @return the wrapped token, whose {@code source()} is {@code argument}
     */
    public static HubToken of(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("Configuration error: the Hugging Face token must not be blank;"
                    + " pass a token from https://huggingface.co/settings/tokens or set HF_TOKEN.");
        }
        return new HubToken(token.strip(), "argument");
    }

    /**
     * Resolves the token like huggingface_hub does: the explicit argument, then {@code HF_TOKEN}, then the
     * legacy {@code HUGGING_FACE_HUB_TOKEN}, then the token file: {@code $HF_TOKEN_PATH}, otherwise
     * {@code $HF_HOME/token}, otherwise {@code $XDG_CACHE_HOME/huggingface/token}, otherwise
     * {@code <home>/.cache/huggingface/token}. Blank values count as absent.
     *
     * @param explicit the token given as an argument, or {@code null}
     * @param env      the environment ({@code System.getenv()})
     * @param home     the user's home directory
     * @return the token, or empty when none is configured
     * @throws UncheckedIOException when the token file exists but cannot be read (the message names it)
     */
    public static Optional<HubToken> resolve(String explicit, Map<String, String> env, Path home) {
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(new HubToken(explicit.strip(), "argument"));
        }
        for (String variable : new String[] {"HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"}) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                return Optional.of(new HubToken(value.strip(), variable));
            }
        }
        Path file = tokenFile(env, home);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            return value.isEmpty() ? Optional.empty() : Optional.of(new HubToken(value, file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Hugging Face token file [" + file
                    + "]; fix its permissions or set HF_TOKEN instead.", e);
        }
    }

    /** The token file huggingface_hub would read for this environment (it need not exist). */
    static Path tokenFile(Map<String, String> env, Path home) {
        String tokenPath = env.get("HF_TOKEN_PATH");
        if (tokenPath != null && !tokenPath.isBlank()) {
            return expandHome(tokenPath, home);
        }
        String hfHome = env.get("HF_HOME");
        if (hfHome != null && !hfHome.isBlank()) {
            return expandHome(hfHome, home).resolve("token");
        }
        String xdgCache = env.get("XDG_CACHE_HOME");
        if (xdgCache != null && !xdgCache.isBlank()) {
            return expandHome(xdgCache, home).resolve("huggingface").resolve("token");
        }
        return home.resolve(".cache").resolve("huggingface").resolve("token");
    }

    private static Path expandHome(String path, Path home) {
        if (path.equals("~")) {
            return home;
        }
        return path.startsWith("~/") ? home.resolve(path.substring(2)) : Path.of(path);
    }

    /** {@return where the token came from: {@code argument}, the variable's name, or the token file's path} */
    public String source() {
        return source;
    }

    /** The secret itself; only for the {@code Authorization} header. */
    String value() {
        return value;
    }

    /** Masked: never shows the token. */
    @Override
    public String toString() {
        return "HubToken[****, from " + source + "]";
    }
}
