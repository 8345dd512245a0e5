package dev.commitbench.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ConformanceCases} is used to read and run the conformance cases of {@code src/test/resources/conformance/}:
 * optimum-benchmark command lines and what the real optimum-benchmark did with them, recorded by
 * {@link RealEngineConformanceTests} (the argv, its exit code, the files it wrote, the overrides Hydra recorded,
 * and for a failure its stderr). {@link FakeEngineConformanceTests} holds the fake engine to the same.
 *
 * <p>A case's argv may name {@code <CONFIG_DIR>} (the cases' {@code config/}) and {@code <TEMP>} (a plain temporary
 * folder holding {@code models/tiny-gpt2 n_layer=2,n_embd=64}, the model); the run writes into {@code <TEMP>/out},
 * and everything recorded names {@code <TEMP>} again. A case with {@code "ignoreStderr": true} records no stderr (a
 * Python traceback names the machine's paths).
 */
final class ConformanceCases {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** The model folder inside {@code <TEMP>}: a space, {@code =} and {@code ,} in its name. */
    static final String MODEL = "models/tiny-gpt2 n_layer=2,n_embd=64";

    private ConformanceCases() {
    }

    /** A case: its folder name and {@code case.json}. */
    record Case(String name, Path file, ObjectNode json) {

        @Override
        public String toString() {
            return name;
        }

        List<String> argv(Path temp, Path configDir) {
            List<String> argv = new ArrayList<>();
            json.path("argv").forEach(a -> argv.add(a.asString().replace("<CONFIG_DIR>", configDir.toString())
                    .replace("<TEMP>", temp.toString())));
            return argv;
        }

        boolean recorded() {
            return json.has("exitCode");
        }

        /** What the real engine did, as recorded. */
        Observed expected() {
            Map<String, String> overrides = new TreeMap<>();
            json.path("overrides").properties().forEach(e -> overrides.put(e.getKey(), e.getValue().asString()));
            List<String> files = new ArrayList<>();
            json.path("files").forEach(f -> files.add(f.asString()));
            return new Observed(json.path("exitCode").asInt(), json.path("stderr").isString()
                    ? json.path("stderr").asString() : null, files, overrides);
        }
    }

    /**
     * What one run did, {@code <TEMP>} in place of the temporary folder: its exit code, its stderr when it failed,
     * the files under {@code <TEMP>/out} and the content of each {@code .hydra/overrides.yaml}.
     */
    record Observed(int exitCode, String stderr, List<String> files, Map<String, String> overrides) {
    }

    /** The cases' folder in the test resources. */
    static Path root() {
        try {
            return Path.of(ConformanceCases.class.getResource("/conformance").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Case> all() {
        try (Stream<Path> dirs = Files.list(root())) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("case.json"))).sorted().map(d -> {
                JsonNode json = JSON.readTree(d.resolve("case.json").toFile());
                return new Case(d.getFileName().toString(), d.resolve("case.json"), (ObjectNode) json);
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code executable} with the case's argv in {@code <TEMP>/cwd} and observes what it did. */
    static Observed run(List<String> executable, Case c, Path temp, Map<String, String> environment)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(executable);
        command.addAll(c.argv(temp, root().resolve("config")));
        Path stderr = temp.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(Files.createDirectories(temp.resolve("cwd")).toFile())
                .redirectOutput(temp.resolve("stdout.txt").toFile()).redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("FAKE_OB_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IllegalStateException(c + " did not finish in 10 minutes");
        }
        String prefix = temp.toString();
        Path out = temp.resolve("out");
        List<String> files = new ArrayList<>();
        Map<String, String> overrides = new TreeMap<>();
        if (Files.isDirectory(out)) {
            try (Stream<Path> walk = Files.walk(out)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    String relative = out.relativize(file).toString().replace(prefix, "<TEMP>");
                    files.add(relative);
                    if (relative.endsWith(".hydra/overrides.yaml")) {
                        overrides.put(relative, Files.readString(file).replace(prefix, "<TEMP>"));
                    }
                }
            }
        }
        files.sort(null);
        int exitCode = process.exitValue();
        boolean withStderr = exitCode != 0 && !c.json().path("ignoreStderr").asBoolean(false);
        return new Observed(exitCode, withStderr
                ? withoutTemp(Files.readString(stderr, StandardCharsets.UTF_8), prefix) : null, files, overrides);
    }

    /**
     * {@code text} with {@code <TEMP>} in place of the temporary folder, and a caret line (Hydra's pointer under
     * the character it rejects) moved left by what that shortened the line above it.
     */
    static String withoutTemp(String text, String temp) {
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (i > 0 && line.matches(" *\\^")) {
                int caret = line.length() - 1;
                int shift = 0;
                for (int at = lines[i - 1].indexOf(temp); at >= 0 && at < caret; at = lines[i - 1].indexOf(temp, at + 1)) {
                    shift += temp.length() - "<TEMP>".length();
                }
                line = " ".repeat(caret - shift) + "^";
            }
            out.append(i > 0 ? "\n" : "").append(line.replace(temp, "<TEMP>"));
        }
        return out.toString();
    }

    /** Writes what a run did into the case's file under {@code src/test/resources} (record mode). */
    static void record(Case c, Observed observed, Path sourceRoot) throws IOException {
        ObjectNode json = JSON.createObjectNode();
        for (String input : List.of("what", "ignoreStderr", "argv")) {
            if (c.json().has(input)) {
                json.set(input, c.json().get(input));
            }
        }
        json.put("exitCode", observed.exitCode());
        if (observed.stderr() != null) {
            json.put("stderr", observed.stderr());
        }
        json.putArray("files").addAll(observed.files().stream().map(f -> (JsonNode) json.stringNode(f)).toList());
        ObjectNode overrides = json.putObject("overrides");
        observed.overrides().forEach(overrides::put);
        Files.writeString(sourceRoot.resolve(c.name()).resolve("case.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
    }
}
