package dev.commitbench.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * {@code DecimalText} is used by the readable reports to write numbers exactly as {@link java.util.Formatter} and
 * {@link BigDecimal} write them, without going through either for the common cases.
 *
 * <p>A report of a large plan writes tens of thousands of numbers (every chart's coordinates, ticks and round values,
 * every table's values, changes and intervals), and a fresh JVM runs each {@code String.format} or exact
 * {@code BigDecimal} rounding slowly at first: in the merge of 1,000 shards they were a tenth of all the work. The
 * results are the same strings (checked against the originals on millions of values by {@code DecimalTextTests});
 * where a fast answer could differ (an exact tie, a value outside the plain range) the originals are used.
 */
final class DecimalText {

    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10};
    /** The most significant digits {@link #significant} computes in a {@code double} (the rest go to BigDecimal). */
    private static final int FAST_DIGITS = 7;

    private DecimalText() {
    }

    /**
     * {@code value} with {@code decimals} decimals, as {@code String.format(Locale.ROOT, "%.Nf", value)} writes it
     * ({@code "%+.Nf"} with {@code plus}): the digits of {@link Double#toString(double)} rounded half up, a minus sign
     * on every negative value (also {@code -0.0} and what rounds to zero).
     *
     * @param value    the value
     * @param decimals the decimals, 0 or more
     * @param plus     whether a value that is not negative gets a {@code +}
     * @return the text
     */
    static String fixed(double value, int decimals, boolean plus) {
        double magnitude = Math.abs(value);
        if (magnitude != 0 && !(magnitude >= 1e-3 && magnitude < 1e7)) {
            // outside the range where Double.toString writes plain digits (and NaN, infinities)
            return String.format(Locale.ROOT, (plus ? "%+." : "%.") + decimals + "f", value);
        }
        String text = magnitude == 0 ? "0.0" : Double.toString(magnitude);
        int point = text.indexOf('.');
        var digits = new StringBuilder(text.length() + decimals);
        digits.append(text, 0, point).append(text, point + 1, text.length());
        int integerDigits = point;
        int keep = integerDigits + decimals;
        boolean up = digits.length() > keep && digits.charAt(keep) >= '5';
        digits.setLength(Math.min(digits.length(), keep));
        while (digits.length() < keep) {
            digits.append('0');
        }
        if (up) {
            int i = keep - 1;
            while (i >= 0 && digits.charAt(i) == '9') {
                digits.setCharAt(i, '0');
                i--;
            }
            if (i < 0) {
                digits.insert(0, '1');
                integerDigits++;
            } else {
                digits.setCharAt(i, (char) (digits.charAt(i) + 1));
            }
        }
        var out = new StringBuilder(digits.length() + 2);
        if (Double.compare(value, 0.0) < 0) {
            out.append('-');
        } else if (plus) {
            out.append('+');
        }
        out.append(digits, 0, integerDigits);
        if (decimals > 0) {
            out.append('.').append(digits, integerDigits, digits.length());
        }
        return out.toString();
    }

    /**
     * {@code value} rounded half up to {@code digits} significant digits and written with exactly that many, as
     * {@code new BigDecimal(value).round(new MathContext(digits))} with its scale set to show them, in plain notation
     * ({@code 2.500}, {@code 13.90}, {@code 0.001234}, {@code 1200}). The rounding is of the double's exact value.
     *
     * @param value  a finite value, not 0
     * @param digits the significant digits, 1 or more
     * @return the text
     */
    static String significant(double value, int digits) {
        double magnitude = Math.abs(value);
        if (digits <= FAST_DIGITS && magnitude >= 1e-3 && magnitude < 1e7) {
            int exponent = (int) Math.floor(Math.log10(magnitude));
            for (int attempt = 0; attempt < 2; attempt++) {
                int scale = digits - 1 - exponent;
                // exact powers of ten, one rounding: the scaled value is within a few units of 1e-9 of the true one
                double scaled = scale >= 0 ? magnitude * POWERS_OF_TEN[scale] : magnitude / POWERS_OF_TEN[-scale];
                if (scaled < POWERS_OF_TEN[digits - 1]) {
                    exponent--;
                    continue;
                }
                if (scaled >= POWERS_OF_TEN[digits]) {
                    exponent++;
                    continue;
                }
                double floor = Math.floor(scaled);
                double fraction = scaled - floor;
                if (Math.abs(fraction - 0.5) < 1e-6) {
                    break; // too close to a tie to decide in a double
                }
                long rounded = (long) floor + (fraction > 0.5 ? 1 : 0);
                if (rounded == (long) POWERS_OF_TEN[digits]) {
                    rounded /= 10;
                    scale--;
                }
                return plain(value < 0, rounded, scale);
            }
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(digits));
        return rounded.setScale(rounded.scale() + digits - rounded.precision()).toPlainString();
    }

    /** {@code unscaled x 10^-scale} in plain notation, as {@link BigDecimal#toPlainString()} writes it. */
    private static String plain(boolean negative, long unscaled, int scale) {
        String digits = Long.toString(unscaled);
        var out = new StringBuilder(digits.length() + Math.abs(scale) + 3);
        if (negative) {
            out.append('-');
        }
        if (scale <= 0) {
            out.append(digits).append("0".repeat(-scale));
        } else if (scale >= digits.length()) {
            out.append("0.").append("0".repeat(scale - digits.length())).append(digits);
        } else {
            out.append(digits, 0, digits.length() - scale).append('.').append(digits, digits.length() - scale,
                    digits.length());
        }
        return out.toString();
    }

    /**
     * {@code text} (a plain decimal) without the zeros that end its fraction, and without its point when nothing is
     * left after it: {@code 5.00} is {@code 5}, {@code 2.50} is {@code 2.5}; an integer or a number in exponent
     * notation is left as it is.
     *
     * @param text a number as {@link #significant} or {@link String#format} wrote it
     * @return the text without trailing fraction zeros
     */
    static String stripFractionZeros(String text) {
        if (text.indexOf('.') < 0 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
            return text;
        }
        int end = text.length();
        while (text.charAt(end - 1) == '0') {
            end--;
        }
        if (text.charAt(end - 1) == '.') {
            end--;
        }
        return text.substring(0, end);
    }
}
