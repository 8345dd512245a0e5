package dev.commitbench;

import java.util.List;
import java.util.Objects;

/**
 * {@code ReportContents} is the value a {@link CombinedReport} holds and compares by: its commits in plan order, its
 * cells, the comparisons, the failed runs and the plan's settings, each copied immutably when made.
 *
 * @param commits the commits in plan order; the first is the baseline
 * @param cells the cells, frozen
 * @param comparisons every comparison of a candidate with the baseline
 * @param failures the runs that produced no report
 * @param settings the plan's settings the report carries
 */
record ReportContents(List<Commit> commits, ReportCells cells, List<Comparison> comparisons, List<RunFailure> failures,
        ReportSettings settings) {

    ReportContents {
        commits = List.copyOf(commits);
        cells = cells.frozen();
        comparisons = List.copyOf(comparisons);
        failures = List.copyOf(failures);
        Objects.requireNonNull(settings);
    }

    /** {@return the contents of one sweep point: its cells and comparisons, the same commits and settings} */
    ReportContents only(String model, String config) {
        var point = new ReportCells();
        cells.forEach(model, config, point::put);
        return new ReportContents(commits, point,
                comparisons.stream().filter(c -> c.model().equals(model) && c.config().equals(config)).toList(),
                List.of(), settings);
    }

}
