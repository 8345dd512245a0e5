package dev.commitbench.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * The Levenshtein distance, for "did you mean" suggestions (a misspelled flag, an unknown ref).
 *
 * <p>Do not use: this class is internal to commitbench and may change at any time.
 */
@API(status = INTERNAL, since = "0.1")
public final class EditDistance {

    private EditDistance() {
    }

    /**
     * The number of single-character insertions, deletions and substitutions that turn {@code a} into {@code b}.
     *
     * @param a one string
     * @param b the other string
     * @return the distance, 0 for equal strings
     */
    public static int between(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * The largest distance at which a candidate is still worth suggesting for {@code input}.
     *
     * @param input what the user wrote
     * @return the limit
     */
    public static int suggestionLimit(String input) {
        return Math.max(2, input.length() / 3);
    }
}
