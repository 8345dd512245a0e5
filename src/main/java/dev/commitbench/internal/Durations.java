package dev.commitbench.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * {@code Durations} is used to read and write the durations users give (an engine run's {@code timeout}, the
 * {@code setupTimeout}): {@code 1500ms}, {@code 90s}, {@code 10m}, {@code 1h}, or ISO-8601 ({@code PT10M}), in one
 * way for the annotation, the extension builder, the configuration parameters and the command line.
 *
 * <p>Do not use: this class is internal to commitbench and may change at any time.
 */
@API(status = INTERNAL, since = "0.1")
public final class Durations {

    /** The forms a duration may take, for messages. */
    public static final String FORMS = "90s, 10m, 1h or PT10M";

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private Durations() {
    }

    /**
     * Reads a positive duration.
     *
     * @param text {@code 1500ms}, {@code 90s}, {@code 10m}, {@code 1h} or ISO-8601 such as {@code PT10M}
     * @return the duration; empty when {@code text} is none of these or not positive
     */
    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.strip();
        Matcher m = SIMPLE.matcher(value.toLowerCase(Locale.ROOT));
        Duration duration;
        if (m.matches()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException tooLong) {
                return Optional.empty();
            }
            duration = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } else {
            try {
                duration = Duration.parse(value);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return duration.isNegative() || duration.isZero() ? Optional.empty() : Optional.of(duration);
    }

    /**
     * {@return the duration the way a user writes it: {@code 1h}, {@code 30m}, {@code 90s} or {@code 1500ms}}
     *
     * @param duration the duration
     */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
