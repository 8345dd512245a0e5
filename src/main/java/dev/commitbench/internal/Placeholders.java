package dev.commitbench.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Expands {@code ${name}} placeholders ({@code ${workspace}}, {@code ${sha}}, {@code ${ref}}, sweep keys).
 * Unknown placeholders are left as they are.
 *
 * <p>Do not use: this class is internal to commitbench and may change at any time.
 */
@API(status = INTERNAL, since = "0.1")
public final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

    private Placeholders() {
    }

    /**
     * Replaces every {@code ${name}} whose name is in {@code values}.
     *
     * @param text the text, or {@code null}
     * @param values placeholder name to value
     * @return the expanded text ({@code null} for {@code null})
     */
    public static String expand(String text, Map<String, String> values) {
        if (text == null || text.indexOf("${") < 0) {
            return text;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
