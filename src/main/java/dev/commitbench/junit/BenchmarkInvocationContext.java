package dev.commitbench.junit;

import dev.commitbench.session.SweepPoint;
import java.util.List;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;

/**
 * {@code BenchmarkInvocationContext} is one invocation of a {@code @BenchmarkAcrossCommits} method: one
 * sweep point, its display name, and the {@link PointExtension} that measures it.
 */
final class BenchmarkInvocationContext implements TestTemplateInvocationContext {

    private final String displayName;
    private final MethodRun methodRun;
    private final SweepPoint point;
    private final boolean takesReport;

    BenchmarkInvocationContext(String displayName, MethodRun methodRun, SweepPoint point, boolean takesReport) {
        this.displayName = displayName;
        this.methodRun = methodRun;
        this.point = point;
        this.takesReport = takesReport;
    }

    @Override
    public String getDisplayName(int invocationIndex) {
        return displayName;
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
        return List.of(new PointExtension(methodRun, point, takesReport));
    }
}
