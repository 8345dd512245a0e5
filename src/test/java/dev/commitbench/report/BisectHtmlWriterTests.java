package dev.commitbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.Commit;
import dev.commitbench.bisect.BisectResult;
import dev.commitbench.bisect.BisectSearch;
import dev.commitbench.bisect.RoundOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BisectHtmlWriterTests {

    @Test
    void draws_every_tested_commit_with_its_interval_and_marks_the_culprit(@TempDir Path dir) throws Exception {
        BisectResult result = BisectResults.step(33, 20, 0.10, BisectResults.settings(), Set.of(16));

        Path file = new BisectHtmlWriter().write(dir, result);
        String html = Files.readString(file);

        assertThat(file).isEqualTo(dir.resolve("report.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n").doesNotContain("<script");
        assertThat(html).contains("<title>commitbench bisect: Culprit found</title>");
        assertThat(html).contains("<span class=\"headline regressed\">Culprit found</span>");
        assertThat(html).contains("<svg class=\"chart\"").contains("</svg>");
        String svg = html.substring(html.indexOf("<svg"), html.indexOf("</svg>"));
        assertThat(Pattern.compile("<circle ").matcher(svg).results().count()).isEqualTo(result.estimates().size());
        assertThat(svg).contains(">culprit</text>");
        assertThat(svg).contains(">good</text>").contains(">good + 5%</text>");
        assertThat(svg).contains("<title>v16@2000010: skipped, could not be measured</title>");
        assertThat(svg).containsPattern("<title>v20@2000014: 13\\.\\d\\d ms \\(\\d+ rounds?, \\+\\d+\\.\\d% against good\\)"
                + "</title>");
        assertThat(html).contains("<td class=\"regressed-text\">◀ culprit</td>");
        assertThat(html).contains("<h2>Comparisons</h2>").contains("<h2>Skipped commits</h2>");
        assertThat(html).contains("No module named &#39;torch&#39;");
    }

    @Test
    void escapes_what_it_shows() {
        List<Commit> path = new ArrayList<>(BisectResults.path(3));
        path.set(2, new Commit(path.get(2).sha(), "<b>&bad"));
        BisectResult result = BisectSearch.over(path, BisectResults.settings()).run(batch -> batch.stream()
                .map(t -> RoundOutcome.measured(0.01 * (t.index() == 2 ? 1.2 : 1) * (1 + t.sequence() % 3 * 0.001),
                        List.of(0.01 * (t.index() == 2 ? 1.2 : 1) * (1 + t.sequence() % 3 * 0.001))))
                .toList());

        String html = new BisectHtmlWriter().render(result);

        assertThat(html).doesNotContain("<b>&bad").contains("&lt;b&gt;&amp;bad");
    }
}
