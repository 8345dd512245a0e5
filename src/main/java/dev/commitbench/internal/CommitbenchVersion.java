package dev.commitbench.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;
import org.apiguardian.api.API;

/**
 * The version of commitbench that is running, as the build recorded it in
 * {@code commitbench-version.properties} (Maven resource filtering), so it is known from the jar and from
 * the compiled classes alike.
 *
 * <p>Do not use: this class is internal to commitbench and may change at any time.
 */
@API(status = INTERNAL, since = "0.1")
public final class CommitbenchVersion {

    static final String RESOURCE = "commitbench-version.properties";

    private static final Optional<String> CURRENT = read(CommitbenchVersion.class.getResourceAsStream(RESOURCE));

    private CommitbenchVersion() {
    }

    /**
     * {@return the version, e.g. {@code 0.1.0}; empty when the classes were built without the build's resource
     * filtering (an IDE build that copied the file as it is)}
     */
    public static Optional<String> current() {
        return CURRENT;
    }

    /**
     * Reads the version from the properties file's text.
     *
     * @param in the file, or {@code null} when it is missing; closed here
     * @return the version, or empty when the file is missing, has none, or was not filtered
     */
    static Optional<String> read(InputStream in) {
        if (in == null) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (in) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read commitbench's " + RESOURCE, e);
        }
        String version = properties.getProperty("version", "").strip();
        return version.isEmpty() || version.contains("${") ? Optional.empty() : Optional.of(version);
    }
}
