package dev.commitbench.hub;

import static dev.commitbench.hub.HubUploaderTests.REPO;
import static dev.commitbench.hub.HubUploaderTests.randomBytes;
import static dev.commitbench.hub.HubUploaderTests.runFolder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commitbench.hub.HubTestServer.Fault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifies that the token never appears in anything an upload produces, even when it fails. */
class HubTokenLeakTests {

    private final String token = "hf_" + UUID.randomUUID().toString().replace("-", "");

    @TempDir
    Path temp;

    @Test
    void the_token_appears_in_no_message_stack_trace_log_output_or_file() throws IOException {
        List<String> outputs = new ArrayList<>();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        Path home = temp.resolve("home");
        Files.createDirectories(home.resolve(".cache/huggingface"));
        Files.writeString(home.resolve(".cache/huggingface/token"), token);
        try (HubTestServer server = HubTestServer.start(token); HubTestServer wrong = HubTestServer.start("hf_other")) {
            server.createRepo(REPO).lfsThreshold(2048).multipart(6000, 2500)
                    .inject(Fault.on("POST", "/preupload/").status(429, "{}").header("Retry-After", "1"))
                    .inject(Fault.on("POST", "/preupload/").reset())
                    .inject(Fault.on("POST", "/commit/").status(500, "{}"))
                    .inject(Fault.on("PUT", "/__s3part/").status(503, "{}"));
            wrong.createRepo(REPO);
            HubUploader uploader = new HubUploader(System.err::println, Duration.ofMillis(1), Duration.ofSeconds(10),
                    duration -> { });
            Path run = runFolder(temp);
            Files.write(run.resolve("huge.dat"), randomBytes(7000, 8));
            Files.write(run.resolve("big.json"), randomBytes(3000, 9));
            Map<String, String> env = Map.of("HF_ENDPOINT", server.endpoint());

            outputs.add(uploader.upload(UploadRequest.builder(REPO, run).fromEnvironment(null, env, home).build()).toString());
            outputs.add(new HubUploader().upload(UploadRequest.builder(REPO, run).fromEnvironment(null, env, home)
                    .createRepo(true).build()).toString());
            for (UploadRequest.Builder failing : List.of(
                    UploadRequest.builder(REPO, run).fromEnvironment(token, Map.of("HF_ENDPOINT", wrong.endpoint()), home),
                    UploadRequest.builder("tester/missing", run).fromEnvironment(null, env, home),
                    UploadRequest.builder(REPO, run).fromEnvironment(null, env, home).revision("nope"))) {
                UploadRequest request = failing.build();
                outputs.add(request.toString());
                try {
                    uploader.upload(request);
                } catch (HubException e) {
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    outputs.add(trace.toString());
                }
                outputs.add(uploader.upload(failing.warnOnly(true).build()).toString());
            }
            server.inject(Fault.on("POST", "/preupload/").status(400, "{\"error\":\"Bad token " + token + "\"}"));
            outputs.add(uploader.upload(UploadRequest.builder(REPO, run).fromEnvironment(null, env, home)
                    .warnOnly(true).pathInRepo("echo").build()).toString());
            server.readOnly(true);
            outputs.add(uploader.upload(UploadRequest.builder(REPO, run).fromEnvironment(null, env, home)
                    .warnOnly(true).pathInRepo("again").build()).toString());
            server.files(REPO, "main").values().forEach(bytes -> outputs.add(new String(bytes, StandardCharsets.ISO_8859_1)));
            for (HubTestServer.Recorded recorded : server.requests()) {
                outputs.add(recorded.rawPath() + "?" + recorded.query() + " " + recorded.text());
                recorded.headers().forEach((name, values) -> {
                    if (!name.equals("authorization")) {
                        outputs.add(name + ": " + values);
                    }
                });
            }
            assertThat(server.requests()).filteredOn(r -> r.header("authorization").isPresent())
                    .allSatisfy(r -> assertThat(r.rawPath()).doesNotStartWith("/__s3").doesNotContain("complete_multipart"));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        outputs.add(captured.toString(StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.walk(temp)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.endsWith("token")).toList()) {
                outputs.add(file + " " + new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }

        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("Retrying", "Committed", "WARNING: ",
                "rejected the token from argument", "does not exist", "Bad token ****");
        assertThat(outputs).hasSizeGreaterThan(30).noneMatch(output -> output.contains(token))
                .noneMatch(output -> output.contains(token.substring(3)));
    }
}
