package dev.commitbench.testing;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code SlurmCluster} is used by the tests to find the real single-node Slurm cluster that
 * {@code src/test/slurm/slurm-cluster.sh start STATE_DIR} runs: its state folder comes from the system property
 * {@code commitbench.slurm} or the environment variable {@code COMMITBENCH_SLURM} ({@code .ci/run} sets it), and
 * clients reach it with {@code SLURM_CONF=STATE_DIR/slurm.conf}. Without it, a test that needs the cluster is
 * skipped, the reason saying how to start one.
 */
public final class SlurmCluster {

    /** The script that starts and stops the cluster, from the project root. */
    public static final Path SCRIPT = Path.of("src/test/slurm/slurm-cluster.sh");

    private SlurmCluster() {
    }

    /** {@return the cluster's state folder; skips the calling test when there is no cluster} */
    public static Path stateFolder() {
        String dir = System.getProperty("commitbench.slurm", System.getenv("COMMITBENCH_SLURM"));
        assumeThat(dir).as("no Slurm cluster: start one with '" + SCRIPT + " start /tmp/commitbench-slurm' (as root)"
                + " and set COMMITBENCH_SLURM=/tmp/commitbench-slurm (.ci/run does both)").isNotBlank();
        Path state = Path.of(dir);
        assumeThat(state.resolve("slurm.conf")).as("COMMITBENCH_SLURM=" + dir + " has no slurm.conf: start the"
                + " cluster with '" + SCRIPT + " start " + dir + "'").isRegularFile();
        return state;
    }

    /** {@return the environment that points Slurm's client at the cluster; skips without a cluster} */
    public static Map<String, String> environment() {
        return Map.of("SLURM_CONF", stateFolder().resolve("slurm.conf").toString());
    }

    /**
     * Runs a Slurm client command against the cluster and returns its standard output.
     *
     * @param command e.g. {@code squeue --noheader}
     * @return the standard output
     */
    public static String client(String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).redirectErrorStream(true);
        builder.environment().putAll(environment());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not answer within 60 s");
        }
        return out;
    }
}
