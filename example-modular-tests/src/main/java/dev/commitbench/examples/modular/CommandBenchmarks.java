package dev.commitbench.examples.modular;

import dev.commitbench.BenchmarkExtension;
import dev.commitbench.InconclusivePolicy;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * {@code CommandBenchmarks} holds the benchmark defaults this project's test classes share: the command engine,
 * exactly two rounds of a few iterations ({@code maxRounds} equal to {@code rounds}: no rounds are added while a
 * gate is undecided), and a failed test where the rounds cannot decide. A test class registers
 * them with {@code @RegisterExtension static BenchmarkExtension commitbench = CommandBenchmarks.on(() -> repo);}.
 */
public final class CommandBenchmarks {

    private CommandBenchmarks() {
    }

    /**
     * The shared defaults for the repository {@code repository} gives.
     *
     * @param repository gives a directory inside the repository under test, after {@code @BeforeAll}
     * @return the extension to register
     */
    public static BenchmarkExtension on(Supplier<Path> repository) {
        return BenchmarkExtension.builder()
                .repository(repository)
                .engine("command")
                .rounds(2)
                .maxRounds(2)
                .warmups(0)
                .iterations(2)
                .inconclusive(InconclusivePolicy.FAIL)
                .build();
    }
}
