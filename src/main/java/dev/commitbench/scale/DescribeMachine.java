package dev.commitbench.scale;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * {@code DescribeMachine} is used to see what commitbench finds on a machine before running on its GPUs: it prints
 * what {@link DeviceDiscovery} found (or why nothing), the devices a device list selects, each worker's pinning
 * (environment and optimum-benchmark override), and each worker's {@link MachineFingerprint} as JSON.
 *
 * <pre>{@code java -cp commitbench-cli.jar dev.commitbench.scale.DescribeMachine [auto | 0,1,2,3]}</pre>
 *
 * Without an argument it describes {@code auto}. It exits 0, or 2 when the device list names a device that does not
 * exist (the message says which, and what was found).
 *
 * <p>Do not use: this class is internal to commitbench and may change at any time.
 */
@API(status = INTERNAL, since = "0.1")
public final class DescribeMachine {

    private DescribeMachine() {
    }

    /**
     * Describes this machine.
     *
     * @param args an optional device list ({@code auto}, the default, or {@code 0,1,2,3})
     */
    public static void main(String[] args) {
        System.exit(describe(new DeviceDiscovery(), args.length == 0 ? DeviceList.AUTO_WORD : args[0], System.out));
    }

    /**
     * Prints the description.
     *
     * @param discovery how to discover the devices
     * @param devices   the device list to select with
     * @param out       where to print
     * @return the exit code: 0, or 2 for a device list that cannot be used
     */
    static int describe(DeviceDiscovery discovery, String devices, PrintStream out) {
        Discovery found = discovery.discover();
        out.println("discovery: " + found.describe());
        if (!found.devices().isEmpty() && !found.notes().isEmpty()) {
            out.println("notes: " + String.join("; ", found.notes()));
        }
        List<Device> selected;
        try {
            selected = DeviceList.parse("devices", devices).select(found);
        } catch (DeviceException e) {
            out.println(e.getMessage());
            return 2;
        }
        WorkerPool pool = new WorkerPool(selected);
        out.println("devices " + devices + ": " + pool.workers().size() + (pool.workers().size() == 1 ? " worker"
                : " workers") + (selected.isEmpty() ? " (sequential on the default device)" : ""));
        int n = 0;
        for (Pinning pinning : pool.workers()) {
            out.println("worker " + ++n + ": " + pinning.describe());
            out.println("  environment: " + words(pinning.environment()));
            out.println("  optimum-benchmark: " + (pinning.optimumBenchmarkOverrides().isEmpty() ? "(no override)"
                    : String.join(" ", pinning.optimumBenchmarkOverrides())));
            out.println("  fingerprint: " + MachineFingerprint.of(pinning).toJson().replace("\n", "\n  "));
        }
        return 0;
    }

    private static String words(Map<String, String> environment) {
        return environment.isEmpty() ? "(nothing added)" : environment.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
