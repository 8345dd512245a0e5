package dev.commitbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.bisect.BisectResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BisectMarkdownWriterTests {

    @Test
    void shows_the_culprit_a_chart_of_the_tested_commits_and_the_confirmation(@TempDir Path dir) throws Exception {
        BisectResult result = BisectResults.step(33, 20, 0.10, BisectResults.settings(), Set.of(16));

        Path file = new BisectMarkdownWriter().write(dir, result);
        String md = Files.readString(file);

        assertThat(file).isEqualTo(dir.resolve("report.md"));
        assertThat(md).startsWith("## commitbench bisect: ❌ Culprit found\n\n**" + result.summary() + "**\n\n");
        assertThat(md).contains("Metric `decode.latency.mean` (gpt2 · batch_size=1), threshold 5% (a positive change is"
                + " worse). Good `v0@2000000`, bad `v32@2000020`. " + result.engineRuns() + " engine runs on "
                + result.commitsMaterialized() + " commits; an answer is accepted at P ≥ 0.95, within 120 runs.");
        assertThat(md).contains("### decode.latency.mean (gpt2 · batch_size=1)\n\n```text\n");
        String chart = md.substring(md.indexOf("```text\n") + 8, md.indexOf("```\n\n|"));
        assertThat(chart.lines()).hasSize(result.estimates().size());
        assertThat(chart.lines().filter(l -> l.startsWith("v20@2000014")).findFirst().orElseThrow())
                .contains("●").endsWith("◀ culprit");
        assertThat(chart.lines().findFirst().orElseThrow()).startsWith("v0@2000000").endsWith("good");
        assertThat(md).contains("| commit | # | rounds | value | change against good | interval | P(first bad) |");
        assertThat(md).containsPattern("\\| `v20@2000014` ◀ culprit \\| 20 \\| \\d+ \\| 13\\.\\d\\d ms \\| \\+\\d+\\.\\d% \\|");
        assertThat(md).contains("| `v0@2000000` good | 0 | ");
        assertThat(md).contains("### Confirmation\n\n| baseline | candidate | change | 95% interval | verdict | rounds |");
        assertThat(md).contains("| `v19@2000013` | `v20@2000014` | +");
        assertThat(md).contains("Bad against good: +");
        assertThat(md).contains("### Skipped commits\n\nThese commits could not be measured, so the search went around"
                + " them.\n\n| commit | # | last failure |\n| --- | ---: | --- |\n| `v16@2000010` | 16 | exit code 1:"
                + " ModuleNotFoundError: No module named 'torch' |");
        assertThat(md).endsWith("Every engine run, with its samples, is in `bisect.json`.\n");
    }

    @Test
    void not_pinned_down_lists_the_candidates_left() {
        BisectResult result = BisectResults.step(65, 40, 0.10, BisectResults.settings().withMaxRuns(10), Set.of());

        String md = new BisectMarkdownWriter().render(result);

        assertThat(result.kind()).isEqualTo(BisectResult.Kind.NOT_PINNED_DOWN);
        assertThat(md).startsWith("## commitbench bisect: ⚠️ Not pinned down\n");
        assertThat(md).contains("### Candidates left\n\n| commit | # | P(first bad) |\n| --- | ---: | ---: |\n| `"
                + result.candidates().get(0).commit().displayName() + "` | " + result.candidates().get(0).index() + " | ");
    }

    @Test
    void no_regression_shows_bad_against_good() {
        BisectResult result = BisectResults.step(9, 4, 0.0, BisectResults.settings(), Set.of());

        String md = new BisectMarkdownWriter().render(result);

        assertThat(md).startsWith("## commitbench bisect: ✅ No regression\n");
        assertThat(md).contains("| `v0@2000000` | `v8@2000008` | ");
    }
}
