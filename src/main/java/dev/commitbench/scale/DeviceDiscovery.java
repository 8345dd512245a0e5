package dev.commitbench.scale;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.internal.Shutdown;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code DeviceDiscovery} is used to find this machine's GPUs for {@code --devices auto}: it asks
 * {@code nvidia-smi} ({@link #NVIDIA_SMI}) and, when that lists none, {@code rocm-smi} ({@link #ROCM_SMI}), each
 * found on the {@code PATH} and given at most {@link #TIMEOUT}. A machine without either tool (a CPU machine) has
 * no devices, which is not an error: the work then runs on the default device. A tool that is there but fails
 * (no driver loaded, {@code No devices were found}) lists nothing either; its message is kept in the
 * {@link Discovery#notes()}. Thread-safe.
 *
 * <p>Do not use: this class is internal to commitbench and may change at any time.
 */
@API(status = INTERNAL, since = "0.1")
public final class DeviceDiscovery {

    /** How long each tool may take before it is killed and counts as having listed nothing. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The NVIDIA query: one {@code index, uuid, name, driver_version, memory.total} line per GPU. */
    public static final List<String> NVIDIA_SMI = List.of("nvidia-smi",
            "--query-gpu=index,uuid,name,driver_version,memory.total", "--format=csv,noheader");

    /** The AMD query: product name, unique id, driver version and VRAM size per card, as JSON. */
    public static final List<String> ROCM_SMI = List.of("rocm-smi", "--showproductname", "--showuniqueid",
            "--showdriverversion", "--showmeminfo", "vram", "--json");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CARD = Pattern.compile("card(\\d+)");
    private static final Pattern MIB = Pattern.compile("(\\d+)\\s*MiB");

    private final Commands commands;
    private final Duration timeout;

    /** Discovers with the JVM's environment (its {@code PATH}). */
    public DeviceDiscovery() {
        this(Map.of(), TIMEOUT);
    }

    /**
     * Discovers with the JVM's environment with some variables replaced.
     *
     * @param environment variables that replace the JVM's own, e.g. {@code PATH}
     * @param timeout     how long each tool may take
     */
    public DeviceDiscovery(Map<String, String> environment, Duration timeout) {
        this.commands = new Commands(environment);
        this.timeout = timeout;
    }

    /** {@return the devices {@code nvidia-smi}, else {@code rocm-smi}, lists; none on a machine without them} */
    public Discovery discover() {
        List<String> notes = new ArrayList<>();
        List<Device> nvidia = query(NVIDIA_SMI, DeviceDiscovery::parseNvidiaSmi, notes);
        if (!nvidia.isEmpty()) {
            return new Discovery(nvidia, "nvidia-smi", notes);
        }
        List<Device> amd = query(ROCM_SMI, DeviceDiscovery::parseRocmSmi, notes);
        if (!amd.isEmpty()) {
            return new Discovery(amd, "rocm-smi", notes);
        }
        return new Discovery(List.of(), null, notes);
    }

    private interface Parser {
        List<Device> parse(String output);
    }

    private List<Device> query(List<String> command, Parser parser, List<String> notes) {
        String tool = command.get(0);
        if (commands.find(tool).isEmpty()) {
            notes.add(tool + " is not on the PATH");
            return List.of();
        }
        Commands.Result result;
        try {
            result = commands.run(command, Path.of("").toAbsolutePath(), timeout);
        } catch (IOException e) {
            notes.add(tool + " could not be started: " + e.getMessage());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            notes.add(tool + " was interrupted");
            return List.of();
        }
        if (result.timedOut()) {
            notes.add(tool + " did not answer within " + Commands.seconds(timeout) + " and was stopped");
            return List.of();
        }
        if (result.exitCode() != 0) {
            String said = result.errorText(3).replace('\n', ' ');
            notes.add(tool + " failed (exit code " + result.exitCode() + (Shutdown.inProgress() ? ", the JVM is exiting"
                    : "") + (said.isEmpty() ? "" : ": " + said) + ")");
            return List.of();
        }
        try {
            List<Device> devices = parser.parse(result.stdout());
            if (devices.isEmpty()) {
                notes.add(tool + " listed no device");
            }
            return devices;
        } catch (IllegalArgumentException e) {
            notes.add(tool + " printed what commitbench cannot read (" + e.getMessage() + ")");
            return List.of();
        }
    }

    /**
     * Reads {@link #NVIDIA_SMI}'s output: one {@code index, uuid, name, driver_version, memory.total} line per GPU,
     * e.g. {@code 0, GPU-8b3c2f1e-…, NVIDIA H100 80GB HBM3, 550.54.15, 81559 MiB}; a name may hold commas, and
     * {@code [N/A]} means unknown.
     *
     * @param output the standard output
     * @return the devices in the output's order
     * @throws IllegalArgumentException for a line of another shape, naming it
     */
    static List<Device> parseNvidiaSmi(String output) {
        List<Device> devices = new ArrayList<>();
        for (String line : output.strip().split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",");
            if (fields.length < 5) {
                throw new IllegalArgumentException("expected 'index, uuid, name, driver_version, memory.total' but"
                        + " got [" + line + "]");
            }
            int index;
            try {
                index = Integer.parseInt(fields[0].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the index of [" + line + "] is not a number", e);
            }
            int n = fields.length;
            String name = String.join(",", java.util.Arrays.copyOfRange(fields, 2, n - 2)).strip();
            Matcher memory = MIB.matcher(fields[n - 1]);
            devices.add(new Device(Device.Vendor.NVIDIA, index, known(fields[1]), name, known(fields[n - 2]),
                    memory.find() ? Long.parseLong(memory.group(1)) : -1));
        }
        return devices;
    }

    /**
     * Reads {@link #ROCM_SMI}'s output: a JSON object with a {@code cardN} object per GPU ({@code Card series} or
     * {@code Card Series}, {@code Unique ID}, {@code VRAM Total Memory (B)}) and a {@code system} object with the
     * {@code Driver version}; lines before the JSON (warnings) are skipped.
     *
     * @param output the standard output
     * @return the devices by card number
     * @throws IllegalArgumentException when there is no JSON object, naming the output
     */
    static List<Device> parseRocmSmi(String output) {
        int start = output.indexOf('{');
        int end = output.lastIndexOf('}');
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("no JSON object in [" + output.strip() + "]");
        }
        JsonNode root;
        try {
            root = JSON.readTree(output.substring(start, end + 1));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        String driver = known(text(root.path("system"), "driver version"));
        List<Device> devices = new ArrayList<>();
        for (Map.Entry<String, JsonNode> card : root.properties()) {
            Matcher number = CARD.matcher(card.getKey());
            if (!number.matches()) {
                continue;
            }
            JsonNode fields = card.getValue();
            String name = known(text(fields, "card series"));
            if (name == null) {
                name = known(text(fields, "device name"));
            }
            String bytes = known(text(fields, "vram total memory (b)"));
            long mib = -1;
            if (bytes != null && bytes.matches("\\d+")) {
                mib = Long.parseLong(bytes) / (1024 * 1024);
            }
            devices.add(new Device(Device.Vendor.AMD, Integer.parseInt(number.group(1)),
                    known(text(fields, "unique id")), name == null ? "AMD GPU" : name, driver, mib));
        }
        devices.sort(java.util.Comparator.comparingInt(Device::index));
        return devices;
    }

    /** The text of the field whose name equals {@code key} ignoring case (rocm-smi's capitals vary by version). */
    private static String text(JsonNode object, String key) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().strip().toLowerCase(Locale.ROOT).equals(key)) {
                return field.getValue().asString();
            }
        }
        return null;
    }

    /** The value stripped, or {@code null} for what the tools print for "unknown". */
    private static String known(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        return v.isEmpty() || v.equals("[N/A]") || v.equals("N/A") || v.equals("[Not Supported]") ? null : v;
    }
}
