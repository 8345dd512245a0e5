package dev.commitbench.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code PinLog} is used by the tests of {@code --devices} and {@code devices} to read the log a benchmark command
 * writes, one line per run: {@code <size> <CUDA_VISIBLE_DEVICES> <CUDA_DEVICE_ORDER> <${device}>}, for points
 * {@code size=1} to {@code size=N}.
 */
public final class PinLog {

    private PinLog() {
    }

    /**
     * Asserts that every run was pinned ({@code CUDA_VISIBLE_DEVICES} is {@code ${device}}, in PCI bus order), that
     * every run of a point ran on one device, and that the points shared {@code devices} devices.
     *
     * @param lines the log's lines
     * @param points the number of points ({@code size=1} to {@code size=points})
     * @param devices how many devices the points shared
     * @return each point's device, by size
     */
    public static Map<Integer, String> assertPinned(List<String> lines, int points, int devices) {
        for (String line : lines) {
            String[] words = line.split(" ");
            assertThat(words).hasSize(4);
            assertThat(words[1]).as("CUDA_VISIBLE_DEVICES is ${device}: " + line).isEqualTo(words[3]);
            assertThat(words[2]).isEqualTo("PCI_BUS_ID");
        }
        Map<Integer, String> device = new LinkedHashMap<>();
        for (int size = 1; size <= points; size++) {
            String prefix = size + " ";
            List<String> used = lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.split(" ")[1]).distinct()
                    .toList();
            assertThat(used).as("point size=" + size + " ran on one device").hasSize(1);
            device.put(size, used.get(0));
        }
        assertThat(device.values().stream().distinct()).as("the points share the devices").hasSize(devices);
        return device;
    }
}
