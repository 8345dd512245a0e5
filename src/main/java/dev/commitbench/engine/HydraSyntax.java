package dev.commitbench.engine;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * {@code HydraSyntax} is used to write and read Hydra 1.3 command-line overrides, the syntax of everything
 * commitbench puts on optimum-benchmark's command line after {@code --config-name}.
 *
 * <p>Writing: {@link #value(String)} turns a literal value (a path, a sweep value, a model id) into the
 * override text Hydra parses back to exactly that string, in the form Hydra itself prints it
 * ({@code escape_special_characters} and {@code QuotedString.with_quotes}), so the job overrides Hydra records
 * in a multirun are the same text:
 * <ul>
 *   <li>a value made of letters, digits and {@code _ - / + . $ % * @ ? |} stays as it is, so numbers,
 *       {@code true}, {@code false} and {@code null} keep the type Hydra gives them ({@code max_new_tokens=8} is
 *       an int);</li>
 *   <li>{@code \ ( ) [ ] { } : = ,}, space and tab are escaped with a backslash
 *       ({@code hydra.run.dir=/out/commit\=1a2b}, {@code /my\ models/gpt2});</li>
 *   <li>any other character (quotes, {@code #}, {@code ~}, {@code !}, non-ASCII letters, a line break) makes the
 *       value single-quoted, with {@code '} escaped as {@code \'} and the backslashes before a quote doubled
 *       ({@code 'Modèle'}, {@code 'it\'s'}).</li>
 * </ul>
 * A value holding <code>${</code> cannot be passed as written (Hydra and OmegaConf resolve it as an interpolation, and
 * a run directory is resolved twice), nor can one holding a NUL or half of a surrogate pair: {@link #value} rejects
 * them with an {@link IllegalArgumentException} naming the value.
 *
 * <p>Reading: {@link #literal(String)} is the inverse for a plain value a user wrote (the string Hydra makes of
 * it); {@link #splitSweep(String)} splits a sweep {@code a,b} as Hydra does; {@link #problem(String)} names what
 * Hydra's parser rejects in an override, for error messages.
 *
 * <p>The grammar is Hydra's {@code OverrideLexer.g4} and {@code OverrideParser.g4}
 * (<a href="https://hydra.cc/docs/1.2/advanced/override_grammar/basic">override grammar</a>). Stateless.
 */
@API(status = INTERNAL, since = "0.1")
public final class HydraSyntax {

    /** Where Hydra's parse errors point to; the line optimum-benchmark prints after one. */
    public static final String GRAMMAR_URL = "https://hydra.cc/docs/1.2/advanced/override_grammar/basic";

    /** Characters Hydra's lexer takes as they are in an unquoted value (ID, INT, FLOAT and UNQUOTED_CHAR). */
    private static final String PLAIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-/+.$%*@?|";
    /** Characters an unquoted value holds escaped (the lexer's ESC rule); Hydra's {@code _ESC}. */
    private static final String ESCAPED = "\\()[]{}:=, \t";

    // The key grammar: ID, KEY_SPECIAL, INT_UNSIGNED and DOT_PATH of the lexer's default mode.
    private static final String ID = "[A-Za-z_][A-Za-z0-9_-]*";
    private static final String KEY_SPECIAL = "[A-Za-z_$][A-Za-z0-9_$-]*";
    private static final String SEGMENT = "(?:" + KEY_SPECIAL + "|0|[1-9](?:_?[0-9])*)";
    private static final String PACKAGE = "(?:" + KEY_SPECIAL + "|" + SEGMENT + "(?:\\." + SEGMENT + ")+)";
    private static final Pattern KEY = Pattern.compile(
            "(?:\\+\\+|\\+)?(?:" + PACKAGE + "|" + ID + "(?:/" + ID + ")+)(?:@(?:" + PACKAGE + ")?)?");

    private HydraSyntax() {
    }

    /**
     * The override {@code key=value}, the value written with {@link #value(String)}.
     *
     * @param key   the override key, checked with {@link #checkKey(String)}
     * @param value the literal value
     * @return the override, one argument
     * @throws IllegalArgumentException naming the key or the value when Hydra cannot take it
     */
    public static String override(String key, String value) {
        checkKey(key);
        return key + "=" + value(value);
    }

    /**
     * Checks that {@code key} is an override key of Hydra's grammar: a dotted path ({@code backend.model},
     * {@code scenario.input_shapes.batch_size}), a config group ({@code hydra/launcher}), optionally with
     * {@code @package} and a leading {@code +} or {@code ++}. Keys cannot be escaped or quoted.
     *
     * @param key the key to check
     * @throws IllegalArgumentException naming the key when it is not one
     */
    public static void checkKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("[" + key + "] is not a Hydra override key: a key is a dotted path of"
                    + " names made of letters, digits, _ and - (e.g. backend.model or scenario.input_shapes.batch_size),"
                    + " or a config group like hydra/launcher, optionally with a leading + (add) or ++ (add or"
                    + " override); it cannot be escaped or quoted (see " + GRAMMAR_URL + ")");
        }
    }

    /**
     * The override text of a literal value: the text Hydra's parser turns back into exactly {@code literal}.
     *
     * @param literal the value as the engine must receive it
     * @return the value in Hydra's override syntax, escaped or quoted where needed
     * @throws IllegalArgumentException naming the value when Hydra cannot be given it as written
     */
    public static String value(String literal) {
        if (literal == null) {
            throw new IllegalArgumentException("a Hydra override value must not be null");
        }
        if (literal.contains("${")) {
            throw new IllegalArgumentException("the value [" + literal + "] holds ${, which Hydra and OmegaConf"
                    + " resolve as an interpolation, so it cannot be passed as written: use a value (or, for a"
                    + " folder, a path) without ${");
        }
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == 0 || Character.isSurrogate(c) && !validSurrogatePair(literal, i)) {
                throw new IllegalArgumentException("the value [" + literal + "] holds a character that cannot be"
                        + " passed on a command line (" + (c == 0 ? "NUL" : "half of a surrogate pair")
                        + " at index " + i + ")");
            }
            if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
        return literal.chars().allMatch(c -> PLAIN.indexOf(c) >= 0 || ESCAPED.indexOf(c) >= 0)
                ? escaped(literal) : quoted(literal);
    }

    /** Hydra's {@code escape_special_characters}: a backslash before each of {@code \ ( ) [ ] { } : = ,} space, tab. */
    private static String escaped(String literal) {
        StringBuilder out = new StringBuilder(literal.length() + 8);
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (ESCAPED.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * Hydra's {@code QuotedString.with_quotes} for single quotes: each run of backslashes before a quote (or
     * before the end) doubled, each {@code '} as {@code \'}.
     */
    private static String quoted(String literal) {
        return quoted(literal, '\'');
    }

    private static String quoted(String literal, char quote) {
        StringBuilder out = new StringBuilder(literal.length() + 8).append(quote);
        int i = 0;
        while (i < literal.length()) {
            int run = i;
            while (run < literal.length() && literal.charAt(run) == '\\') {
                run++;
            }
            int backslashes = run - i;
            if (backslashes > 0) {
                boolean beforeQuote = run == literal.length() || literal.charAt(run) == quote;
                out.append("\\".repeat(beforeQuote ? 2 * backslashes : backslashes));
                i = run;
                continue;
            }
            char c = literal.charAt(i++);
            if (c == quote) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append(quote).toString();
    }

    private static boolean validSurrogatePair(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }

    /**
     * The string Hydra makes of a plain value a user wrote ({@code /my\ models/gpt2} → {@code /my models/gpt2},
     * {@code 'a,b'} → {@code a,b}); empty when the text is not one plain value (a sweep {@code a,b}, a list, a
     * dict, a function, an interpolation, or text Hydra rejects).
     *
     * @param value the value as a user wrote it in an override
     * @return the plain value Hydra reads, or empty
     */
    public static Optional<String> literal(String value) {
        String text = stripSpaces(value);
        if (text.length() >= 2 && (text.charAt(0) == '\'' || text.charAt(0) == '"')) {
            return unquoted(text);
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && ESCAPED.indexOf(text.charAt(i + 1)) >= 0) {
                out.append(text.charAt(++i));
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                return Optional.empty();
            } else if (PLAIN.indexOf(c) >= 0 || c == '\\' || c == ' ' || c == '\t' || c == ':') {
                out.append(c);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(out.toString());
    }

    /** Unescaped leading and trailing spaces and tabs dropped, as Hydra drops them. */
    private static String stripSpaces(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')
                && !escapedAt(value, end - 1)) {
            end--;
        }
        return value.substring(start, end);
    }

    /** Whether the character at {@code index} follows an odd number of backslashes. */
    private static boolean escapedAt(String text, int index) {
        int backslashes = 0;
        for (int i = index - 1; i >= 0 && text.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** One quoted value, as Hydra's lexer and {@code _unescape_quoted_string} read it; empty when it is not one. */
    private static Optional<String> unquoted(String text) {
        char quote = text.charAt(0);
        StringBuilder out = new StringBuilder(text.length());
        int i = 1;
        while (i < text.length()) {
            int run = i;
            while (run < text.length() && text.charAt(run) == '\\') {
                run++;
            }
            int backslashes = run - i;
            if (run < text.length() && text.charAt(run) == quote) {
                boolean closing = backslashes % 2 == 0;
                out.append("\\".repeat(backslashes / 2));
                if (closing) {
                    if (run != text.length() - 1 || text.contains("${")) {
                        return Optional.empty();
                    }
                    return Optional.of(out.toString());
                }
                out.append(quote);
                i = run + 1;
            } else {
                out.append("\\".repeat(backslashes));
                if (run < text.length()) {
                    out.append(text.charAt(run));
                }
                i = run + 1;
            }
        }
        return Optional.empty();
    }

    /**
     * The override as Hydra writes it back into a multirun job's overrides ({@code .hydra/overrides.yaml}): a plain
     * unquoted value escaped ({@code a=/x/my models} → {@code a=/x/my\ models}), a quoted one re-quoted with the
     * same quote; anything else (a number, a list, an interpolation) as it is.
     *
     * @param override the override {@code key=value} as written
     * @return the override as Hydra writes it back
     */
    public static String canonical(String override) {
        int equals = override.indexOf('=');
        if (equals < 0) {
            return override;
        }
        String value = stripSpaces(override.substring(equals + 1));
        Optional<String> literal = literal(value);
        if (literal.isEmpty()) {
            return override;
        }
        boolean quotedValue = !value.isEmpty() && (value.charAt(0) == '\'' || value.charAt(0) == '"');
        return override.substring(0, equals + 1) + (quotedValue ? quoted(literal.get(), value.charAt(0)) : escaped(literal.get()));
    }

    /**
     * The elements of a sweep {@code a,b,c} as written, split at the commas Hydra splits at (not escaped, not
     * inside quotes or brackets); one element for a value that is no sweep.
     *
     * @param value the value as written
     * @return its elements, as written
     */
    public static List<String> splitSweep(String value) {
        List<String> elements = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && quote == 0) {
                i++;
            } else if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[' || c == '{' || c == '(') {
                depth++;
            } else if (c == ']' || c == '}' || c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                elements.add(value.substring(start, i).strip());
                start = i + 1;
            }
        }
        elements.add(value.substring(start).strip());
        return elements;
    }

    /**
     * What Hydra's override parser rejects in {@code override}, as advice naming it (an {@code =} or a character
     * that must be escaped or quoted, an unclosed quote, a bad key); empty when nothing is found. A heuristic for
     * error messages: it knows the mistakes people make, not the whole grammar.
     *
     * @param override the override {@code key=value} as written
     * @return the advice, or empty
     */
    public static Optional<String> problem(String override) {
        int equals = override.indexOf('=');
        if (override.startsWith("-")) {
            return Optional.empty();
        }
        String key = equals < 0 ? override : override.substring(0, equals);
        if (equals < 0) {
            return key.startsWith("~") ? Optional.empty()
                    : Optional.of("[" + override + "] has no =: an override is key=value");
        }
        try {
            checkKey(key.startsWith("~") ? key.substring(1) : key);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        String value = override.substring(equals + 1);
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\\') {
                i++;
            } else if (c == '\'' || c == '"') {
                if (i > 0 && value.charAt(i - 1) != ',' && value.charAt(i - 1) != '[' && value.charAt(i - 1) != '{'
                        && value.charAt(i - 1) != '(' && value.charAt(i - 1) != ' ' && value.charAt(i - 1) != ':') {
                    return Optional.of(mustEscape(override, "the quote " + c + " inside a value"));
                }
                quote = c;
            } else if (c == '[' || c == '{' || c == '(') {
                depth++;
            } else if (c == ']' || c == '}' || c == ')') {
                depth--;
            } else if (c == '=' && depth == 0) {
                return Optional.of(mustEscape(override, "the = inside its value"));
            } else if (c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '{') {
                int close = value.indexOf('}', i);
                if (close < 0) {
                    return Optional.empty();
                }
                i = close;
            } else if (PLAIN.indexOf(c) < 0 && ESCAPED.indexOf(c) < 0) {
                return Optional.of(mustEscape(override, "the character " + c + " (which Hydra only takes quoted)"));
            }
        }
        if (quote != 0) {
            return Optional.of("[" + override + "] opens a quote " + quote + " it does not close");
        }
        return Optional.empty();
    }

    private static String mustEscape(String override, String what) {
        int equals = override.indexOf('=');
        String suggestion;
        try {
            suggestion = "; as literal text it is written " + override.substring(0, equals) + "="
                    + value(override.substring(equals + 1));
        } catch (IllegalArgumentException e) {
            suggestion = "";
        }
        return "[" + override + "] has " + what + ": escape it with a backslash (\\=, \\,, \\ ) or quote the value"
                + suggestion;
    }
}
