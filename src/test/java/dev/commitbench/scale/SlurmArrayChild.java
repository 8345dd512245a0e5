package dev.commitbench.scale;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code SlurmArrayChild} is used by {@link SlurmExecutorTests} as a separate JVM that submits a Slurm array of
 * long sleeps and waits for it, to be ended with SIGINT as a terminal's Ctrl-C would.
 * Arguments: the run folder, the job name, the {@code SLURM_CONF} path, the sleep's seconds.
 */
public final class SlurmArrayChild {

    private SlurmArrayChild() {
    }

    public static void main(String[] args) {
        SlurmArray array = new SlurmArray(args[1], List.of("sleep", args[3]), 3, List.of(), Path.of(args[0]),
                Path.of(args[0]));
        SlurmExecutor executor = new SlurmExecutor(Map.of("SLURM_CONF", args[2]), Duration.ofSeconds(60),
                Duration.ofSeconds(5));
        SlurmResult result = executor.run(array, Duration.ofMinutes(5));
        System.out.println("finished: " + result);
    }
}
