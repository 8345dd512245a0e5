package dev.commitbench.junit;

import dev.commitbench.BenchmarkAcrossCommits;
import dev.commitbench.Commit;
import dev.commitbench.session.SweepPoint;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code DisplayNames} is used to name an invocation from the {@code name} pattern, e.g.
 * {@code [2] backend.model=gpt2, batch_size=2 · main@1a2b3c4 → HEAD@5d6e7f8}. Without a sweep the
 * {@code {point} · } part is left out, and with a single commit the {@code  → {candidate}} part.
 * Values longer than {@value #MAX_VALUE_LENGTH} characters are truncated with {@code …}.
 */
final class DisplayNames {

    static final int MAX_VALUE_LENGTH = 80;

    private DisplayNames() {
    }

    static String format(String pattern, int index, SweepPoint point, List<Commit> commits) {
        String name = pattern;
        if (point.values().isEmpty()) {
            name = name.replace(BenchmarkAcrossCommits.POINT_PLACEHOLDER + " · ", "");
        }
        if (commits.size() < 2) {
            name = name.replace(" → " + BenchmarkAcrossCommits.CANDIDATE_PLACEHOLDER, "");
        }
        String candidates = commits.stream().skip(1).map(Commit::displayName).collect(Collectors.joining(", "));
        return name.replace(BenchmarkAcrossCommits.INDEX_PLACEHOLDER, String.valueOf(index))
                .replace(BenchmarkAcrossCommits.POINT_PLACEHOLDER, truncate(point.label()))
                .replace(BenchmarkAcrossCommits.BASELINE_PLACEHOLDER, commits.isEmpty() ? "" : commits.get(0).displayName())
                .replace(BenchmarkAcrossCommits.CANDIDATE_PLACEHOLDER, truncate(candidates));
    }

    private static String truncate(String value) {
        return value.length() <= MAX_VALUE_LENGTH ? value : value.substring(0, MAX_VALUE_LENGTH - 1) + "…";
    }
}
