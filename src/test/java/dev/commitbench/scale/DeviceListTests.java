package dev.commitbench.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Verifies {@link DeviceList}: what {@code --devices} accepts, and that a device that does not exist is named. */
class DeviceListTests {

    private static final Discovery FOUR = new Discovery(DeviceDiscovery.parseNvidiaSmi(SmiStubs.FOUR_H100),
            "nvidia-smi", List.of());
    private static final Discovery NONE = new Discovery(List.of(), null, List.of("nvidia-smi is not on the PATH",
            "rocm-smi is not on the PATH"));

    @Test
    void indicesAreParsedInTheOrderGiven() {
        DeviceList list = DeviceList.parse("--devices", " 2, 0 ,3");

        assertThat(list.ids()).containsExactly("2", "0", "3");
        assertThat(list.isAuto()).isFalse();
        assertThat(list.isDefault()).isFalse();
        assertThat(list).hasToString("2,0,3").isEqualTo(DeviceList.parse("--devices", "2,0,3"));
        assertThat(list.select(FOUR)).extracting(Device::index).containsExactly(2, 0, 3);
    }

    @Test
    void autoIsEveryDeviceFoundAndNoneOnACpuMachine() {
        assertThat(DeviceList.parse("--devices", "AUTO")).isSameAs(DeviceList.AUTO).hasToString("auto");
        assertThat(DeviceList.AUTO.select(FOUR)).isEqualTo(FOUR.devices());
        assertThat(DeviceList.AUTO.select(NONE)).isEmpty();
        assertThat(DeviceList.DEFAULT.isDefault()).isTrue();
        assertThat(DeviceList.DEFAULT.select(FOUR)).isEmpty();
    }

    @Test
    void aDeviceIsFoundByItsUuidToo() {
        assertThat(DeviceList.parse("--devices", "GPU-9C2D4B6E-1a3f-4e58-8d07-2b6c9e1f4a85,0").select(FOUR))
                .extracting(Device::index).containsExactly(2, 0);
        assertThat(DeviceList.parse("--devices", "007").ids()).containsExactly("7");
    }

    @Test
    void aDeviceThatDoesNotExistIsNamedWithTheDevicesFound() {
        assertThatThrownBy(() -> DeviceList.parse("--devices", "0,4").select(FOUR)).isInstanceOf(DeviceException.class)
                .hasMessage("Device [4] does not exist on this machine: nvidia-smi found 4 devices:"
                        + " 0 (NVIDIA H100 80GB HBM3, GPU-5b9a1c7e-3f4d-8e2a-91b6-0c7d4e8f2a13),"
                        + " 1 (NVIDIA H100 80GB HBM3, GPU-0e3f6a2b-7c81-4d95-b2e0-5a1f9c3d7e64),"
                        + " 2 (NVIDIA H100 80GB HBM3, GPU-9c2d4b6e-1a3f-4e58-8d07-2b6c9e1f4a85),"
                        + " 3 (NVIDIA H100 80GB HBM3, GPU-71e8a3c5-6b2d-49f0-a3c1-8e5d2f7b9c06)."
                        + " Name devices by these indices or UUIDs, or give 'auto' for all of them.");
    }

    @Test
    void aDeviceOnAMachineWithoutGpusSaysWhyNoneWasFound() {
        assertThatThrownBy(() -> DeviceList.parse("--devices", "0").select(NONE)).isInstanceOf(DeviceException.class)
                .hasMessage("Device [0] does not exist on this machine: no GPU found (nvidia-smi is not on the PATH;"
                        + " rocm-smi is not on the PATH). Leave the devices out to run on the default device, or run"
                        + " where the GPU is.");
    }

    @Test
    void badListsAreRefusedWithWhatIsExpected() {
        String expected = " Give 'auto' (every GPU nvidia-smi or rocm-smi lists) or device indices separated by"
                + " commas, e.g. --devices 0,1,2,3.";
        assertThatThrownBy(() -> DeviceList.parse("--devices", " ")).hasMessage("--devices is empty." + expected);
        assertThatThrownBy(() -> DeviceList.parse("--devices", "0,,1"))
                .hasMessage("--devices [0,,1] has an empty entry." + expected);
        assertThatThrownBy(() -> DeviceList.parse("--devices", "0,gpu1")).hasMessage("--devices [0,gpu1] names [gpu1],"
                + " which is neither a device index nor a device UUID." + expected);
        assertThatThrownBy(() -> DeviceList.parse("--devices", "-1")).hasMessage("--devices [-1] names [-1], which is"
                + " neither a device index nor a device UUID." + expected);
        assertThatThrownBy(() -> DeviceList.parse("--devices", "1,01")).hasMessage("--devices [1,01] names device [01]"
                + " twice: each device runs one worker, so name it once.");
        assertThatThrownBy(() -> DeviceList.parse("commitbench.devices", "auto,0")).hasMessage("commitbench.devices"
                + " [auto,0] names [auto], which is neither a device index nor a device UUID. Give 'auto' (every GPU"
                + " nvidia-smi or rocm-smi lists) or device indices separated by commas, e.g. commitbench.devices"
                + " 0,1,2,3.");
    }

    @Test
    void eachDeviceIsPinnedByEnvironmentForCommandsAndByOverrideForOptimumBenchmark() {
        Device nvidia = FOUR.devices().get(2);
        Device amd = DeviceDiscovery.parseRocmSmi(SmiStubs.TWO_MI300X).get(1);

        assertThat(nvidia.pinning().environment()).containsExactly(java.util.Map.entry("CUDA_DEVICE_ORDER", "PCI_BUS_ID"),
                java.util.Map.entry("CUDA_VISIBLE_DEVICES", "2"));
        assertThat(nvidia.pinning().optimumBenchmarkOverrides()).containsExactly("backend.device_ids=2");
        assertThat(nvidia.pinning().placeholders()).containsExactly(java.util.Map.entry("device", "2"));
        assertThat(amd.pinning().environment()).containsExactly(java.util.Map.entry("HIP_VISIBLE_DEVICES", "1"));
        assertThat(amd.pinning().optimumBenchmarkOverrides()).containsExactly("backend.device_ids=1");
        assertThat(Pinning.none().environment()).isEmpty();
        assertThat(Pinning.none().optimumBenchmarkOverrides()).isEmpty();
        assertThat(Pinning.none().placeholders()).containsExactly(java.util.Map.entry("device", ""));
        assertThat(Pinning.none().describe()).isEqualTo("the default device");
    }
}
