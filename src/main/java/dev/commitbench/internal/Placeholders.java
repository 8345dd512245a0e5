package dev.commitbench.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Expands {@code ${name}} placeholders ({@code ${workspace}}, {@code ${sha}}, {@code ${ref}}, sweep keys) and
 * checks them up front: {@link #unknown} finds a name no value will be given for, so that a typo
 * ({@code ${sizee}}) is an error before anything runs instead of a literal {@code ${sizee}} in every run.
 * {@code $${name}} is the escape for a literal {@code ${name}} (a shell variable with braces); a shell variable
 * is simpler written {@code $HOME}.
 *
 * <p>Do not use: this class is internal to commitbench and may change at any time.
 */
@API(status = INTERNAL, since = "0.1")
public final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("(\\$?)\\$\\{([^}]*)}");

    private Placeholders() {
    }

    /**
     * Replaces every {@code ${name}} whose name is in {@code values}; an unknown one is left as it is, and
     * {@code $${name}} becomes a literal {@code ${name}}.
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
            String replacement;
            if (!m.group(1).isEmpty()) {
                replacement = m.group().substring(1);
            } else {
                String value = values.get(m.group(2));
                replacement = value != null ? value : m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The placeholder names in {@code text}.
     *
     * @param text the text, or {@code null}
     * @return the names, in order, without the escaped ones
     */
    public static List<String> names(String text) {
        List<String> names = new ArrayList<>();
        if (text == null) {
            return names;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (m.group(1).isEmpty()) {
                names.add(m.group(2));
            }
        }
        return names;
    }

    /**
     * Checks that every placeholder in {@code text} is one of {@code known}.
     *
     * @param setting what {@code text} is, as the user wrote it ({@code 'command'}, {@code --setup})
     * @param text    the text, or {@code null}
     * @param known   the names that will have values
     * @return the message for the first unknown placeholder (with the closest known name suggested, the known
     *         names, and how to write a shell variable; no final period), or empty when all are known
     */
    public static Optional<String> unknown(String setting, String text, Collection<String> known) {
        for (String name : names(text)) {
            if (!known.contains(name)) {
                return Optional.of(message(setting, text, name, known));
            }
        }
        return Optional.empty();
    }

    private static String message(String setting, String text, String name, Collection<String> known) {
        String closest = known.stream()
                .min((a, b) -> Integer.compare(EditDistance.between(name, a), EditDistance.between(name, b)))
                .filter(c -> EditDistance.between(name, c) <= EditDistance.suggestionLimit(name))
                .orElse(null);
        Set<String> listed = new LinkedHashSet<>();
        known.forEach(k -> listed.add("${" + k + "}"));
        return setting + " has an unknown placeholder ${" + name + "} in [" + text + "]."
                + (closest != null ? " Did you mean ${" + closest + "}?" : "")
                + " The placeholders are " + String.join(", ", listed) + "; write a shell variable as $NAME or $${NAME}";
    }
}
