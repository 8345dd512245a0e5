package dev.commitbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Verifies that {@link DecimalText} writes exactly what {@code String.format} and {@code BigDecimal} write, which the
 * reports used before: the same ties, signs, carries and notations, on hand-picked values and on hundreds of thousands of drawn ones.
 */
class DecimalTextTests {

    @ParameterizedTest(name = "{0} with {1} decimals -> {2}")
    @CsvSource(delimiterString = "|", textBlock = """
            0.25      | 1 | 0.3
            0.35      | 1 | 0.4
            1.45      | 1 | 1.5
            2.675     | 2 | 2.68
            9.95      | 1 | 10.0
            999999.95 | 1 | 1000000.0
            0.04      | 0 | 0
            0.5       | 0 | 1
            -0.04     | 1 | -0.0
            -0.0      | 1 | -0.0
            0         | 2 | 0.00
            123.456   | 0 | 123
            0.0015    | 3 | 0.002
            1e-4      | 2 | 0.00
            12345678.9| 1 | 12345678.9
            """)
    void fixedRoundsTheShortestDigitsHalfUpAsFormatterDoes(double value, int decimals, String expected) {
        assertThat(DecimalText.fixed(value, decimals, false)).isEqualTo(expected)
                .isEqualTo(String.format(Locale.ROOT, "%." + decimals + "f", value));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "|", textBlock = """
            5.04   | +5.0
            0      | +0.0
            -0.0   | -0.0
            -0.04  | -0.0
            -12.35 | -12.4
            NaN    | NaN
            """)
    void fixedWithPlusSignsWhatIsNotNegative(double value, String expected) {
        assertThat(DecimalText.fixed(value, 1, true)).isEqualTo(expected)
                .isEqualTo(String.format(Locale.ROOT, "%+.1f", value));
    }

    @Test
    void fixedIsFormattersTextForValuesOfEveryMagnitude() {
        var mismatches = new ArrayList<String>();
        for (double value : drawn(60_000, 1)) {
            for (int decimals = 0; decimals <= 3; decimals++) {
                for (boolean plus : new boolean[] {false, true}) {
                    String expected = String.format(Locale.ROOT, (plus ? "%+." : "%.") + decimals + "f", value);
                    String actual = DecimalText.fixed(value, decimals, plus);
                    if (!expected.equals(actual) && mismatches.size() < 10) {
                        mismatches.add(value + " (" + decimals + ", " + plus + "): " + actual + " for " + expected);
                    }
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @ParameterizedTest(name = "{0} to {1} digits -> {2}")
    @CsvSource(delimiterString = "|", textBlock = """
            2.5                | 4 | 2.500
            13.9               | 4 | 13.90
            0.001234           | 4 | 0.001234
            1200               | 2 | 1200
            1.0005             | 4 | 1.000
            1.00050001         | 4 | 1.001
            9.9996             | 4 | 10.00
            999.9999999999999  | 4 | 1000
            -0.0012345         | 3 | -0.00123
            0.125              | 2 | 0.13
            1234.5678          | 9 | 1234.56780
            9999999.5          | 7 | 10000000
            """)
    void significantRoundsTheExactValueHalfUpAsBigDecimalDoes(double value, int digits, String expected) {
        assertThat(DecimalText.significant(value, digits)).isEqualTo(expected).isEqualTo(bigDecimal(value, digits));
    }

    @Test
    void significantIsBigDecimalsTextForValuesOfEveryMagnitude() {
        var mismatches = new ArrayList<String>();
        for (double value : drawn(40_000, 2)) {
            if (value == 0 || !Double.isFinite(value)) {
                continue;
            }
            for (int digits = 1; digits <= 10; digits++) {
                String expected = bigDecimal(value, digits);
                String actual = DecimalText.significant(value, digits);
                if (!expected.equals(actual) && mismatches.size() < 10) {
                    mismatches.add(value + " (" + digits + " digits): " + actual + " for " + expected);
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "|", textBlock = """
            5.00     | 5
            2.50     | 2.5
            0.0500   | 0.05
            100      | 100
            100.0    | 100
            -2.50    | -2.5
            1.00e-04 | 1.00e-04
            1.00e+10 | 1.00e+10
            """)
    void stripFractionZerosDropsTheZerosEndingAFractionOnly(String text, String expected) {
        assertThat(DecimalText.stripFractionZeros(text)).isEqualTo(expected)
                .isEqualTo(text.replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", ""));
    }

    private static String bigDecimal(double value, int digits) {
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(digits));
        return rounded.setScale(rounded.scale() + digits - rounded.precision()).toPlainString();
    }

    /** Values a report meets (changes, coordinates, latencies) and values built to sit on ties, of both signs. */
    private static List<Double> drawn(int count, long seed) {
        var random = new SplittableRandom(seed);
        var values = new ArrayList<Double>();
        for (int i = 0; i < count; i++) {
            double sign = random.nextBoolean() ? 1 : -1;
            double value = switch (i % 5) {
                case 0 -> random.nextDouble(-200, 200);
                case 1 -> Math.round(random.nextDouble(1, 1e6)) / Math.pow(10, random.nextInt(0, 7))
                        + (random.nextBoolean() ? 0 : 5 * Math.pow(10, -random.nextInt(1, 9)));
                case 2 -> sign * Math.pow(10, random.nextDouble(-5, 9));
                case 3 -> sign * Math.round(random.nextDouble(1000, 100_000)) * 0.5 / Math.pow(10, random.nextInt(0, 8));
                default -> Double.longBitsToDouble(random.nextLong());
            };
            if (Double.isFinite(value)) {
                values.add(value);
            }
        }
        return values;
    }
}
