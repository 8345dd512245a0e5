package dev.commitbench.junit;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Optional;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.StoreScope;
import org.junit.platform.engine.support.store.Namespace;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * {@code BenchmarkRunListener} is used to write the run-level files ({@code summaries.json}, the combined
 * {@code summary.json}, the reports) once per launcher session, that is once per test run across all
 * classes and test engines, and to start the upload when one is configured. It is registered through
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 *
 * <p>When a session opens, it puts a {@link SessionRun} into the session's store; the extension finds it
 * there ({@link #sessionRun(ExtensionContext)}) and registers the test run's {@link BenchmarkRun} with it.
 * When the session closes, the listener closes that run, which writes the files and uploads. Where no
 * session listener runs (JUnit's {@code EngineTestKit}), the extension keeps the run in the root store
 * instead, which writes the files when the engine's execution ends. Either way a run has one owner, so
 * the files are written exactly once.
 *
 * <p>Do not use directly: this class is public only so that {@link java.util.ServiceLoader} can create it.
 */
@API(status = INTERNAL, since = "0.1")
public final class BenchmarkRunListener implements LauncherSessionListener {

    private static final Namespace NAMESPACE = Namespace.create(BenchmarkAcrossCommitsExtension.class);

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        session.getStore().put(NAMESPACE, SessionRun.class, new SessionRun());
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        Object sessionRun = session.getStore().remove(NAMESPACE, SessionRun.class);
        if (sessionRun instanceof SessionRun run) {
            run.close();
        }
    }

    /** The launcher session's run holder, or empty where no launcher session listener runs. */
    static Optional<SessionRun> sessionRun(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(StoreScope.LAUNCHER_SESSION, BenchmarkAcrossCommitsExtension.NAMESPACE)
                .get(SessionRun.class, SessionRun.class));
    }

    /**
     * {@code SessionRun} is used to hold the launcher session's {@link BenchmarkRun}, created by the first
     * benchmark method of the session. Deliberately not closeable by the store: the listener closes it.
     * Thread-safe.
     */
    static final class SessionRun {

        private BenchmarkRun run;

        synchronized BenchmarkRun getOrCreate(Supplier<BenchmarkRun> create) {
            if (run == null) {
                run = create.get();
            }
            return run;
        }

        synchronized void close() {
            if (run != null) {
                run.close();
            }
        }
    }
}
