package dev.commitbench.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Verifies that what the README's quick start shows is what the build exercises: the Surefire reporter
 * configuration that puts the point and the commits into the XML reports' names is the one
 * {@code example-tests/pom.xml} runs with (and {@code example-tests/verify.groovy} checks the names it gives).
 */
class ReadmeTests {

    private static final Pattern REPORTER = Pattern.compile("(?s)<statelessTestsetReporter .*?</statelessTestsetReporter>");

    @Test
    void theQuickStartShowsTheSurefireConfigurationTheExamplesUse() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String quickStart = readme.substring(readme.indexOf("## Quick start: a test class"),
                readme.indexOf("## Quick start: the command line"));

        assertThat(normalized(reporter(quickStart))).isEqualTo(normalized(reporter(Files.readString(
                Path.of("example-tests/pom.xml")))));
    }

    private static String reporter(String text) {
        Matcher m = REPORTER.matcher(text);
        assertThat(m.find()).as("a <statelessTestsetReporter> block").isTrue();
        return m.group();
    }

    private static String normalized(String xml) {
        return xml.replaceAll("\\s+", " ").replace("> <", "><");
    }
}
