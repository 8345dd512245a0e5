package dev.commitbench.stats;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.Comparison;
import dev.commitbench.Verdict;
import org.apiguardian.api.API;

/**
 * {@code Verdicts} is used to decide a {@link Verdict} from a confidence interval of the oriented
 * relative change (positive means worse) and a threshold {@code t}, all in percent:
 * {@code REGRESSED} when the whole interval lies above {@code +t}, {@code IMPROVED} when it lies below
 * {@code -t}, {@code UNCHANGED} when it lies inside {@code (-t, +t)}, {@code INCONCLUSIVE} otherwise.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Verdicts {

    private Verdicts() {
    }

    /**
     * The verdict for the interval {@code [lowerPercent, upperPercent]} and threshold {@code thresholdPercent}.
     *
     * @param lowerPercent the interval's lower end, in percent
     * @param upperPercent the interval's upper end, in percent
     * @param thresholdPercent the threshold, in percent
     * @return the verdict
     */
    public static Verdict decide(double lowerPercent, double upperPercent, double thresholdPercent) {
        if (lowerPercent > thresholdPercent) {
            return Verdict.REGRESSED;
        }
        if (upperPercent < -thresholdPercent) {
            return Verdict.IMPROVED;
        }
        if (lowerPercent > -thresholdPercent && upperPercent < thresholdPercent) {
            return Verdict.UNCHANGED;
        }
        return Verdict.INCONCLUSIVE;
    }

    /**
     * {@code comparison} re-decided from its stored interval with another threshold, in percent.
     *
     * @param comparison the comparison
     * @param thresholdPercent the threshold, in percent
     * @return the re-decided comparison
     */
    public static Comparison withThreshold(Comparison comparison, double thresholdPercent) {
        Comparison c = comparison;
        return new Comparison(c.model(), c.config(), c.metric(), c.unit(), c.baseline(), c.candidate(),
                c.baselineValue(), c.candidateValue(), c.changePercent(), c.lowerPercent(), c.upperPercent(),
                c.confidence(), thresholdPercent, decide(c.lowerPercent(), c.upperPercent(), thresholdPercent),
                c.baselineCv(), c.candidateCv(), c.resolvablePercent(), c.baselineRounds(), c.candidateRounds());
    }
}
