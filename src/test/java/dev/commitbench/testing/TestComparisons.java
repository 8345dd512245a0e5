package dev.commitbench.testing;

import dev.commitbench.Comparison;

/** {@code TestComparisons} is used by tests to vary one part of a {@link Comparison} they built. */
public final class TestComparisons {

    private TestComparisons() {
    }

    /**
     * {@code c} with the coefficients of variation its commits' iterations alone would give their round values.
     *
     * @param c the comparison
     * @param baseline the baseline's, as a fraction
     * @param candidate the candidate's, as a fraction
     * @return the comparison with those
     */
    public static Comparison withIterationCv(Comparison c, double baseline, double candidate) {
        return new Comparison(c.model(), c.config(), c.metric(), c.unit(), c.baseline(), c.candidate(),
                c.baselineValue(), c.candidateValue(), c.changePercent(), c.lowerPercent(), c.upperPercent(),
                c.confidence(), c.thresholdPercent(), c.verdict(), c.baselineCv(), c.candidateCv(), baseline,
                candidate, c.resolvablePercent(), c.baselineRounds(), c.candidateRounds());
    }
}
