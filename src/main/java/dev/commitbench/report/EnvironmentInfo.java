package dev.commitbench.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.commitbench.Commit;
import dev.commitbench.internal.ProcessTree;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * {@code EnvironmentInfo} is used to record where a benchmark ran, for {@code commitbench.json}: the
 * operating system, the CPU model and count, the total memory, the Java version, the commits' SHAs,
 * the GPUs (name and driver, from {@code nvidia-smi} when it is installed) and the optimum-benchmark
 * version when known.
 *
 * <p>Nothing else is read from the machine: no host name, no user name, no environment variable.
 *
 * @param osName                  {@code os.name}
 * @param osVersion               {@code os.version}
 * @param osArch                  {@code os.arch}
 * @param cpuModel                the CPU model ({@code /proc/cpuinfo}'s {@code model name}), or {@code null} when unknown
 * @param cpuCount                the processors available to the JVM
 * @param memoryBytes             the machine's total memory in bytes, or {@code -1} when unknown
 * @param javaVersion             {@code java.version}
 * @param javaVendor              {@code java.vendor}
 * @param commits                 the benchmarked commits in plan order (the baseline first)
 * @param gpus                    the GPUs {@code nvidia-smi} lists; empty without {@code nvidia-smi} or a GPU
 * @param optimumBenchmarkVersion optimum-benchmark's version, or {@code null} when unknown
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record EnvironmentInfo(String osName, String osVersion, String osArch, String cpuModel, int cpuCount,
        long memoryBytes, String javaVersion, String javaVendor, List<Commit> commits, List<Gpu> gpus,
        String optimumBenchmarkVersion) {

    /** How long {@code nvidia-smi} may take before it is ended and the GPUs count as unknown. */
    static final Duration NVIDIA_SMI_TIMEOUT = Duration.ofSeconds(5);

    /** The query that prints one {@code name, driver_version} line per GPU. */
    static final List<String> NVIDIA_SMI = List.of("nvidia-smi", "--query-gpu=name,driver_version", "--format=csv,noheader");

    /**
     * Copies the lists.
     *
     * @param osName {@code os.name}
     * @param osVersion {@code os.version}
     * @param osArch {@code os.arch}
     * @param cpuModel the CPU model ({@code /proc/cpuinfo}'s {@code model name}), or {@code null} when unknown
     * @param cpuCount the processors available to the JVM
     * @param memoryBytes the machine's total memory in bytes, or {@code -1} when unknown
     * @param javaVersion {@code java.version}
     * @param javaVendor {@code java.vendor}
     * @param commits the benchmarked commits in plan order (the baseline first)
     * @param gpus the GPUs {@code nvidia-smi} lists; empty without {@code nvidia-smi} or a GPU
     * @param optimumBenchmarkVersion optimum-benchmark's version, or {@code null} when unknown
     */
    public EnvironmentInfo {
        commits = List.copyOf(commits);
        gpus = List.copyOf(gpus);
    }

    /**
     * One GPU as {@code nvidia-smi} names it.
     *
     * @param name          e.g. {@code NVIDIA H100 80GB HBM3}
     * @param driverVersion e.g. {@code 550.54.15}
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record Gpu(String name, String driverVersion) {
    }

    /**
     * Collects the environment of this machine; runs {@code nvidia-smi} (at most 5 seconds) when it is
     * on the {@code PATH}. The machine's part (OS, CPU, memory, Java, GPUs) is collected once per JVM, as
     * it does not change while the JVM runs; starting {@code nvidia-smi} and reading {@code /proc} again
     * each time run files are written would cost milliseconds.
     *
     * @param commits                 the benchmarked commits, the baseline first
     * @param optimumBenchmarkVersion optimum-benchmark's version, or {@code null} when unknown
     * @return the environment
     */
    public static EnvironmentInfo collect(List<Commit> commits, String optimumBenchmarkVersion) {
        EnvironmentInfo machine = ThisMachine.INFO;
        return new EnvironmentInfo(machine.osName, machine.osVersion, machine.osArch, machine.cpuModel,
                machine.cpuCount, machine.memoryBytes, machine.javaVersion, machine.javaVendor, commits,
                machine.gpus, optimumBenchmarkVersion);
    }

    static EnvironmentInfo collect(List<Commit> commits, String optimumBenchmarkVersion, List<String> nvidiaSmi,
            Duration timeout) {
        return new EnvironmentInfo(System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"), cpuModel(Path.of("/proc/cpuinfo")),
                Runtime.getRuntime().availableProcessors(), totalMemoryBytes(), System.getProperty("java.version"),
                System.getProperty("java.vendor"), commits, gpus(nvidiaSmi, timeout), optimumBenchmarkVersion);
    }

    /** {@return the environment as JSON-like maps, leaving out what is unknown} */
    public Map<String, Object> toMap() {
        var map = new LinkedHashMap<String, Object>();
        map.put("os", ordered("name", osName, "version", osVersion, "arch", osArch));
        var cpu = new LinkedHashMap<String, Object>();
        if (cpuModel != null) {
            cpu.put("model", cpuModel);
        }
        cpu.put("count", cpuCount);
        map.put("cpu", cpu);
        if (memoryBytes >= 0) {
            map.put("memoryBytes", memoryBytes);
        }
        map.put("java", ordered("version", javaVersion, "vendor", javaVendor));
        map.put("commits", commits.stream().map(c -> ordered("sha", c.sha(), "label", c.label())).toList());
        map.put("gpus", gpus.stream().map(g -> ordered("name", g.name(), "driverVersion", g.driverVersion())).toList());
        if (optimumBenchmarkVersion != null) {
            map.put("optimumBenchmarkVersion", optimumBenchmarkVersion);
        }
        return map;
    }

    private static Map<String, Object> ordered(String... keysAndValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** The {@code model name} of the first processor in a {@code /proc/cpuinfo}-shaped file, or null. */
    static String cpuModel(Path cpuinfo) {
        try {
            return Files.readAllLines(cpuinfo, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith("model name") && line.contains(":"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static long totalMemoryBytes() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
    }

    /**
     * The GPUs that {@code command} lists; empty when it cannot start, exits non-zero or runs past
     * {@code timeout} (then it and its children are ended).
     */
    static List<Gpu> gpus(List<String> command, Duration timeout) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ProcessTree.Result ended = ProcessTree.run(command, Path.of("").toAbsolutePath(), System.getenv(), timeout,
                    out, OutputStream.nullOutputStream());
            if (ended.interrupted()) {
                Thread.currentThread().interrupt();
                return List.of();
            }
            return ended.exitCode() == 0 && !ended.timedOut() ? parseNvidiaSmi(out.toString(StandardCharsets.UTF_8))
                    : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Parses {@code nvidia-smi --query-gpu=name,driver_version --format=csv,noheader}: one GPU per line. */
    static List<Gpu> parseNvidiaSmi(String output) {
        var gpus = new ArrayList<Gpu>();
        for (String line : output.strip().split("\\R")) {
            int comma = line.lastIndexOf(',');
            if (comma > 0) {
                gpus.add(new Gpu(line.substring(0, comma).strip(), line.substring(comma + 1).strip()));
            }
        }
        return gpus;
    }

    /** This machine's environment, collected on first use (the JVM's class initialization makes it once). */
    private static final class ThisMachine {
        static final EnvironmentInfo INFO = collect(List.of(), null, NVIDIA_SMI, NVIDIA_SMI_TIMEOUT);
    }
}
