package dev.commitbench.scale;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * {@code Discovery} is used to hold what {@link DeviceDiscovery} found on this machine: the devices, the tool that
 * listed them, and notes saying why a tool listed nothing (not installed, failed, timed out), so that a message
 * about a missing device can say what was looked at.
 *
 * <p>Do not use: this type is internal to commitbench and may change at any time.
 *
 * @param devices the devices in the tool's index order; empty on a machine without a GPU
 * @param tool    the tool that listed them ({@code nvidia-smi} or {@code rocm-smi}), or {@code null} when none did
 * @param notes   what each tool that listed nothing said, e.g. {@code nvidia-smi is not on the PATH}
 */
@API(status = INTERNAL, since = "0.1")
public record Discovery(List<Device> devices, String tool, List<String> notes) {

    /**
     * Copies the lists.
     *
     * @param devices the devices in the tool's index order
     * @param tool the tool that listed them, or {@code null}
     * @param notes what each tool that listed nothing said
     */
    public Discovery {
        devices = List.copyOf(devices);
        notes = List.copyOf(notes);
    }

    /**
     * {@return e.g. {@code nvidia-smi found 2 devices: 0 (NVIDIA H100 80GB HBM3, GPU-…), 1 (…)} or
     * {@code no GPU found (nvidia-smi is not on the PATH; rocm-smi is not on the PATH)}}
     */
    public String describe() {
        if (devices.isEmpty()) {
            return "no GPU found (" + String.join("; ", notes) + ")";
        }
        return tool + " found " + devices.size() + (devices.size() == 1 ? " device: " : " devices: ")
                + devices.stream().map(Device::describe).collect(Collectors.joining(", "));
    }
}
