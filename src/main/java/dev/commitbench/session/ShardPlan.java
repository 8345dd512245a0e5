package dev.commitbench.session;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.Commit;
import dev.commitbench.InconclusivePolicy;
import dev.commitbench.git.CheckoutMode;
import dev.commitbench.git.CommitResolver;
import dev.commitbench.git.PlannedCommits;
import dev.commitbench.git.Resolution;
import dev.commitbench.stats.Direction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apiguardian.api.API;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ShardPlan} is used to run one plan on several machines: {@code commitbench plan} writes it as
 * {@code plan.json}, {@code commitbench run-shard} runs one shard of it in any checkout of the same repository, and
 * {@code commitbench merge} merges the shards into one run folder.
 *
 * <p>It fixes everything a run decides up front: the commits resolved to full SHAs (with their labels), the sweep
 * points, the rounds, the seed and every setting of the analysis, and which shard runs which point. Points are the
 * unit of placement: a shard is a set of whole points (point {@code i} goes to shard {@code i mod N}), so every
 * comparison is made within one machine and one device. It holds no path of the machine it was made on (no
 * repository, output or workspace folder), and it names the repository by the root commits of the planned history,
 * the same in every clone.
 *
 * <p>It is content-addressed: its {@link #id()} is the SHA-256 of its content, written into the file and checked
 * when the file is read, so an edited plan is refused, and a shard records the id of the plan it ran.
 *
 * <p>Do not use: this class is internal to commitbench and may change at any time. Immutable.
 */
@API(status = INTERNAL, since = "0.1")
public final class ShardPlan {

    /** The file name {@code commitbench plan} writes. */
    public static final String FILE = "plan.json";

    /** The format's name and version, the first member of the file. */
    public static final String FORMAT = "commitbench-plan/1";

    static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();
    private static final JsonMapper COMPACT = JsonMapper.builder().build();

    private final String id;
    private final int shards;
    private final List<String> roots;
    private final List<Commit> commits;
    private final List<SweepPoint> points;
    private final List<Integer> assignment;
    private final ObjectNode settings;

    private ShardPlan(String id, int shards, List<String> roots, List<Commit> commits, List<SweepPoint> points,
            List<Integer> assignment, ObjectNode settings) {
        this.id = id;
        this.shards = shards;
        this.roots = List.copyOf(roots);
        this.commits = List.copyOf(commits);
        this.points = List.copyOf(points);
        this.assignment = List.copyOf(assignment);
        this.settings = settings;
    }

    /**
     * Makes the plan of {@code plan} in {@code shards} shards: validates it, resolves its commits in its repository
     * and assigns its points to the shards.
     *
     * @param plan what to run (its repository, output and workspace folders stay out of the plan)
     * @param shards the number of shards: at least 1, at most the number of points (a point is never split)
     * @return the plan
     * @throws IllegalArgumentException naming a setting a plan cannot hold, or a shard count that does not fit
     * @throws dev.commitbench.git.GitException when a commit cannot be resolved
     */
    public static ShardPlan of(BenchmarkPlan plan, int shards) {
                if (shards < 1) {
            throw new IllegalArgumentException("--shards must be at least 1 but was [" + shards + "]");
        }
        if (shards > plan.points().size()) {
            throw new IllegalArgumentException("--shards " + shards + " is more than the plan's " + plan.points().size()
                    + (plan.points().size() == 1 ? " point" : " points") + ": a point (all its commits and rounds) runs"
                    + " on one machine and one device and is never split, so give at most " + plan.points().size()
                    + " shards, or sweep over more values");
        }
        if (PlanValidator.namesWorkingTree(plan.commits())) {
            throw new IllegalArgumentException("'commits' " + plan.commits() + " names WORKTREE, the uncommitted"
                    + " changes of this checkout, which another machine cannot check out. Commit the changes (and push"
                    + " them) and name the commit instead");
        }
        if (plan.workspaces().mode() == CheckoutMode.IN_PLACE) {
            throw new IllegalArgumentException("in-place checkout cannot be planned: each shard runs in a worktree of"
                    + " its own checkout. Leave out --in-place");
        }
        if (plan.engine().configDir() != null && Path.of(plan.engine().configDir()).isAbsolute()) {
            throw new IllegalArgumentException("--config-dir [" + plan.engine().configDir() + "] is an absolute path, which"
                    + " names a folder of this machine only. Give it relative to the repository root, so that every"
                    + " machine finds it in its checkout");
        }
        Resolution resolution;
        try (CommitResolver resolver = CommitResolver.open(plan.repository())) {
            resolution = resolver.resolve(plan.commits(), plan.base());
        }
        List<Commit> commits = resolution.commits();
        List<String> roots = PlannedCommits.roots(plan.repository(), commits.stream().map(Commit::sha).toList());
        List<Integer> assignment = IntStream.range(0, plan.points().size()).map(i -> i % shards).boxed().toList();
        return create(shards, roots, commits, plan.points(), assignment, settings(plan));
    }

    private static ShardPlan create(int shards, List<String> roots, List<Commit> commits, List<SweepPoint> points,
            List<Integer> assignment, ObjectNode settings) {
        ShardPlan unaddressed = new ShardPlan(null, shards, roots, commits, points, assignment, settings);
        return new ShardPlan(hash(unaddressed.content()), shards, roots, commits, points, assignment, settings);
    }

    /** {@return the plan's id: {@code sha256:} and the SHA-256 of its content} */
    public String id() {
        return id;
    }

    /** {@return the number of shards} */
    public int shards() {
        return shards;
    }

    /** {@return the resolved commits, baseline first, with the labels they were given} */
    public List<Commit> commits() {
        return commits;
    }

    /** {@return every point of the plan, in plan order} */
    public List<SweepPoint> points() {
        return points;
    }

    /** {@return the root commits of the planned history (empty when planned in a shallow clone)} */
    public List<String> roots() {
        return roots;
    }

    /**
     * {@return the shard that runs the point at {@code index}}
     *
     * @param index the point's place in the plan
     */
    public int shardOf(int index) {
        return assignment.get(index);
    }

    /**
     * {@return the points of {@code shard}, in plan order}
     *
     * @param shard the shard's index
     * @throws IllegalArgumentException when there is no such shard
     */
    public List<SweepPoint> pointsOf(int shard) {
        requireShard(shard);
        return IntStream.range(0, points.size()).filter(i -> assignment.get(i) == shard).mapToObj(points::get).toList();
    }

    /**
     * Checks a shard index.
     *
     * @param shard the index
     * @throws IllegalArgumentException naming it and the shards there are
     */
    public void requireShard(int shard) {
        if (shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("--shard " + shard + " is out of range: the plan " + shortId() + " has "
                    + shards + (shards == 1 ? " shard, numbered 0" : " shards, numbered 0 to " + (shards - 1)));
        }
    }

    /** {@return the first 12 hex digits of the id, for messages} */
    public String shortId() {
        return id.substring("sha256:".length(), "sha256:".length() + 12);
    }

    /** {@return the GitHub Actions matrix of the shards: {@code {"shard":[0,1,...,N-1]}}} */
    public String matrix() {
        return IntStream.range(0, shards).mapToObj(Integer::toString).collect(Collectors.joining(",", "{\"shard\":[",
                "]}"));
    }

    /**
     * {@return the plan to run in a checkout: its settings, its commits as SHAs, every point (so that each point's
     * run folder and round order are those of a single-machine run)}
     *
     * @param repository a directory in the checkout
     * @param outputDir the run folder (used as it is)
     */
    public BenchmarkPlan toPlan(Path repository, Path outputDir) {
        ObjectNode s = settings;
        PlanBuilder plan = BenchmarkPlan.builder()
                .repository(repository)
                .commits(commits.stream().map(Commit::sha).toList())
                .base(s.get("base").asString())
                .engine(s.get("engine").asString())
                .executable(strings(s.get("executable")))
                .command(strings(s.get("command")))
                .configDir(text(s.get("configDir")))
                .configFromCheckout(s.get("configFromCheckout").asBoolean())
                .configName(text(s.get("configName")))
                .metrics(strings(s.get("metrics")))
                .points(points)
                .extraArgs(strings(s.get("extraArgs")))
                .rounds(s.get("rounds").asInt())
                .maxRounds(s.get("maxRounds").asInt())
                .thresholdPercent(s.get("thresholdPercent").asDouble())
                .confidence(s.get("confidence").asDouble())
                .order(BenchmarkPlan.RoundOrder.valueOf(s.get("order").asString()))
                .seed(s.get("seed").asLong())
                .warmups(s.get("warmups").asInt())
                .iterations(s.get("iterations").asInt())
                .checkout(CheckoutMode.WORKTREE)
                .setup(text(s.get("setup")))
                .environment(stringMap(s.get("environment")))
                .timeout(Duration.ofMillis(s.get("timeoutMillis").asLong()))
                .outputDir(outputDir)
                .ensureEmpty(false)
                .inconclusive(InconclusivePolicy.valueOf(s.get("inconclusive").asString()))
                .probableRegression(InconclusivePolicy.valueOf(s.get("probableRegression").asString()))
                .pointDirectories(OutputSettings.PointDirectories.valueOf(s.get("pointDirectories").asString()))
                .reportFormats(formats(s.get("reportFormats")))
                .directions(Direction.overrides(strings(s.get("directions"))))
                .expandMetrics(s.get("expandMetrics").asBoolean());
        return plan.build();
    }

    /**
     * {@return the plan with its commits named by their labels, as a single-machine run's {@code commitbench.json}
     * records it}
     *
     * @param plan the plan {@link #toPlan} made
     */
    Map<String, Object> asMap(BenchmarkPlan plan) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("plan", id);
        map.put("shards", shards);
        // a shard plan names no machine's folders: no repository, no config dirs
        Map<String, Object> record = PlanRecord.of(plan, null, commits, Map.of());
        record.remove("configDirs");
        map.putAll(record);
        return map;
    }

    /**
     * Writes {@code plan.json} into {@code directory} (created when missing).
     *
     * @param directory the folder
     * @return the file
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public Path write(Path directory) {
        Path file = directory.resolve(FILE);
        try {
            Files.createDirectories(directory);
            Files.writeString(file, JSON.writeValueAsString(withId()) + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the plan to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a {@code plan.json} and checks its id against its content.
     *
     * @param file the file
     * @return the plan
     * @throws IllegalArgumentException when the file is missing, not a plan, or was edited (its id does not match)
     */
    public static ShardPlan read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("The plan " + file + " does not exist. Make one with commitbench plan"
                    + " --shards N --out DIR (it writes DIR/plan.json)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the plan " + file + ": " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("The plan " + file + " is not JSON: " + e.getOriginalMessage(), e);
        }
        if (!(root instanceof ObjectNode object) || !FORMAT.equals(object.path("format").asString(""))) {
            throw new IllegalArgumentException("The file " + file + " is not a commitbench plan (its \"format\" is not "
                    + FORMAT + "). Give the plan.json that commitbench plan wrote");
        }
        ShardPlan plan;
        try {
            List<Commit> commits = new ArrayList<>();
            object.get("commits").forEach(c -> commits.add(new Commit(c.get("sha").asString(), c.get("label").asString())));
            List<SweepPoint> points = new ArrayList<>();
            object.get("points").forEach(p -> points.add(new SweepPoint(stringMap(p))));
            List<Integer> assignment = new ArrayList<>();
            object.get("assignment").forEach(a -> assignment.add(a.asInt()));
            plan = create(object.get("shards").asInt(), strings(object.get("roots")), commits, points, assignment,
                    (ObjectNode) object.get("settings"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The plan " + file + " is incomplete or damaged (" + e + "). Make it"
                    + " again with commitbench plan", e);
        }
        String recorded = object.path("id").asString("");
        if (!plan.id.equals(recorded)) {
            throw new IllegalArgumentException("The plan " + file + " was changed after commitbench plan wrote it: its"
                    + " content hashes to " + plan.id + " but it says " + recorded + ". Make it again with commitbench"
                    + " plan instead of editing it");
        }
        return plan;
    }

    private ObjectNode withId() {
        ObjectNode content = content();
        ObjectNode file = JSON.createObjectNode();
        file.put("format", FORMAT);
        file.put("id", id);
        content.properties().forEach(e -> {
            if (!e.getKey().equals("format")) {
                file.set(e.getKey(), e.getValue());
            }
        });
        return file;
    }

    private ObjectNode content() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("shards", shards);
        ArrayNode rootArray = root.putArray("roots");
        roots.forEach(rootArray::add);
        ArrayNode commitArray = root.putArray("commits");
        commits.forEach(c -> commitArray.addObject().put("sha", c.sha()).put("label", c.label()));
        ArrayNode pointArray = root.putArray("points");
        points.forEach(p -> {
            ObjectNode point = pointArray.addObject();
            p.values().forEach(point::put);
        });
        ArrayNode assignmentArray = root.putArray("assignment");
        assignment.forEach(assignmentArray::add);
        root.set("settings", settings.deepCopy());
        return root;
    }

    private static String hash(ObjectNode content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(COMPACT.writeValueAsString(content).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static ObjectNode settings(BenchmarkPlan plan) {
        ObjectNode s = JSON.createObjectNode();
        s.put("base", plan.base());
        s.put("engine", plan.engine().name());
        strings(s.putArray("executable"), plan.engine().executable());
        strings(s.putArray("command"), plan.engine().command());
        s.put("configDir", plan.engine().configDir());
        s.put("configFromCheckout", plan.engine().configFromCheckout());
        s.put("configName", plan.engine().configName());
        strings(s.putArray("metrics"), plan.metrics());
        strings(s.putArray("extraArgs"), plan.engine().extraArgs());
        s.put("rounds", plan.rounds());
        s.put("maxRounds", plan.maxRounds());
        s.put("thresholdPercent", plan.comparison().thresholdPercent());
        s.put("confidence", plan.comparison().confidence());
        s.put("order", plan.order().name());
        s.put("seed", plan.comparison().seed());
        s.put("warmups", plan.engine().warmups());
        s.put("iterations", plan.engine().iterations());
        s.put("setup", plan.workspaces().setupCommand());
        ObjectNode environment = s.putObject("environment");
        plan.workspaces().environment().forEach(environment::put);
        s.put("timeoutMillis", plan.engine().timeout().toMillis());
        s.put("inconclusive", plan.policies().inconclusive().name());
        s.put("probableRegression", plan.policies().probableRegression().name());
        s.put("pointDirectories", plan.output().pointDirectories().name());
        strings(s.putArray("reportFormats"), plan.output().reportFormats().stream().map(Enum::name).sorted().toList());
        strings(s.putArray("directions"), plan.comparison().directions().entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue() == Direction.HIGHER_IS_BETTER ? "higher" : "lower")).toList());
        s.put("expandMetrics", plan.output().expandMetrics());
        return s;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null) {
            array.forEach(v -> values.add(v.asString()));
        }
        return values;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }

    private static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        if (object != null) {
            object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asString()));
        }
        return map;
    }

    private static Set<OutputSettings.ReportFormat> formats(JsonNode array) {
        Set<OutputSettings.ReportFormat> formats = EnumSet.noneOf(OutputSettings.ReportFormat.class);
        strings(array).forEach(f -> formats.add(OutputSettings.ReportFormat.valueOf(f.toUpperCase(Locale.ROOT))));
        return formats;
    }
}
