package dev.commitbench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.testing.ProcessTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies {@link DeviceDiscovery} with stand-ins for {@code nvidia-smi} and {@code rocm-smi} on a {@code PATH} of
 * the test's own ({@link SmiStubs}: the real tools' output formats, and only for the exact query): what each lists,
 * a machine without either tool, the tools' failures, and a tool that hangs.
 */
class DeviceDiscoveryTests {

    @TempDir
    Path bin;

    private Discovery discover() {
        return new DeviceDiscovery(Map.of("PATH", bin.toString()), Duration.ofSeconds(5)).discover();
    }

    @Test
    void nvidiaSmiListsEveryGpuWithIndexUuidNameDriverAndMemory() throws Exception {
        SmiStubs.nvidiaSmi(bin, SmiStubs.FOUR_H100);

        Discovery discovery = discover();

        assertThat(discovery.tool()).isEqualTo("nvidia-smi");
        assertThat(discovery.notes()).isEmpty();
        assertThat(discovery.devices()).hasSize(4).first().isEqualTo(new Device(Device.Vendor.NVIDIA, 0,
                "GPU-5b9a1c7e-3f4d-8e2a-91b6-0c7d4e8f2a13", "NVIDIA H100 80GB HBM3", "550.54.15", 81559));
        assertThat(discovery.devices()).extracting(Device::index).containsExactly(0, 1, 2, 3);
        assertThat(discovery.describe()).isEqualTo("nvidia-smi found 4 devices:"
                + " 0 (NVIDIA H100 80GB HBM3, GPU-5b9a1c7e-3f4d-8e2a-91b6-0c7d4e8f2a13),"
                + " 1 (NVIDIA H100 80GB HBM3, GPU-0e3f6a2b-7c81-4d95-b2e0-5a1f9c3d7e64),"
                + " 2 (NVIDIA H100 80GB HBM3, GPU-9c2d4b6e-1a3f-4e58-8d07-2b6c9e1f4a85),"
                + " 3 (NVIDIA H100 80GB HBM3, GPU-71e8a3c5-6b2d-49f0-a3c1-8e5d2f7b9c06)");
    }

    @Test
    void theRealNvidiaSmisAnswerOnAnH200IsRead() throws Exception {
        SmiStubs.nvidiaSmi(bin, SmiStubs.ONE_H200);

        assertThat(discover().devices()).containsExactly(new Device(Device.Vendor.NVIDIA, 0,
                "GPU-bb9bf972-63ca-5457-a0e5-590ef7efbf75", "NVIDIA H200", "580.159.04", 143771));
    }

    @Test
    void aNameWithCommasAndUnknownValuesAreRead() {
        List<Device> devices = DeviceDiscovery.parseNvidiaSmi(
                "0, GPU-1d2e3f40-0000-1111-2222-333344445555, Tesla T4, Some, Edition, [N/A], [N/A]\n");

        assertThat(devices).containsExactly(new Device(Device.Vendor.NVIDIA, 0,
                "GPU-1d2e3f40-0000-1111-2222-333344445555", "Tesla T4, Some, Edition", null, -1));
    }

    @Test
    void rocmSmiListsAmdGpusWhenThereIsNoNvidiaSmi() throws Exception {
        SmiStubs.rocmSmi(bin, "WARNING: AMD GPU device(s) is/are in a low-power state. Check power control/runtime_status\n"
                + SmiStubs.TWO_MI300X);

        Discovery discovery = discover();

        assertThat(discovery.tool()).isEqualTo("rocm-smi");
        assertThat(discovery.notes()).containsExactly("nvidia-smi is not on the PATH");
        assertThat(discovery.devices()).containsExactly(
                new Device(Device.Vendor.AMD, 0, "0x18e5b27e4c2a9f31", "AMD Instinct MI300X", "6.7.0", 196592),
                new Device(Device.Vendor.AMD, 1, "0x52a0c9d3e7b1f864", "AMD Instinct MI300X", "6.7.0", 196592));
    }

    @Test
    void olderRocmSmiNamesTheSeriesInLowerCase() {
        List<Device> devices = DeviceDiscovery.parseRocmSmi("{\"card0\": {\"Card series\": \"Radeon Instinct MI100\","
                + " \"Unique ID\": \"N/A\"}, \"system\": {\"Driver version\": \"5.13.20\"}}");

        assertThat(devices).containsExactly(new Device(Device.Vendor.AMD, 0, null, "Radeon Instinct MI100", "5.13.20",
                -1));
    }

    @Test
    void aCpuMachineHasNoDevicesAndSaysWhy() {
        Discovery discovery = discover();

        assertThat(discovery.devices()).isEmpty();
        assertThat(discovery.tool()).isNull();
        assertThat(discovery.describe()).isEqualTo("no GPU found (nvidia-smi is not on the PATH; rocm-smi is not on"
                + " the PATH)");
    }

    @Test
    void nvidiaSmiWithoutADriverListsNothingAndItsMessageIsKept() throws Exception {
        SmiStubs.nvidiaSmiFailing(bin, "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."
                + " Make sure that the latest NVIDIA driver is installed and running.", 9);

        Discovery discovery = discover();

        assertThat(discovery.devices()).isEmpty();
        assertThat(discovery.notes()).containsExactly("nvidia-smi failed (exit code 9: NVIDIA-SMI has failed because"
                + " it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is"
                + " installed and running.)", "rocm-smi is not on the PATH");
    }

    @Test
    void noDevicesFoundIsNoDevice() throws Exception {
        SmiStubs.nvidiaSmiFailing(bin, "No devices were found", 6);

        assertThat(discover().describe()).isEqualTo("no GPU found (nvidia-smi failed (exit code 6: No devices were"
                + " found); rocm-smi is not on the PATH)");
    }

    @Test
    void aHangingToolIsStoppedAndCountsAsListingNothing() throws Exception {
        SmiStubs.hanging(bin, "nvidia-smi");

        Discovery discovery = new DeviceDiscovery(Map.of("PATH", bin.toString()), Duration.ofMillis(500)).discover();

        assertThat(discovery.devices()).isEmpty();
        assertThat(discovery.notes()).first().isEqualTo("nvidia-smi did not answer within 0.5 s and was stopped");
    }

    @Test
    void outputOfAnotherShapeIsANoteNamingTheLine() throws Exception {
        SmiStubs.nvidiaSmi(bin, "index, uuid\n");

        assertThat(discover().notes()).first().isEqualTo("nvidia-smi printed what commitbench cannot read (expected"
                + " 'index, uuid, name, driver_version, memory.total' but got [index, uuid])");
    }

    @Test
    void aDifferentQueryGetsTheRealToolsComplaint() throws Exception {
        // the stand-ins answer only the exact query: this guards the stubs themselves
        SmiStubs.nvidiaSmi(bin, SmiStubs.FOUR_H100);
        Process other = new ProcessBuilder(bin.resolve("nvidia-smi").toString(), "--bogus-flag").start();
        assertThat(new String(other.getInputStream().readAllBytes())).isEqualTo("ERROR: Option --bogus-flag is not"
                + " recognized. Please run 'nvidia-smi -h'.\n\n");
        assertThat(other.waitFor()).isEqualTo(255);
    }

    @Test
    void describeMachinePrintsTheDevicesTheirPinningAndFingerprints() throws Exception {
        SmiStubs.nvidiaSmi(bin, SmiStubs.FOUR_H100);
        var out = new java.io.ByteArrayOutputStream();

        int exit = DescribeMachine.describe(new DeviceDiscovery(Map.of("PATH", bin.toString()), Duration.ofSeconds(5)),
                "1,3", new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));

        String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(text).startsWith("discovery: nvidia-smi found 4 devices: ")
                .contains("devices 1,3: 2 workers\n"
                        + "worker 1: device 1 (NVIDIA H100 80GB HBM3, GPU-0e3f6a2b-7c81-4d95-b2e0-5a1f9c3d7e64)\n"
                        + "  environment: CUDA_DEVICE_ORDER=PCI_BUS_ID CUDA_VISIBLE_DEVICES=1\n"
                        + "  optimum-benchmark: backend.device_ids=1\n"
                        + "  fingerprint: {\n",
                        "\"uuid\" : \"GPU-71e8a3c5-6b2d-49f0-a3c1-8e5d2f7b9c06\"");
    }

    @Test
    void describeMachineNamesAMissingDeviceAndExits2() throws Exception {
        SmiStubs.nvidiaSmi(bin, SmiStubs.FOUR_H100.lines().limit(1).toList().get(0));
        var out = new java.io.ByteArrayOutputStream();

        int exit = DescribeMachine.describe(new DeviceDiscovery(Map.of("PATH", bin.toString()), Duration.ofSeconds(5)),
                "0,7", new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).endsWith("Device [7] does not exist on this"
                + " machine: nvidia-smi found 1 device: 0 (NVIDIA H100 80GB HBM3,"
                + " GPU-5b9a1c7e-3f4d-8e2a-91b6-0c7d4e8f2a13). Name devices by these indices or UUIDs, or give 'auto'"
                + " for all of them.\n");
        assertThat(Files.list(bin)).hasSize(1);
    }

    @Test
    void noToolIsLeftRunningAfterATimeout() throws Exception {
        SmiStubs.hanging(bin, "rocm-smi");

        Discovery discovery = new DeviceDiscovery(Map.of("PATH", bin.toString()), Duration.ofMillis(300)).discover();

        assertThat(discovery.notes()).containsExactly("nvidia-smi is not on the PATH",
                "rocm-smi did not answer within 0.3 s and was stopped");
        assertThat(ProcessTable.stillRuns("/bin/sleep 60", Duration.ofSeconds(5))).as("the hanging tool runs").isFalse();
    }
}
