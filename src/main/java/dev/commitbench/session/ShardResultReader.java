package dev.commitbench.session;

import dev.commitbench.Commit;
import dev.commitbench.RunFailure;
import dev.commitbench.Summary;
import dev.commitbench.internal.JsonValues;
import dev.commitbench.scale.Device;
import dev.commitbench.scale.MachineFingerprint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code ShardResultReader} is used by {@link ShardResult#read} to turn one {@code shard.json} into a
 * {@link ShardResult} token by token, without a tree of the file or a data-bound {@link MachineFingerprint} between:
 * a merge reads a thousand of them in a fresh JVM, where building the trees and binding the fingerprints cost four
 * times the parsing (docs/benchmarks.md, "Merge").
 *
 * <p>Properties it does not know are skipped; the {@code "format"} is checked once the file is read, wherever it
 * stands. Not thread-safe: one reader per file.
 */
final class ShardResultReader {

    private final ObjectMapper json;
    private final JsonParser parser;
    private final Path file;
    private final Path base;

    private String format;
    private String planId;
    private int shard = -1;
    private String optimumBenchmarkVersion;
    private String error;
    private final List<ShardResult.PointResult> points = new ArrayList<>();

    private ShardResultReader(ObjectMapper json, String text, Path file, Path base) {
        this.json = json;
        this.parser = json.createParser(text);
        this.file = file;
        this.base = base;
    }

    /**
     * Reads {@code text}, the content of {@code file}.
     *
     * @param json the mapper that wrote it (for a metric whose value is an object or a list)
     * @param text the file's content
     * @param file the file, for messages
     * @param base the absolute, normalized folder the run directories are resolved against
     * @return the result
     * @throws tools.jackson.core.JacksonException when the text is not JSON, or a value is not of its property's type
     * @throws IllegalArgumentException when it is JSON but not a shard's result
     */
    static ShardResult read(ObjectMapper json, String text, Path file, Path base) {
        ShardResultReader reader = new ShardResultReader(json, text, file, base);
        try (JsonParser parser = reader.parser) {
            parser.nextToken();
            reader.object(reader::root);
            if (parser.nextToken() != null) {
                throw reader.notAShardResult("text follows the object");
            }
        }
        if (!ShardResult.FORMAT.equals(reader.format)) {
            throw new IllegalArgumentException(file + " is not a commitbench shard result (its \"format\" is not "
                    + ShardResult.FORMAT + "): give the folders commitbench run-shard --out wrote");
        }
        if (reader.planId == null || reader.shard < 0) {
            throw reader.notAShardResult("it names no " + (reader.planId == null ? "\"plan\"" : "\"shard\""));
        }
        return new ShardResult(reader.planId, reader.shard, reader.points, reader.optimumBenchmarkVersion,
                reader.error);
    }

    private void root(String name) {
        switch (name) {
            case "format" -> format = text();
            case "plan" -> planId = text();
            case "shard" -> shard = parser.getIntValue();
            case "optimumBenchmarkVersion" -> optimumBenchmarkVersion = text();
            case "error" -> error = text();
            case "points" -> array(() -> points.add(point()));
            default -> parser.skipChildren();
        }
    }

    private ShardResult.PointResult point() {
        var point = new Object() {
            int index = -1;
            String label;
            MachineFingerprint machine;
            final List<Summary> summaries = new ArrayList<>();
            final List<RunFailure> failures = new ArrayList<>();
        };
        object(name -> {
            switch (name) {
                case "index" -> point.index = parser.getIntValue();
                case "label" -> point.label = text();
                case "machine" -> point.machine = machine();
                case "summaries" -> array(() -> point.summaries.add(summary()));
                case "failures" -> array(() -> point.failures.add(failure()));
                default -> parser.skipChildren();
            }
        });
        if (point.index < 0 || point.label == null || point.machine == null) {
            throw notAShardResult("a point has no " + (point.index < 0 ? "\"index\""
                    : point.label == null ? "\"label\"" : "\"machine\""));
        }
        return new ShardResult.PointResult(point.index, point.label, point.machine, point.summaries, point.failures);
    }

    private Summary summary() {
        var summary = new Object() {
            String model;
            String commit;
            String config;
            int round;
            String runDirectory;
            final Map<String, Object> metrics = new LinkedHashMap<>();
            final Map<String, List<Double>> samples = new LinkedHashMap<>();
            final Map<String, String> units = new LinkedHashMap<>();
        };
        object(name -> {
            switch (name) {
                case "model" -> summary.model = text();
                case "commit" -> summary.commit = text();
                case "config" -> summary.config = text();
                case "round" -> summary.round = parser.getIntValue();
                case "runDirectory" -> summary.runDirectory = text();
                case "metrics" -> object(metric -> summary.metrics.put(metric, metricValue()));
                case "samples" -> object(metric -> {
                    List<Double> values = new ArrayList<>();
                    array(() -> values.add(parser.getDoubleValue()));
                    summary.samples.put(metric, values);
                });
                case "units" -> object(metric -> summary.units.put(metric, text()));
                default -> parser.skipChildren();
            }
        });
        if (summary.model == null || summary.commit == null || summary.config == null) {
            throw notAShardResult("a summary has no " + (summary.model == null ? "\"model\""
                    : summary.commit == null ? "\"commit\"" : "\"config\""));
        }
        return new Summary(summary.model, summary.commit, summary.config, summary.metrics, summary.samples,
                summary.units, summary.round, absolute(summary.runDirectory));
    }

    private RunFailure failure() {
        Map<String, Object> fields = new LinkedHashMap<>();
        object(name -> fields.put(name, name.equals("round") ? (Object) parser.getIntValue() : text()));
        return new RunFailure(new Commit((String) fields.get("commit"), (String) fields.get("label")),
                (String) fields.get("point"), (Integer) fields.getOrDefault("round", 0),
                absolute((String) fields.get("runDirectory")), (String) fields.get("message"));
    }

    private MachineFingerprint machine() {
        var machine = new Object() {
            String host;
            String cpuModel;
            int cpuCount;
            String osName;
            String osVersion;
            String osArch;
            Device device;
        };
        object(name -> {
            switch (name) {
                case "host" -> machine.host = text();
                case "cpuModel" -> machine.cpuModel = text();
                case "cpuCount" -> machine.cpuCount = parser.getIntValue();
                case "osName" -> machine.osName = text();
                case "osVersion" -> machine.osVersion = text();
                case "osArch" -> machine.osArch = text();
                case "device" -> machine.device = parser.currentToken() == JsonToken.VALUE_NULL ? null : device();
                default -> parser.skipChildren();
            }
        });
        if (machine.host == null) {
            throw notAShardResult("a point's machine has no \"host\"");
        }
        return new MachineFingerprint(machine.host, machine.cpuModel, machine.cpuCount, machine.osName,
                machine.osVersion, machine.osArch, machine.device);
    }

    private Device device() {
        var device = new Object() {
            String vendor;
            int index;
            String uuid;
            String name;
            String driverVersion;
            long memoryMiB;
        };
        object(name -> {
            switch (name) {
                case "vendor" -> device.vendor = text();
                case "index" -> device.index = parser.getIntValue();
                case "uuid" -> device.uuid = text();
                case "name" -> device.name = text();
                case "driverVersion" -> device.driverVersion = text();
                case "memoryMiB" -> device.memoryMiB = parser.getLongValue();
                default -> parser.skipChildren();
            }
        });
        Device.Vendor vendor;
        try {
            vendor = Device.Vendor.valueOf(String.valueOf(device.vendor));
        } catch (IllegalArgumentException e) {
            throw notAShardResult("a device's \"vendor\" is " + device.vendor + ", not one of "
                    + List.of(Device.Vendor.values()));
        }
        if (device.name == null) {
            throw notAShardResult("a device has no \"name\"");
        }
        return new Device(vendor, device.index, device.uuid, device.name, device.driverVersion, device.memoryMiB);
    }

    /** A metric's value as the summarizer gives it: Double, Long or BigInteger, Boolean, String, null, or a container. */
    private Object metricValue() {
        return switch (parser.currentToken()) {
            case VALUE_NULL -> null;
            case START_OBJECT, START_ARRAY -> json.convertValue(parser.readValueAsTree(), Object.class);
            default -> JsonValues.scalar(parser);
        };
    }

    /** The current value as text: {@code null} for JSON's null. */
    private String text() {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token.isStructStart()) {
            throw notAShardResult("\"" + parser.currentName() + "\" is an object or a list, not a value");
        }
        return parser.getString();
    }

    /** Reads the object the parser is at, calling {@code property} at each property's value (which it consumes). */
    private void object(Property property) {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw notAShardResult(where() + "is not an object");
        }
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            property.value(name);
        }
    }

    /** Reads the list the parser is at, calling {@code element} at each element (which it consumes). */
    private void array(Runnable element) {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw notAShardResult(where() + "is not a list");
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            element.run();
        }
    }

    private String where() {
        String name = parser.currentName();
        return name == null ? "the file " : "\"" + name + "\" ";
    }

    private IllegalArgumentException notAShardResult(String why) {
        return new IllegalArgumentException(file + " is not a commitbench shard result (" + why + "): give the folders"
                + " commitbench run-shard --out wrote, and run a shard again whose file was changed");
    }

    /** {@code relative} resolved against the base. */
    private String absolute(String relative) {
        if (relative == null || relative.isEmpty()) {
            return base.toString();
        }
        Path path = Path.of(relative);
        return path.isAbsolute() ? relative : base.resolve(path).normalize().toString();
    }

    /** What to do at one property's value. */
    @FunctionalInterface
    private interface Property {
        void value(String name);
    }
}
