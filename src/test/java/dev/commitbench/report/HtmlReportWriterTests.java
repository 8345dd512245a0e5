package dev.commitbench.report;

import static dev.commitbench.report.MarkdownReportWriterTestData.HEAD;
import static dev.commitbench.report.MarkdownReportWriterTestData.MAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commitbench.CombinedReport;
import dev.commitbench.Measurement;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Verifies that {@code report.html} is one self-contained, escaped page with one SVG chart per metric. */
class HtmlReportWriterTests {

    private static final Pattern SVG = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL);

    private final HtmlReportWriter writer = new HtmlReportWriter();
    private final String html = writer.render(MarkdownReportWriterTestData.report());

    @Test
    void draws_one_well_formed_svg_chart_per_point_and_metric() throws Exception {
        List<Document> charts = charts(html);

        // gpt2: latency, throughput, memory; the second point: prefill latency
        assertThat(charts).hasSize(4);
        assertThat(charts).extracting(d -> d.getElementsByTagName("title").item(0).getTextContent()).containsExactly(
                "gpt2 · benchmark.input_shapes.batch_size=1 · decode.latency.mean",
                "gpt2 · benchmark.input_shapes.batch_size=1 · decode.throughput.value",
                "gpt2 · benchmark.input_shapes.batch_size=1 · load_model.memory.max_ram",
                MarkdownReportWriterTestData.NASTY_MODEL + " · " + MarkdownReportWriterTestData.NASTY_CONFIG
                        + " · prefill.latency.mean");
    }

    @Test
    void draws_every_round_value_and_every_sample_of_each_commit() throws Exception {
        Element latency = charts(html).get(0).getDocumentElement();
        List<Element> circles = elements(latency, "circle");

        // round values carry a title; 5 + 5 + 4 rounds, 8 samples each, plus one change dot per candidate
        long rounds = circles.stream().filter(c -> c.getElementsByTagName("title").getLength() == 1).count();
        long samples = circles.stream().filter(c -> c.getAttribute("r").equals("1.8")).count();
        assertThat(rounds).isEqualTo(14);
        assertThat(samples).isEqualTo(14 * 8);
        assertThat(circles).hasSize(14 + 14 * 8 + 2);
        assertThat(latency.getTextContent()).contains("round 1: ", " ms", "main@1a2b3c4", "baseline",
                "+12.6%", "regressed", "+2.0%", "inconclusive", "band ±5%");
    }

    @Test
    void draws_the_threshold_band_and_each_interval_on_the_change_axis() throws Exception {
        Element latency = charts(html).get(0).getDocumentElement();
        Element band = elements(latency, "rect").stream().filter(r -> r.getAttribute("fill").equals("#2e7d32"))
                .findFirst().orElseThrow();
        double left = Double.parseDouble(band.getAttribute("x"));
        double right = left + Double.parseDouble(band.getAttribute("width"));
        List<Element> dashed = elements(latency, "line").stream().filter(l -> l.hasAttribute("stroke-dasharray")).toList();
        List<Element> intervals = elements(latency, "line").stream()
                .filter(l -> l.getAttribute("stroke-width").equals("3.5")).toList();

        assertThat(dashed).extracting(l -> Double.parseDouble(l.getAttribute("x1")))
                .containsExactly(left, right);
        // HEAD regressed: its whole interval [+8.1%, +16.5%] lies right of the band
        Element regressed = intervals.stream().filter(l -> l.getAttribute("style").contains("--regressed")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(regressed.getAttribute("x1"))).isGreaterThan(right);
        // feature is inconclusive: its interval [-2.9%, +11.9%] crosses the band's right edge
        Element inconclusive = intervals.stream().filter(l -> l.getAttribute("style").contains("--inconclusive")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(inconclusive.getAttribute("x1"))).isBetween(left, right);
        assertThat(Double.parseDouble(inconclusive.getAttribute("x2"))).isGreaterThan(right);
    }

    @Test
    void is_self_contained_without_network_references_or_script() {
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>")
                .doesNotContainIgnoringCase("http")
                .doesNotContainIgnoringCase("<script")
                .doesNotContainIgnoringCase("<link")
                .doesNotContainIgnoringCase("<img")
                .doesNotContain("url(")
                .doesNotContain("@import");
    }

    @Test
    void escapes_model_config_and_messages_everywhere() {
        assertThat(html).doesNotContain("<b>bold</b>").doesNotContain("<oom>").doesNotContain("a=<1>")
                .contains("org/&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; &#39;model&#39;")
                .contains("a=&lt;1&gt;&amp;b=&quot;2&quot;|c=`3`")
                .contains("optimum-benchmark exited with code 1 &lt;oom&gt; &amp; more")
                .contains(MarkdownReportWriterTestData.FAILED_RUN_DIR);
    }

    @Test
    void shows_the_same_summary_as_the_markdown_report() {
        assertThat(html).contains("<title>commitbench: Regression found</title>")
                .contains("1 regressed, 1 improved, 2 unchanged, 1 inconclusive of 5 comparisons (gate: 3 pass, 1 fail, 1"
                        + " undecided); 1 failed run")
                .contains("<span class=\"pill regressed\">1 regressed</span>")
                .contains("<span class=\"pill failed\">1 failed run</span>")
                .contains("<td class=\"num\">12.35 ms</td><td class=\"num\">13.90 ms</td>"
                        + "<td class=\"num regressed-text\"><b>+12.6%</b></td><td class=\"num\">[+8.1%, +16.5%] (95%)</td>"
                        + "<td><span class=\"badge regressed\">regressed</span></td>"
                        + "<td><span class=\"badge regressed\">gate: fail</span></td>")
                .contains("<span class=\"badge inconclusive\">gate: undecided</span>")
                .contains("the threshold 5% is below the smallest change these rounds can resolve (7.4%)")
                .contains("load_model.memory.max_ram</b></code><span class=\"result\">not compared</span>");
    }

    @Test
    void draws_a_chart_for_a_metric_measured_by_the_baseline_only() throws Exception {
        var report = CombinedReport.builder().commits(List.of(MAIN, HEAD))
                .put("m", "", MAIN.sha(), new Measurement("load_model.memory.max_ram", "MB", List.of(812.0), List.of(List.of(812.0))))
                .build();

        List<Document> charts = charts(writer.render(report));

        assertThat(charts).hasSize(1);
        assertThat(elements(charts.get(0).getDocumentElement(), "circle")).hasSize(1);
        assertThat(charts.get(0).getDocumentElement().getTextContent()).contains("main@1a2b3c4", "baseline");
        assertThat(charts.get(0).getElementsByTagName("title").item(0).getTextContent()).isEqualTo("m · load_model.memory.max_ram");
    }

    @Test
    void keeps_each_commit_in_its_colour_and_labels_only_the_baseline_as_baseline() throws Exception {
        var report = CombinedReport.builder().commits(List.of(MAIN, HEAD))
                .put("m", "", HEAD.sha(), new Measurement("x.latency.mean", "s", List.of(1.0), List.of(List.of(1.0))))
                .build();

        Element chart = charts(writer.render(report)).get(0).getDocumentElement();

        assertThat(chart.getTextContent()).contains("HEAD@5d6e7f8").doesNotContain("baseline");
        assertThat(elements(chart, "circle")).extracting(c -> c.getAttribute("fill")).containsExactly("#f58518");
    }

    @Test
    void thins_out_thousands_of_samples_to_keep_the_page_light() throws Exception {
        List<Double> samples = IntStream.range(0, 1000).mapToObj(i -> 1.0 + i / 1000.0).toList();
        var report = CombinedReport.builder().commits(List.of(MAIN))
                .put("m", "", MAIN.sha(), new Measurement("x.latency.mean", "s", List.of(1.5), List.of(samples)))
                .build();

        long dots = elements(charts(writer.render(report)).get(0).getDocumentElement(), "circle").stream()
                .filter(c -> c.getAttribute("r").equals("1.8")).count();

        assertThat(dots).isEqualTo(334);
    }

    @Test
    void writes_report_html_into_the_run_folder(@TempDir Path tmp) throws Exception {
        Path file = writer.write(tmp.resolve("run"), MarkdownReportWriterTestData.report());

        assertThat(file).isEqualTo(tmp.resolve("run/report.html"));
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(html);
    }

    @Test
    void names_the_file_when_it_cannot_be_written(@TempDir Path tmp) throws Exception {
        Path blocker = Files.writeString(tmp.resolve("blocker"), "a file, not a folder");

        assertThatThrownBy(() -> writer.write(blocker, MarkdownReportWriterTestData.report()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("Could not write the HTML report [" + blocker.resolve("report.html")
                        + "]: check that the folder exists or can be created and is writable.");
    }

    /** Every {@code <svg>} of the page, parsed as XML: a chart that is not well-formed fails here. */
    static List<Document> charts(String html) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        List<Document> charts = new ArrayList<>();
        Matcher m = SVG.matcher(html);
        while (m.find()) {
            charts.add(factory.newDocumentBuilder().parse(new ByteArrayInputStream(m.group().getBytes(StandardCharsets.UTF_8))));
        }
        return charts;
    }

    private static List<Element> elements(Element root, String tag) {
        var nodes = root.getElementsByTagName(tag);
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }

    @Test
    void chartCoordinatesHaveOneDecimalAsPercentFormatWritesThem() {
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 10_000; i++) {
            double v = (random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(5));
            if (Math.abs(v * 10 - Math.floor(v * 10) - 0.5) > 1e-6) { // exact ties may round either way
                assertThat(HtmlReportWriterChart.dec(v)).as("%s", v)
                        .isEqualTo(String.format(java.util.Locale.ROOT, "%.1f", v).replace("-0.0", "0.0"));
            }
        }
        assertThat(HtmlReportWriterChart.dec(-12.34)).isEqualTo("-12.3");
        assertThat(HtmlReportWriterChart.dec(0.96)).isEqualTo("1.0");
        assertThat(HtmlReportWriterChart.dec(-0.04)).isEqualTo("0.0");
    }
}
