package dev.commitbench.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Verifies {@link MachineFingerprint}: what it records of this machine, its JSON, and when two name one device. */
class MachineFingerprintTests {

    private static final Device H100 = DeviceDiscovery.parseNvidiaSmi(SmiStubs.FOUR_H100).get(1);

    @Test
    void thisMachineIsRecordedWithTheDeviceOfItsPinning() throws Exception {
        MachineFingerprint cpu = MachineFingerprint.of(Pinning.none());
        MachineFingerprint gpu = MachineFingerprint.of(H100.pinning());

        Path hostname = Path.of("/proc/sys/kernel/hostname");
        if (Files.isReadable(hostname)) {
            assertThat(cpu.host()).isEqualTo(Files.readString(hostname).strip());
        }
        assertThat(cpu.host()).isNotBlank();
        assertThat(cpu.cpuCount()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(cpu.osName()).isEqualTo(System.getProperty("os.name"));
        assertThat(cpu.osArch()).isEqualTo(System.getProperty("os.arch"));
        assertThat(cpu.device()).isNull();
        assertThat(gpu.device()).isEqualTo(H100);
        assertThat(gpu.describe()).isEqualTo(gpu.host() + ", NVIDIA H100 80GB HBM3"
                + " (GPU-0e3f6a2b-7c81-4d95-b2e0-5a1f9c3d7e64, driver 550.54.15)");
    }

    @Test
    void itRoundTripsThroughJson() {
        MachineFingerprint gpu = new MachineFingerprint("gpu-node-3", "AMD EPYC 9654 96-Core Processor", 192, "Linux",
                "5.15.0-105-generic", "amd64", H100);
        MachineFingerprint cpu = new MachineFingerprint("laptop", null, 8, "Mac OS X", "14.4", "aarch64", null);

        assertThat(MachineFingerprint.fromJson(gpu.toJson())).isEqualTo(gpu);
        assertThat(MachineFingerprint.fromJson(cpu.toJson())).isEqualTo(cpu);
        assertThat(gpu.toJson()).isEqualTo("""
                {
                  "host" : "gpu-node-3",
                  "cpuModel" : "AMD EPYC 9654 96-Core Processor",
                  "cpuCount" : 192,
                  "osName" : "Linux",
                  "osVersion" : "5.15.0-105-generic",
                  "osArch" : "amd64",
                  "device" : {
                    "vendor" : "NVIDIA",
                    "index" : 1,
                    "uuid" : "GPU-0e3f6a2b-7c81-4d95-b2e0-5a1f9c3d7e64",
                    "name" : "NVIDIA H100 80GB HBM3",
                    "driverVersion" : "550.54.15",
                    "memoryMiB" : 81559
                  }
                }""");
        assertThat(cpu.toJson()).contains("\"cpuModel\" : null", "\"device\" : null");
    }

    @Test
    void somethingElseIsNotAFingerprint() {
        assertThatThrownBy(() -> MachineFingerprint.fromJson("{\"host\": 3, \"device\": []}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Not a machine fingerprint: ");
        assertThatThrownBy(() -> MachineFingerprint.fromJson("[1, 2]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Not a machine fingerprint: ");
    }

    @Test
    void sameDeviceMeansSameHostAndSameGpu() {
        MachineFingerprint a = new MachineFingerprint("node-1", "cpu", 8, "Linux", "6", "amd64", H100);
        Device other = DeviceDiscovery.parseNvidiaSmi(SmiStubs.FOUR_H100).get(2);

        assertThat(a.sameDeviceAs(new MachineFingerprint("node-1", "cpu", 8, "Linux", "6.1", "amd64", H100))).isTrue();
        assertThat(a.sameDeviceAs(new MachineFingerprint("node-2", "cpu", 8, "Linux", "6", "amd64", H100))).isFalse();
        assertThat(a.sameDeviceAs(new MachineFingerprint("node-1", "cpu", 8, "Linux", "6", "amd64", other))).isFalse();
        assertThat(a.sameDeviceAs(new MachineFingerprint("node-1", "cpu", 8, "Linux", "6", "amd64", null))).isFalse();
        MachineFingerprint cpu = new MachineFingerprint("node-1", "cpu", 8, "Linux", "6", "amd64", null);
        assertThat(cpu.sameDeviceAs(new MachineFingerprint("node-1", "cpu", 8, "Linux", "6", "amd64", null))).isTrue();
    }
}
