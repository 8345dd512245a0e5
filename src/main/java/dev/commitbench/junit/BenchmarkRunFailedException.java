package dev.commitbench.junit;

/** Thrown when a benchmark run failed (engine or setup failure): the invocation errors, it never passes. */
final class BenchmarkRunFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BenchmarkRunFailedException(String message) {
        super(message);
    }
}
