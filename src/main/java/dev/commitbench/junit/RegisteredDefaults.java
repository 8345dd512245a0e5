package dev.commitbench.junit;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code RegisteredDefaults} is used to hand the defaults of a registered
 * {@link dev.commitbench.BenchmarkExtension} to the extension, through the class's store: suppliers of
 * {@code String}s or {@code List<String>}s keyed by attribute name, asked when a benchmark method starts
 * (after the class's {@code @BeforeAll} methods). They rank below the annotations' explicit attributes and
 * above the configuration parameters.
 *
 * <p>Do not use: this class is internal to commitbench and may change at any time.
 */
@API(status = INTERNAL, since = "0.1")
public final class RegisteredDefaults {

    private static final String KEY = "registered-defaults";

    private RegisteredDefaults() {
    }

    /**
     * Registers the defaults of a {@code BenchmarkExtension} for the class.
     *
     * @param classContext the test class's context
     * @param defaults attribute name to a supplier of its value
     */
    public static void put(ExtensionContext classContext, Map<String, Supplier<Object>> defaults) {
        classContext.getStore(BenchmarkAcrossCommitsExtension.NAMESPACE).put(KEY, Map.copyOf(defaults));
    }

    /** The registered value, asked of its supplier now (when the benchmark method starts). */
    static Optional<Object> get(ExtensionContext context, String attribute) {
        Map<?, ?> defaults = context.getStore(BenchmarkAcrossCommitsExtension.NAMESPACE).get(KEY, Map.class);
        return defaults == null || !(defaults.get(attribute) instanceof Supplier<?> value)
                ? Optional.empty() : Optional.ofNullable(value.get());
    }
}
