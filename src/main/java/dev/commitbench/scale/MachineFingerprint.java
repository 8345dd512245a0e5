package dev.commitbench.scale;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.report.EnvironmentInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code MachineFingerprint} is used to record where a unit of work ran, so that a merge can tell that every run of
 * a point ran on one machine and one device, and a report can name them: the host name, the CPU model and count,
 * the operating system, and the GPU (name, UUID, driver) when the unit was pinned to one. It round-trips through
 * JSON ({@link #toJson()}, {@link #fromJson(String)}).
 *
 * <p>Do not use: this type is internal to commitbench and may change at any time.
 *
 * @param host      the host name ({@code /proc/sys/kernel/hostname}, else the JVM's local host name)
 * @param cpuModel  the CPU model, or {@code null} when unknown
 * @param cpuCount  the processors available to the JVM
 * @param osName    {@code os.name}
 * @param osVersion {@code os.version}
 * @param osArch    {@code os.arch}
 * @param device    the device the unit was pinned to, or {@code null} for the default device
 */
@API(status = INTERNAL, since = "0.1")
public record MachineFingerprint(String host, String cpuModel, int cpuCount, String osName, String osVersion,
        String osArch, Device device) {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /**
     * Checks the values.
     *
     * @param host the host name
     * @param cpuModel the CPU model, or {@code null}
     * @param cpuCount the processors available to the JVM
     * @param osName {@code os.name}
     * @param osVersion {@code os.version}
     * @param osArch {@code os.arch}
     * @param device the device, or {@code null}
     */
    public MachineFingerprint {
        Objects.requireNonNull(host, "host");
    }

    /**
     * {@return this machine's fingerprint with {@code pinning}'s device}
     *
     * @param pinning the device the unit runs on ({@link Pinning#none()} for the default device)
     */
    public static MachineFingerprint of(Pinning pinning) {
        EnvironmentInfo machine = EnvironmentInfo.collect(List.of(), null);
        return new MachineFingerprint(hostName(), machine.cpuModel(), machine.cpuCount(), machine.osName(),
                machine.osVersion(), machine.osArch(), pinning.device());
    }

    /**
     * {@return whether {@code other} names the same host and the same device (both the default one, or one UUID)}
     *
     * @param other the other fingerprint
     */
    public boolean sameDeviceAs(MachineFingerprint other) {
        if (!host.equals(other.host)) {
            return false;
        }
        if (device == null || other.device == null) {
            return device == other.device;
        }
        return device.uuid() != null ? device.uuid().equals(other.device.uuid())
                : device.vendor() == other.device.vendor() && device.index() == other.device.index();
    }

    /** {@return e.g. {@code gpu-node-3, NVIDIA H100 80GB HBM3 (GPU-…, driver 550.54.15)}, for reports} */
    public String describe() {
        if (device == null) {
            return host + ", " + (cpuModel == null ? cpuCount + " CPUs" : cpuModel + " x " + cpuCount);
        }
        return host + ", " + device.name() + " (" + (device.uuid() == null ? "index " + device.index() : device.uuid())
                + (device.driverVersion() == null ? "" : ", driver " + device.driverVersion()) + ")";
    }

    /** {@return the fingerprint as an indented JSON object} */
    public String toJson() {
        return JSON.writeValueAsString(this);
    }

    /**
     * Reads a fingerprint that {@link #toJson()} wrote.
     *
     * @param json the JSON object
     * @return the fingerprint
     * @throws IllegalArgumentException when it is not such an object, with Jackson's reason
     */
    public static MachineFingerprint fromJson(String json) {
        try {
            return JSON.readValue(json, MachineFingerprint.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Not a machine fingerprint: " + e.getOriginalMessage(), e);
        }
    }

    /** The kernel's host name where Linux has it (no DNS look-up), else the JVM's. */
    static String hostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: ask the JVM
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
