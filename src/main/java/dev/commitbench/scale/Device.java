package dev.commitbench.scale;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * {@code Device} is used to name one GPU as the machine's management tool lists it: {@code nvidia-smi} for
 * NVIDIA, {@code rocm-smi} for AMD. Its {@link #pinning()} says how a process is confined to it.
 *
 * <p>Do not use: this type is internal to commitbench and may change at any time.
 *
 * @param vendor        who made it, which decides the tool and the pinning variables
 * @param index         the tool's index ({@code nvidia-smi}'s is in PCI bus order), never negative
 * @param uuid          the device's unique id ({@code GPU-…} for NVIDIA, {@code rocm-smi}'s {@code Unique ID} for
 *                      AMD), or {@code null} when the tool gives none
 * @param name          the product name, e.g. {@code NVIDIA H100 80GB HBM3}
 * @param driverVersion the driver's version, or {@code null} when unknown
 * @param memoryMiB     the device's total memory in MiB, or {@code -1} when unknown
 */
@API(status = INTERNAL, since = "0.1")
public record Device(Vendor vendor, int index, String uuid, String name, String driverVersion, long memoryMiB) {

    /**
     * Checks the values.
     *
     * @param vendor who made it
     * @param index the tool's index, never negative
     * @param uuid the device's unique id, or {@code null}
     * @param name the product name
     * @param driverVersion the driver's version, or {@code null}
     * @param memoryMiB the total memory in MiB, or {@code -1}
     */
    public Device {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(name, "name");
        if (index < 0) {
            throw new IllegalArgumentException("a device index is never negative: " + index);
        }
    }

    /** Who made a device. */
    @API(status = INTERNAL, since = "0.1")
    public enum Vendor {
        /** NVIDIA, listed by {@code nvidia-smi}, pinned with {@code CUDA_VISIBLE_DEVICES}. */
        NVIDIA,
        /** AMD, listed by {@code rocm-smi}, pinned with {@code HIP_VISIBLE_DEVICES}. */
        AMD
    }

    /** {@return the id a process is pinned with and {@code ${device}} expands to: the index} */
    public String id() {
        return Integer.toString(index);
    }

    /** {@return how a process is confined to this device} */
    public Pinning pinning() {
        return Pinning.to(this);
    }

    /** {@return e.g. {@code 0 (NVIDIA H100 80GB HBM3, GPU-8b3c…)}, for messages} */
    public String describe() {
        return index + " (" + name + (uuid == null ? "" : ", " + uuid) + ")";
    }
}
