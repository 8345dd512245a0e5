package dev.commitbench.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code Words} is used to split a command given as one string ({@code --executable "python
 * '/opt/my venv/bin/optimum-benchmark'"}) into words, as a POSIX shell would for the simple cases: blanks separate
 * words, single and double quotes group them, a backslash escapes the next character.
 */
final class Words {

    private Words() {
    }

    /**
     * Splits {@code text} into words.
     *
     * @throws UsageException naming the flag when a quote is not closed or there is no word
     */
    static List<String> split(String flag, String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < text.length()) {
                    word.append(text.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new UsageException("Usage error: " + flag + " [" + text + "] has an unclosed " + quote
                    + " quote. Close the quote, or quote the whole value once for your shell.");
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new UsageException("Usage error: " + flag + " is empty. Give the command to run, for example "
                    + flag + " \"sh ./bench.sh\".");
        }
        return words;
    }
}
