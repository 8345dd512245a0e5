package dev.commitbench.session;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.RunFailure;
import dev.commitbench.Summary;
import dev.commitbench.scale.MachineFingerprint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.apiguardian.api.API;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ShardResult} is used to carry what one shard measured from the machine that ran it to the one that merges:
 * {@code commitbench run-shard} writes it as {@code shard.json} into the shard's folder, beside the run directories.
 * It records the plan's id, the shard's index, and per point the machine and device it ran on
 * ({@link MachineFingerprint}), its runs' summaries (samples included, run directories relative to the shard's
 * folder) and its failed runs. Numbers round-trip exactly (NaN included).
 *
 * <p>Do not use: this type is internal to commitbench and may change at any time.
 *
 * @param planId the id of the plan the shard ran ({@link ShardPlan#id()})
 * @param shard the shard's index
 * @param points what each of the shard's points measured, in plan order
 * @param optimumBenchmarkVersion the optimum-benchmark version the reports record, or {@code null}
 * @param error why the shard stopped before its end (an engine that cannot run), or {@code null}
 */
@API(status = INTERNAL, since = "0.1")
public record ShardResult(String planId, int shard, List<PointResult> points, String optimumBenchmarkVersion,
        String error) {

    /** The file {@code commitbench run-shard} writes into the shard's folder. */
    public static final String FILE = "shard.json";

    /** The format's name and version. */
    public static final String FORMAT = "commitbench-shard/1";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /**
     * Copies the list.
     *
     * @param planId the plan's id
     * @param shard the shard's index
     * @param points what each point measured
     * @param optimumBenchmarkVersion optimum-benchmark's version, or {@code null}
     * @param error why the shard stopped early, or {@code null}
     */
    public ShardResult {
        points = List.copyOf(points);
    }

    /**
     * What one point measured on one machine and device.
     *
     * @param index the point's place in the plan
     * @param label the point's label ({@link SweepPoint#label()})
     * @param machine where every run of the point ran
     * @param summaries the point's runs' summaries, in run order
     * @param failures the point's failed runs
     */
    @API(status = INTERNAL, since = "0.1")
    public record PointResult(int index, String label, MachineFingerprint machine, List<Summary> summaries,
            List<RunFailure> failures) {

        /**
         * Copies the lists.
         *
         * @param index the point's place in the plan
         * @param label the point's label
         * @param machine where it ran
         * @param summaries its runs' summaries
         * @param failures its failed runs
         */
        public PointResult {
            summaries = List.copyOf(summaries);
            failures = List.copyOf(failures);
        }
    }

    /**
     * Writes {@code shard.json} into {@code folder}; run directories under it are written relative to it.
     *
     * @param folder the shard's folder
     * @return the file
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public Path write(Path folder) {
        Function<String, String> relative = dir -> relativize(folder, dir);
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("plan", planId);
        root.put("shard", shard);
        root.put("optimumBenchmarkVersion", optimumBenchmarkVersion);
        root.put("error", error);
        ArrayNode pointArray = root.putArray("points");
        for (PointResult point : points) {
            ObjectNode p = pointArray.addObject();
            p.put("index", point.index());
            p.put("label", point.label());
            p.set("machine", JSON.readTree(point.machine().toJson()));
            ArrayNode summaries = p.putArray("summaries");
            point.summaries().forEach(s -> summaries.add(summary(s, relative)));
            ArrayNode failures = p.putArray("failures");
            point.failures().forEach(f -> failures.addObject().put("commit", f.commit().sha())
                    .put("label", f.commit().label()).put("point", f.point()).put("round", f.round())
                    .put("runDirectory", relative.apply(f.runDirectory())).put("message", f.message()));
        }
        Path file = folder.resolve(FILE);
        try {
            Files.createDirectories(folder);
            Files.writeString(file, JSON.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a shard's {@code shard.json}, with its run directories under {@code runFolder} (where the merge puts them).
     *
     * @param folder the shard's folder
     * @param runFolder the folder the run directories are made relative to (the merged run folder)
     * @return the result
     * @throws IllegalArgumentException when the file is there but not a shard's result
     * @throws UncheckedIOException when it cannot be read (a missing file is {@link java.nio.file.NoSuchFileException})
     */
    public static ShardResult read(Path folder, Path runFolder) {
        Path base = runFolder.toAbsolutePath().normalize(); // once: a shard's result names thousands of run folders
        Path file = folder.resolve(FILE);
        try {
            return ShardResultReader.read(JSON, Files.readString(file, StandardCharsets.UTF_8), file, base);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + " is not JSON (" + e.getOriginalMessage() + "): the shard did not"
                    + " finish writing it; run the shard again", e);
        }
    }

    /** {@return whether every run of the shard succeeded and it ran to its end} */
    public boolean succeeded() {
        return error == null && points.stream().allMatch(p -> p.failures().isEmpty());
    }

    private static ObjectNode summary(Summary s, Function<String, String> relative) {
        ObjectNode node = JSON.createObjectNode();
        node.put("model", s.model());
        node.put("commit", s.commit());
        node.put("config", s.config());
        node.set("metrics", JSON.valueToTree(s.metrics()));
        node.set("samples", JSON.valueToTree(s.samples()));
        node.set("units", JSON.valueToTree(s.units()));
        node.put("round", s.round());
        node.put("runDirectory", relative.apply(s.runDirectory()));
        return node;
    }

    private static String relativize(Path folder, String directory) {
        if (directory == null || directory.isEmpty()) {
            return "";
        }
        Path dir = Path.of(directory).toAbsolutePath().normalize();
        Path base = folder.toAbsolutePath().normalize();
        return dir.startsWith(base) ? base.relativize(dir).toString().replace('\\', '/') : directory;
    }
}
