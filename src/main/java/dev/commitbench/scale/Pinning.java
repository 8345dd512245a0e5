package dev.commitbench.scale;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * {@code Pinning} is used to confine a process to one device: the data an engine adds to each run of a unit.
 * <ul>
 *   <li>{@link #environment()}: for the command engine (any command), {@code CUDA_VISIBLE_DEVICES=<index>} with
 *       {@code CUDA_DEVICE_ORDER=PCI_BUS_ID} (so that the index means what {@code nvidia-smi} means by it; CUDA's
 *       own default order is fastest first) on NVIDIA, {@code HIP_VISIBLE_DEVICES=<index>} on AMD;</li>
 *   <li>{@link #optimumBenchmarkOverrides()}: for optimum-benchmark, the Hydra override
 *       {@code backend.device_ids=<index>} and nothing in the environment: optimum-benchmark sets
 *       {@code CUDA_DEVICE_ORDER}, {@code CUDA_VISIBLE_DEVICES} (NVIDIA) or {@code ROCR_VISIBLE_DEVICES} (AMD) from
 *       it itself, and a {@code HIP_VISIBLE_DEVICES} beside {@code ROCR_VISIBLE_DEVICES} would index into the one
 *       device left visible and hide it;</li>
 *   <li>{@link #placeholders()}: {@code ${device}} for commands and overrides.</li>
 * </ul>
 * {@link #none()} is the machine's default device: no variable, no override, {@code ${device}} empty.
 *
 * <p>Do not use: this type is internal to commitbench and may change at any time.
 *
 * @param device                     the device, or {@code null} for the default device
 * @param environment                variables for the command engine's processes
 * @param optimumBenchmarkOverrides  Hydra overrides for optimum-benchmark's processes
 */
@API(status = INTERNAL, since = "0.1")
public record Pinning(Device device, Map<String, String> environment, List<String> optimumBenchmarkOverrides) {

    /** The placeholder a command or override names the device id with. */
    public static final String PLACEHOLDER = "device";

    private static final Pinning NONE = new Pinning(null, Map.of(), List.of());

    /**
     * Copies the collections.
     *
     * @param device the device, or {@code null} for the default device
     * @param environment variables for the command engine's processes
     * @param optimumBenchmarkOverrides Hydra overrides for optimum-benchmark's processes
     */
    public Pinning {
        environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        optimumBenchmarkOverrides = List.copyOf(optimumBenchmarkOverrides);
    }

    /** {@return the machine's default device: nothing pinned} */
    public static Pinning none() {
        return NONE;
    }

    /**
     * {@return the pinning to {@code device}}
     *
     * @param device the device
     */
    public static Pinning to(Device device) {
        Map<String, String> environment = new LinkedHashMap<>();
        if (device.vendor() == Device.Vendor.NVIDIA) {
            environment.put("CUDA_DEVICE_ORDER", "PCI_BUS_ID");
            environment.put("CUDA_VISIBLE_DEVICES", device.id());
        } else {
            environment.put("HIP_VISIBLE_DEVICES", device.id());
        }
        return new Pinning(device, environment, List.of("backend.device_ids=" + device.id()));
    }

    /** {@return the device id ({@code ""} for the default device)} */
    public String id() {
        return device == null ? "" : device.id();
    }

    /** {@return {@code device} to the device id, for placeholder expansion} */
    public Map<String, String> placeholders() {
        return Map.of(PLACEHOLDER, id());
    }

    /** {@return e.g. {@code device 0 (NVIDIA H100 80GB HBM3, GPU-…)} or {@code the default device}} */
    public String describe() {
        return device == null ? "the default device" : "device " + device.describe();
    }
}
