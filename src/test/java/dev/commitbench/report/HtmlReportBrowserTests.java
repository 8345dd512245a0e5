package dev.commitbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies that {@code report.html} renders in a real headless Chromium: the charts survive the
 * browser's parser and the page paints them. Needs {@code /usr/bin/chromium} (Debian's
 * {@code chromium} package); skipped with the reason where it is absent. The screenshot is kept as
 * {@code target/report-screenshots/report.png} for a human to look at.
 */
class HtmlReportBrowserTests {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final long TIMEOUT_SECONDS = 90;

    @TempDir
    static Path tmp;

    private static Path page;

    @BeforeAll
    static void writePage() {
        assumeTrue(Files.isExecutable(CHROMIUM),
                "Chromium is not installed at " + CHROMIUM + " (apt-get install chromium); the browser check is skipped");
        page = new HtmlReportWriter().write(tmp.resolve("run"), MarkdownReportWriterTestData.report());
    }

    @Test
    void renders_without_console_errors_and_keeps_every_chart_and_its_marks() throws Exception {
        Path dom = tmp.resolve("dom.html");

        int exit = chromium(dom, "--dump-dom", page.toUri().toString());

        String parsed = Files.readString(dom, StandardCharsets.UTF_8);
        assertThat(exit).as("chromium exit code; its output: %s", parsed).isZero();
        assertThat(HtmlReportWriterTests.charts(parsed)).hasSize(4);
        assertThat(count(parsed, "<circle")).isEqualTo(count(Files.readString(page), "<circle"));
        assertThat(Files.readAllLines(tmp.resolve("dom.html.stderr"))).as("the page's console messages")
                .noneMatch(line -> line.contains(":CONSOLE"));
        assertThat(parsed).contains("<title>commitbench: Regression found</title>")
                .contains("org/&lt;b&gt;bold&lt;/b&gt;").doesNotContain("<b>bold</b>");
    }

    @Test
    void paints_a_full_page_screenshot_with_the_verdict_colours() throws Exception {
        Path screenshots = Files.createDirectories(targetDirectory().resolve("report-screenshots"));
        Path png = screenshots.resolve("report.png");
        Files.deleteIfExists(png);

        int exit = chromium(tmp.resolve("screenshot.log"), "--screenshot=" + png, "--window-size=1200,1600",
                "--hide-scrollbars", page.toUri().toString());

        assertThat(exit).as("chromium exit code; see %s", tmp.resolve("screenshot.log")).isZero();
        Files.copy(page, screenshots.resolve("report.html"), StandardCopyOption.REPLACE_EXISTING);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(1600);
        assertThat(Files.size(png)).as("a page with charts, not a blank one").isGreaterThan(50_000);
        // the regressed badge, the regressed interval and the improved interval are painted
        assertThat(pixels(image, 0xc62828)).isGreaterThan(500);
        assertThat(pixels(image, 0x2e7d32)).isGreaterThan(500);
    }

    /**
     * Runs Chromium headless with a fresh profile, its output into {@code output} and its log (with the
     * page's console messages) into {@code output.stderr}; ends it and its children.
     */
    private static int chromium(Path output, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--enable-logging=stderr", "--log-level=0",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "profile")));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(tmp.resolve(output.getFileName() + ".stderr").toFile()).start();
        try {
            assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                    .as("chromium finished within %d s: %s", TIMEOUT_SECONDS, command).isTrue();
            return process.exitValue();
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Path targetDirectory() {
        String testClasses = System.getProperty("commitbench.testClasses");
        return testClasses == null ? Path.of("target") : Path.of(testClasses).getParent();
    }

    private static long pixels(BufferedImage image, int rgb) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
