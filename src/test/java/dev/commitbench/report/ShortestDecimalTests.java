package dev.commitbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Verifies that {@link ShortestDecimal}'s integer arithmetic gives the answer of its exact decimal arithmetic wherever
 * it gives one, that it gives one for the values benchmarks write, and that {@link ShortestDecimal#of} is always the
 * exact answer: on hand-picked values (ties, carries, powers of two and ten, the ends of the fast range) and on
 * millions of drawn ones. {@code PythonJsonTests} checks the same digits against what Python wrote.
 */
class ShortestDecimalTests {

    @ParameterizedTest(name = "{0} -> {1} x 10^{2}")
    @CsvSource(delimiterString = "|", textBlock = """
            0.1                   | 1                 | 0
            0.009945174147154373  | 9945174147154373  | -2
            1.0                   | 1                 | 1
            100.0                 | 1                 | 3
            1200.0                | 12                | 4
            123.456               | 123456            | 3
            1e23                  | 1                 | 24
            5e-324                | 5                 | -323
            1.7976931348623157e308| 17976931348623157 | 309
            2.2250738585072014e-308| 22250738585072014 | -307
            0.3                   | 3                 | 0
            2.675                 | 2675              | 1
            1e-05                 | 1                 | -4
            1e16                  | 1                 | 17
            123456789012345680.0  | 12345678901234568 | 18
            """)
    void findsTheShortestDigitsThatReadBack(double value, String digits, int decimalPoint) {
        assertThat(ShortestDecimal.of(value)).isEqualTo(new ShortestDecimal.Decimal(digits, decimalPoint))
                .isEqualTo(ShortestDecimal.exact(value));
    }

    @Test
    void theIntegerArithmeticAnswersForTheValuesBenchmarksWrite() {
        SplittableRandom random = new SplittableRandom(3);
        int answered = 0;
        int total = 20_000;
        for (int i = 0; i < total; i++) {
            // latencies in seconds, throughputs, memory in MB: 1e-9 to 1e12
            double value = Math.pow(10, random.nextDouble(-9, 12)) * (1 + random.nextGaussian() * 0.01);
            if (value > 0 && ShortestDecimal.fast(value) != null) {
                answered++;
            }
        }
        assertThat(answered).isEqualTo(total);
        assertThat(ShortestDecimal.fast(1.2345678901234567e-12)).as("a digit 28 places below the point: beyond 5^27")
                .isNull();
        assertThat(ShortestDecimal.fast(1.2345678901234567e-11)).isNotNull();
        assertThat(ShortestDecimal.fast(1e18)).as("10^18 and above: beyond the whole part's long").isNull();
        assertThat(ShortestDecimal.fast(Double.MIN_VALUE)).as("subnormal").isNull();
    }

    @Test
    void theIntegerArithmeticGivesTheExactAnswerOnDrawnValuesOfEveryKind() {
        SplittableRandom random = new SplittableRandom(1);
        List<DoubleSupplier> kinds = List.of(
                // any bit pattern: every magnitude, mostly outside the fast range
                () -> Math.abs(Double.longBitsToDouble(random.nextLong())),
                // the fast range, spread over its magnitudes
                () -> Math.pow(10, random.nextDouble(-10.5, 18)),
                // a few digits: short answers, ties and carries where the walk goes down
                () -> random.nextInt(1, 1_000_000) * Math.pow(10, random.nextInt(-14, 12)),
                () -> random.nextInt(1, 100_000) / Math.pow(10, random.nextInt(0, 8)) + 0.5,
                // around powers of two (a narrower interval below) and of ten
                () -> neighbour(Math.scalb(1.0, random.nextInt(-36, 60)), random.nextInt(-3, 4)),
                () -> neighbour(Math.pow(10, random.nextInt(-10, 18)), random.nextInt(-3, 4)),
                // whole numbers, with and without a half
                () -> random.nextLong(1, 1L << 62) >>> random.nextInt(0, 60),
                () -> (random.nextLong(1, 1L << 52) >>> random.nextInt(0, 50)) + 0.5);
        List<String> mismatches = new ArrayList<>();
        int answered = 0;
        int compared = 0;
        for (DoubleSupplier kind : kinds) {
            for (int i = 0; i < 150_000; i++) {
                double value = kind.getAsDouble();
                if (!(value > 0) || Double.isInfinite(value)) {
                    continue;
                }
                compared++;
                ShortestDecimal.Decimal fast = ShortestDecimal.fast(value);
                if (fast == null) {
                    continue;
                }
                answered++;
                ShortestDecimal.Decimal exact = ShortestDecimal.exact(value);
                if (!fast.equals(exact) && mismatches.size() < 10) {
                    mismatches.add(value + ": " + fast + " for " + exact);
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(answered).as("of %d values compared", compared).isGreaterThan(compared * 3 / 4);
    }

    private static double neighbour(double value, int steps) {
        double result = value;
        for (int i = 0; i < Math.abs(steps); i++) {
            result = steps < 0 ? Math.nextDown(result) : Math.nextUp(result);
        }
        return result;
    }
}
