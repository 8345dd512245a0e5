package dev.commitbench.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * {@code ShortestDecimal} is used by {@link PythonJson} to find Python's {@code repr} digits of a float: the decimal
 * with the fewest significant digits that reads back to the same double, the closest to it when several have that
 * length.
 *
 * <p>The answer is defined by exact decimal arithmetic ({@link #exact}: the double's exact value rounded to a number of
 * digits with {@link BigDecimal}). A fresh JVM runs that slowly at first, and a large run writes tens of thousands of
 * floats, so {@link #of} computes the same steps with 128-bit integer arithmetic ({@link #fast}) for the values where
 * that is exact (normal doubles below 10^18 whose digits lie at most 27 decimal places below the point), and uses
 * {@link #exact} for the rest. {@code ShortestDecimalTests} checks that both give the same answer on millions of
 * values of every magnitude.
 */
final class ShortestDecimal {

    /** 5^0 to 5^27: the powers of five below 2^63. */
    private static final long[] POWERS_OF_FIVE = new long[28];
    /** 10^0 to 10^18. */
    private static final long[] POWERS_OF_TEN = new long[19];
    /** How the part of a value below a digit position compares with half a unit there (low two bits of a floor). */
    private static final int ZERO = 0;
    private static final int BELOW_HALF = 1;
    private static final int HALF = 2;
    private static final int ABOVE_HALF = 3;
    /** A candidate {@link #fast} cannot decide exactly. */
    private static final long UNDECIDED = -1;
    /** No candidate of that length reads back. */
    private static final long NONE = -2;

    static {
        POWERS_OF_FIVE[0] = 1;
        for (int i = 1; i < POWERS_OF_FIVE.length; i++) {
            POWERS_OF_FIVE[i] = POWERS_OF_FIVE[i - 1] * 5;
        }
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    /**
     * A decimal {@code 0.digits × 10^decimalPoint}.
     *
     * @param digits       the significant digits, without leading or trailing zeros
     * @param decimalPoint where the decimal point goes: the number of digits before it (negative or zero below 0.1)
     */
    record Decimal(String digits, int decimalPoint) {
    }

    private ShortestDecimal() {
    }

    /**
     * {@return the shortest decimal that reads back to {@code value}, the closest to it among those of that length}
     *
     * @param value a positive finite double
     */
    static Decimal of(double value) {
        Decimal fast = fast(value);
        return fast != null ? fast : exact(value);
    }

    /**
     * The answer of {@link #exact} from 128-bit integer arithmetic, or {@code null} where that would not be exact.
     *
     * @param value a positive finite double
     * @return the decimal, or {@code null}
     */
    static Decimal fast(double value) {
        if (!(value >= Double.MIN_NORMAL && value < 1e18)) {
            return null;
        }
        long bits = Double.doubleToRawLongBits(value);
        long significand = (bits & 0xF_FFFF_FFFF_FFFFL) | 1L << 52;
        int binaryExponent = (int) (bits >>> 52) - 1075; // value = significand × 2^binaryExponent, exactly
        int point = decimalPoint(value, significand, binaryExponent);
        if (point == Integer.MIN_VALUE) {
            return null;
        }
        // Some decimal of p digits reads back whenever one of p - 1 digits does (append a zero), and 17 digits always
        // do: the shortest length is the last, going down from 17, at which a candidate reads back. exact() walks from
        // Double.toString's length instead, to the same length.
        long digits = -1;
        int precision = 0;
        for (int p = 17; p >= 1; p--) {
            long found = candidate(value, significand, binaryExponent, point, p);
            if (found == UNDECIDED) {
                return null;
            }
            if (found == NONE) {
                break;
            }
            digits = found;
            precision = p;
        }
        if (digits < 0) {
            return null;
        }
        String text = Long.toString(digits);
        int end = text.length();
        while (end > 1 && text.charAt(end - 1) == '0') {
            end--;
        }
        // digits × 10^(point - precision), where digits has precision digits, or one more after a carry (999 -> 1000)
        return new Decimal(text.substring(0, end), point + text.length() - precision);
    }

    /**
     * The candidate of {@code precision} digits (its digits {@code d}, the value {@code d × 10^(point - precision)}):
     * the value rounded half-even to that many digits when that reads back, else its neighbour on the other side of the
     * value when that reads back; {@link #NONE} when neither does, {@link #UNDECIDED} outside the exact range.
     */
    private static long candidate(double value, long significand, int binaryExponent, int point, int precision) {
        int exponent = point - precision;
        Scaled scaled = Scaled.at(value, significand, binaryExponent, exponent);
        if (scaled == null) {
            return UNDECIDED;
        }
        long head = scaled.head;
        if (scaled.rest == ZERO) {
            return head; // the value itself has that many digits
        }
        boolean up = scaled.rest == ABOVE_HALF || scaled.rest == HALF && (head & 1) == 1;
        if (up ? scaled.upReadsBack(value, exponent) : scaled.downReadsBack(value, exponent)) {
            return up ? head + 1 : head;
        }
        if (up ? scaled.downReadsBack(value, exponent) : scaled.upReadsBack(value, exponent)) {
            return up ? head : head + 1;
        }
        return NONE;
    }

    /** The exact decimal point of {@code value} (10^(point-1) <= value < 10^point), or MIN_VALUE outside the range. */
    private static int decimalPoint(double value, long significand, int binaryExponent) {
        int point = (int) Math.floor(Math.log10(value)) + 1;
        for (int tries = 0; tries < 3; tries++) {
            int exponent = point - 1;
            Scaled scaled = Scaled.at(value, significand, binaryExponent, exponent);
            if (scaled == null) {
                return Integer.MIN_VALUE;
            }
            if (scaled.head >= 10) {
                point++;
            } else if (scaled.head == 0) {
                point--;
            } else {
                return point;
            }
        }
        return Integer.MIN_VALUE;
    }

    /**
     * A value divided by {@code 10^exponent}: its whole part {@code head} (below 2^61), how the rest compares with one
     * half ({@code rest}), and what decides whether {@code head} and {@code head + 1} times {@code 10^exponent} read
     * back to the value.
     */
    private static final class Scaled {

        final long head;
        final int rest;
        /** Whether the candidates read back is found by parsing them (the whole-part form), else from the rest. */
        private final boolean parse;
        /**
         * The binary form: the rest is {@code (restHigh·2^64 + restLow) / 2^shift}; half the gap to the next double is
         * {@code 5^e / 2} in those units (below a power of two, where doubles lie twice as close, {@code 5^e / 4}).
         */
        private final long restHigh;
        private final long restLow;
        private final int shift;
        private final long halfGapAbove;
        private final long halfGapBelow;

        private Scaled(long head, int rest, boolean parse, long restHigh, long restLow, int shift, long halfGapAbove,
                long halfGapBelow) {
            this.head = head;
            this.rest = rest;
            this.parse = parse;
            this.restHigh = restHigh;
            this.restLow = restLow;
            this.shift = shift;
            this.halfGapAbove = halfGapAbove;
            this.halfGapBelow = halfGapBelow;
        }

        /** {@code value / 10^exponent}, {@code value = significand × 2^binaryExponent}; null outside the exact range. */
        static Scaled at(double value, long significand, int binaryExponent, int exponent) {
            return exponent > 0 ? whole(value, exponent) : of(significand, binaryExponent, -exponent);
        }

        /** {@code value / 10^exponent} for {@code exponent > 0}, from the value's whole part; null from 2^62 on. */
        static Scaled whole(double value, int exponent) {
            if (exponent >= POWERS_OF_TEN.length || value >= 0x1p62) {
                return null;
            }
            long whole = (long) value;
            boolean fraction = whole != value;
            long unit = POWERS_OF_TEN[exponent];
            long half = unit / 2;
            long below = whole % unit;
            int rest = below == 0 && !fraction ? ZERO : below < half ? BELOW_HALF
                    : below == half && !fraction ? HALF : ABOVE_HALF;
            return new Scaled(whole / unit, rest, true, 0, 0, 0, 0, 0);
        }

        /**
         * {@code significand × 2^binaryExponent × 10^e} for {@code 0 <= e <= 27}: {@code significand × 5^e} (below
         * 2^116) shifted by {@code binaryExponent + e}; null where the whole part reaches 2^61.
         */
        static Scaled of(long significand, int binaryExponent, int e) {
            if (e >= POWERS_OF_FIVE.length) {
                return null;
            }
            long five = POWERS_OF_FIVE[e];
            long high = Math.multiplyHigh(significand, five); // both below 2^63: no sign to correct
            long low = significand * five;
            int shift = binaryExponent + e;
            if (shift >= 0) {
                if (high != 0 || shift > 60 || low >>> (61 - shift) != 0) {
                    return null;
                }
                return new Scaled(low << shift, ZERO, false, 0, 0, 0, 0, 0);
            }
            int right = -shift;
            long head;
            long restHigh;
            long restLow;
            int rest;
            if (right < 64) {
                if (high >>> right != 0) {
                    return null;
                }
                head = high << (64 - right) | low >>> right;
                restHigh = 0;
                restLow = low & ((1L << right) - 1);
                long half = 1L << (right - 1);
                rest = restLow == 0 ? ZERO : Long.compareUnsigned(restLow, half) < 0 ? BELOW_HALF
                        : restLow == half ? HALF : ABOVE_HALF;
            } else if (right < 128) {
                int inHigh = right - 64;
                head = inHigh == 0 ? high : high >>> inHigh;
                restHigh = inHigh == 0 ? 0 : high & ((1L << inHigh) - 1);
                restLow = low;
                if (inHigh == 0) {
                    int versusHalf = Long.compareUnsigned(low, Long.MIN_VALUE);
                    rest = low == 0 ? ZERO : versusHalf < 0 ? BELOW_HALF : versusHalf == 0 ? HALF : ABOVE_HALF;
                } else {
                    long halfHigh = 1L << (inHigh - 1);
                    rest = restHigh == 0 && low == 0 ? ZERO : restHigh < halfHigh ? BELOW_HALF
                            : restHigh == halfHigh && low == 0 ? HALF : ABOVE_HALF;
                }
            } else {
                return null;
            }
            if (head < 0 || head >= 1L << 61) {
                return null;
            }
            boolean powerOfTwo = significand == 1L << 52;
            // 5^e is odd, so twice a distance never equals it: no ties at the gap's middle
            return new Scaled(head, rest, false, restHigh, restLow, right, five >>> 1, powerOfTwo ? five >>> 2 : five >>> 1);
        }

        /** Whether {@code head × 10^exponent}, at or below the value, reads back: the rest is at most half a gap below. */
        boolean downReadsBack(double value, int exponent) {
            if (parse) {
                return readsBack(head, exponent, value);
            }
            // rest (in units of 2^-shift) < 5^e / 2, i.e. rest <= halfGapBelow (5^e is odd)
            return restHigh == 0 && Long.compareUnsigned(restLow, halfGapBelow) <= 0;
        }

        /** Whether {@code (head + 1) × 10^exponent}, above the value, reads back: 1 - rest is at most half a gap above. */
        boolean upReadsBack(double value, int exponent) {
            if (parse) {
                return readsBack(head + 1, exponent, value);
            }
            // 2^shift - rest <= halfGapAbove, with the rest below 2^shift
            if (shift < 64) {
                return Long.compareUnsigned((1L << shift) - restLow, halfGapAbove) <= 0; // 1L << 63 is 2^63 unsigned
            }
            long top = shift == 64 ? 0 : (1L << (shift - 64)) - 1; // 2^shift - rest fits 64 bits only with this high part
            return restHigh == top && restLow != 0 && Long.compareUnsigned(-restLow, halfGapAbove) <= 0;
        }
    }

    private static boolean readsBack(long digits, int exponent, double value) {
        return Double.parseDouble(digits + "E" + exponent) == value;
    }

    /**
     * The answer by exact decimal arithmetic: {@code value}'s exact value rounded to ever fewer digits.
     *
     * @param value a positive finite double
     * @return the decimal
     */
    static Decimal exact(double value) {
        BigDecimal exact = new BigDecimal(value);
        // Double.toString always reads back, but before JDK 19 it is not always the shortest: start from
        // its length and walk down while a shorter decimal still reads back (the property is monotonic).
        int precision = Math.min(significantDigits(Double.toString(value)), 17);
        while (precision < 17 && candidate(exact, precision, value) == null) {
            precision++;
        }
        while (precision > 1 && candidate(exact, precision - 1, value) != null) {
            precision--;
        }
        BigDecimal shortest = candidate(exact, precision, value).stripTrailingZeros(); // 17 digits always read back
        String digits = shortest.unscaledValue().toString();
        return new Decimal(digits, digits.length() - shortest.scale());
    }

    /**
     * The decimal of {@code precision} significant digits closest to {@code exact} that reads back to
     * {@code value}, else the one on the other side of it when that reads back, else null.
     */
    private static BigDecimal candidate(BigDecimal exact, int precision, double value) {
        BigDecimal nearest = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
        if (nearest.doubleValue() == value) {
            return nearest;
        }
        RoundingMode other = nearest.compareTo(exact) > 0 ? RoundingMode.FLOOR : RoundingMode.CEILING;
        BigDecimal second = exact.round(new MathContext(precision, other));
        return second.doubleValue() == value ? second : null;
    }

    private static int significantDigits(String javaRepr) {
        int e = javaRepr.indexOf('E');
        String mantissa = (e < 0 ? javaRepr : javaRepr.substring(0, e)).replace(".", "");
        int start = 0;
        while (start < mantissa.length() - 1 && mantissa.charAt(start) == '0') {
            start++;
        }
        int end = mantissa.length();
        while (end > start + 1 && mantissa.charAt(end - 1) == '0') {
            end--;
        }
        return end - start;
    }
}
