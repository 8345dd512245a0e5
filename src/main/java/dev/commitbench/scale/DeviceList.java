package dev.commitbench.scale;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * {@code DeviceList} is used to hold the value of {@code --devices} ({@code devices} /
 * {@code commitbench.devices} in JUnit): which devices the points run on, one worker per device.
 * <ul>
 *   <li>{@code 0,1,2,3}: those devices, by {@code nvidia-smi}'s (or {@code rocm-smi}'s) index or by UUID
 *       ({@code GPU-…}), each at most once; each must exist on this machine;</li>
 *   <li>{@code auto}: every device {@link DeviceDiscovery} finds; none on a CPU machine;</li>
 *   <li>{@link #DEFAULT} (the option left out): no device named, the points run one after the other on the
 *       machine's default device.</li>
 * </ul>
 * {@link #select(Discovery)} turns it into the devices to use, checking that each named one exists.
 *
 * <p>Do not use: this type is internal to commitbench and may change at any time.
 */
@API(status = INTERNAL, since = "0.1")
public final class DeviceList {

    /** The word for every device found. */
    public static final String AUTO_WORD = "auto";

    /** No device named: sequential on the default device. */
    public static final DeviceList DEFAULT = new DeviceList(false, List.of());

    /** Every device found. */
    public static final DeviceList AUTO = new DeviceList(true, List.of());

    private final boolean auto;
    private final List<String> ids;

    private DeviceList(boolean auto, List<String> ids) {
        this.auto = auto;
        this.ids = List.copyOf(ids);
    }

    /**
     * Parses {@code auto} or a comma-separated list of device indices or UUIDs ({@code "0,1, 2"},
     * {@code "GPU-8b3c…"}).
     *
     * @param option the option's name, for messages (e.g. {@code --devices})
     * @param value  the value
     * @return the list
     * @throws DeviceException when it is blank, has an empty or negative entry, a word that is neither an index nor
     *                         a UUID, or an entry twice; the message names the value and says what is expected
     */
    public static DeviceList parse(String option, String value) {
        String expected = "Give 'auto' (every GPU nvidia-smi or rocm-smi lists) or device indices separated by commas,"
                + " e.g. " + option + " 0,1,2,3.";
        if (value == null || value.isBlank()) {
            throw new DeviceException(option + " is empty. " + expected);
        }
        if (value.strip().toLowerCase(Locale.ROOT).equals(AUTO_WORD)) {
            return AUTO;
        }
        List<String> ids = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String part : value.split(",", -1)) {
            String id = part.strip();
            if (id.isEmpty()) {
                throw new DeviceException(option + " [" + value + "] has an empty entry. " + expected);
            }
            if (!id.matches("\\d+") && !id.matches("(?i)(GPU|MIG)-[0-9a-f-]+|0x[0-9a-f]+")) {
                throw new DeviceException(option + " [" + value + "] names [" + id + "], which is neither a device index"
                        + " nor a device UUID. " + expected);
            }
            String key = id.matches("\\d+") ? Integer.toString(Integer.parseInt(id)) : id;
            if (!seen.add(key.toLowerCase(Locale.ROOT))) {
                throw new DeviceException(option + " [" + value + "] names device [" + id + "] twice: each device runs"
                        + " one worker, so name it once.");
            }
            ids.add(key);
        }
        return new DeviceList(false, ids);
    }

    /** {@return whether every device found is meant} */
    public boolean isAuto() {
        return auto;
    }

    /** {@return whether no device is named (the points run on the default device)} */
    public boolean isDefault() {
        return !auto && ids.isEmpty();
    }

    /** {@return the named ids in the order given; empty for {@code auto} and the default} */
    public List<String> ids() {
        return ids;
    }

    /**
     * {@return the devices to run on, in the order given ({@code auto}: the tool's order); empty means sequential on
     * the default device}
     *
     * @param discovery what this machine has
     * @throws DeviceException when a named device does not exist: the message names it and the devices found (or
     *                         why none were), and says what to do
     */
    public List<Device> select(Discovery discovery) {
        if (auto) {
            return discovery.devices();
        }
        List<Device> selected = new ArrayList<>();
        for (String id : ids) {
            Optional<Device> device = discovery.devices().stream()
                    .filter(d -> d.id().equals(id) || d.uuid() != null && d.uuid().equalsIgnoreCase(id))
                    .findFirst();
            if (device.isEmpty()) {
                throw new DeviceException("Device [" + id + "] does not exist on this machine: "
                        + discovery.describe() + ". "
                        + (discovery.devices().isEmpty()
                                ? "Leave the devices out to run on the default device, or run where the GPU is."
                                : "Name devices by these indices or UUIDs, or give 'auto' for all of them."));
            }
            selected.add(device.get());
        }
        return selected;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeviceList that && auto == that.auto && ids.equals(that.ids);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(auto) * 31 + ids.hashCode();
    }

    /** {@return the value as {@code --devices} takes it: {@code auto}, {@code 0,1}, or empty for the default} */
    @Override
    public String toString() {
        return auto ? AUTO_WORD : ids.stream().collect(Collectors.joining(","));
    }
}
