package dev.commitbench.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.security.CodeSource;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * {@code StackTraces} is used by the JUnit extension to trim the stack trace of a point's failure, which it throws
 * after the user's method has returned: commitbench's classes and the JDK's frames (streams, threads, reflection)
 * that only carried its calls are left out. A frame of a class commitbench did not load from its own code (the test
 * engine's) is kept. (The assertions trim their own errors, keeping the user's frames.)
 *
 * <p>Do not use: this class is internal to commitbench and may change at any time.
 */
@API(status = INTERNAL, since = "0.1")
public final class StackTraces {

    private static final CodeSource OWN = StackTraces.class.getProtectionDomain().getCodeSource();
    /** The JDK's frames (streams, {@code forEach}, {@code Optional}) that only carry commitbench's own calls. */
    private static final List<String> CARRIERS = List.of("java.", "jdk.", "sun.");

    private StackTraces() {
    }

    /**
     * Removes commitbench's frames and every JDK frame from {@code error}: for a failure thrown after the user's code
     * has returned (the extension applying a point's outcome), where the JDK's frames (streams, threads, reflection)
     * only carried commitbench's calls and the test engine's.
     *
     * @param error the failure to trim
     * @param <T>   its type
     * @return {@code error}, trimmed
     */
    public static <T extends Throwable> T withoutCarriers(T error) {
        error.setStackTrace(Arrays.stream(error.getStackTrace())
                .filter(frame -> !isOwn(frame.getClassName()) && !isCarrier(frame.getClassName()))
                .toArray(StackTraceElement[]::new));
        return error;
    }

    private static boolean isCarrier(String className) {
        return CARRIERS.stream().anyMatch(className::startsWith);
    }

    /** Whether the class is one of commitbench's own (loaded from the same code source as this class). */
    static boolean isOwn(String className) {
        if (!className.startsWith("dev.commitbench.")) {
            return false;
        }
        try {
            Class<?> type = Class.forName(className, false, StackTraces.class.getClassLoader());
            CodeSource source = type.getProtectionDomain().getCodeSource();
            return OWN == null ? source == null : source != null && Objects.equals(OWN.getLocation(), source.getLocation());
        } catch (ClassNotFoundException | LinkageError e) {
            return Arrays.asList("dev.commitbench.internal.", "dev.commitbench.junit.", "dev.commitbench.assertj.")
                    .stream().anyMatch(className::startsWith);
        }
    }
}
