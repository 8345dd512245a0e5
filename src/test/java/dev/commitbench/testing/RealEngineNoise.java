package dev.commitbench.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;

/**
 * {@code RealEngineNoise} is used by the real-engine tests to tell a machine too busy to decide from a wrong verdict.
 * Real runs time the wall clock: where other processes take the CPU (other builds on a shared 2-core machine), one
 * commit's rounds were seen to differ 6-fold, and no interval over a few rounds can decide then, not even a 4-fold
 * slowdown. So an inconclusive comparison whose rounds vary by more than {@value #BUSY_CV} (coefficient of
 * variation) aborts the test, naming the numbers, after everything else has been checked; with quieter rounds an
 * inconclusive comparison fails the test as any wrong verdict does.
 */
public final class RealEngineNoise {

    /** The coefficient of variation of a commit's round values above which a machine counts as too busy. */
    public static final double BUSY_CV = 0.25;

    private RealEngineNoise() {
    }

    /**
     * Aborts the test when one of {@code comparisons} (the {@code comparisons} of a {@code commitbench.json}) of
     * {@code metric} is {@code INCONCLUSIVE} with rounds that vary by more than {@link #BUSY_CV}.
     */
    public static void abortWhenTooBusyToDecide(JsonNode comparisons, String metric) {
        List<String> busy = new ArrayList<>();
        for (JsonNode c : comparisons) {
            double cv = Math.max(c.path("baselineCv").asDouble(0), c.path("candidateCv").asDouble(0));
            if (c.path("metric").asString().equals(metric) && c.path("verdict").asString().equals("INCONCLUSIVE")
                    && cv > BUSY_CV) {
                busy.add(String.format(Locale.ROOT, "%s %s → %s: %+.0f%% [%+.0f%%, %+.0f%%], rounds varying by %.0f%%"
                        + " and %.0f%% (baseline, candidate)", c.path("config").asString(),
                        c.path("baseline").path("label").asString(), c.path("candidate").path("label").asString(),
                        c.path("changePercent").asDouble(), c.path("lowerPercent").asDouble(),
                        c.path("upperPercent").asDouble(), 100 * c.path("baselineCv").asDouble(),
                        100 * c.path("candidateCv").asDouble()));
            }
        }
        Assumptions.assumeTrue(busy.isEmpty(), () -> "The machine was too busy to decide " + metric + " (its rounds"
                + " varied by more than " + Math.round(100 * BUSY_CV) + "%): " + String.join("; ", busy) + ". The runs,"
                + " files and command lines were checked; run the real-engine tests where no other heavy process runs"
                + " to check the verdicts.");
    }
}
