package dev.commitbench.assertj;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.CombinedReport;
import org.apiguardian.api.API;

/**
 * {@code CombinedReportAssert} is used to assert on a {@link CombinedReport}; get one from
 * {@link CommitbenchAssertions#assertThat(CombinedReport)}. Non-final, with a public constructor, so
 * that soft assertions can proxy it.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public class CombinedReportAssert extends AbstractCombinedReportAssert<CombinedReportAssert, CombinedReport> {

    /**
     * Starts assertions on {@code actual}; {@link CommitbenchAssertions#assertThat(CombinedReport)} is the usual
     * entry point.
     *
     * @param actual the report under test
     */
    public CombinedReportAssert(CombinedReport actual) {
        super(actual, CombinedReportAssert.class);
    }
}
