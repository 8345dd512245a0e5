package dev.commitbench.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.io.PrintWriter;
import java.util.Arrays;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * {@code BenchmarkRunChild} is used by {@link BenchmarkRunListenerTests} and {@link ScaleOutTests} as a separate JVM that runs the
 * fixture classes named in its arguments in one launcher session, the way Surefire or an IDE does: the
 * configuration parameters come from {@code -D} system properties, the Hub endpoint and token from the
 * environment. Prints the failures (messages and the first stack frames) and the test counts and exits with 0 when every test succeeded.
 */
final class BenchmarkRunChild {

    private BenchmarkRunChild() {
    }

    public static void main(String[] args) {
        var summary = new SummaryGeneratingListener();
        try (LauncherSession session = LauncherFactory.openSession()) {
            session.getLauncher().execute(request()
                    .selectors(Arrays.stream(args).map(name -> selectClass(name)).toList()).build(), summary);
        }
        summary.getSummary().printFailuresTo(new PrintWriter(System.out, true), 5);
        System.out.println("child: " + summary.getSummary().getTestsSucceededCount() + " succeeded, "
                + summary.getSummary().getTotalFailureCount() + " failed");
        System.exit(summary.getSummary().getTotalFailureCount() == 0 ? 0 : 1);
    }
}
